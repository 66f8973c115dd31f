import { describe, expect, it } from 'vitest';
import { keepHints } from '../../scripts/kit/run/keep-hints.js';
import { parseLocalArgs } from '../../scripts/kit/run/local-args.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import { judgeImage } from '../../scripts/kit/run/run-uploads.js';

const accepted = { accepted: true as const, status: 201, key: 'images/x.jpg', outputs: ['x/thumb.jpg'], at: 0 };
const outputs = { kind: 'outputs' as const, doneAt: 1 };
const match = { name: 'default/x/thumb.jpg', comparison: { match: true, diffRatio: 0, diffPixels: 0, reason: 'same', expectedSize: { width: 1, height: 1 }, actualSize: { width: 1, height: 1 } } };
const mismatch = { ...match, comparison: { ...match.comparison, match: false, reason: '5% of pixels differ' } };

describe('verdicts of npm run local', () => {
  it('passes a good image whose outputs match the goldens, fails one that differs', () => {
    expect(judgeImage(false, accepted, outputs, [match], 'default').pass).toBe(true);
    expect(judgeImage(false, accepted, outputs, [mismatch], 'default')).toEqual({ pass: false, note: expect.stringContaining('golden mismatch: default/x/thumb.jpg (5% of pixels differ)') });
  });

  it('fails a good image in the dead-letter queue or refused by the API, and a lost upload', () => {
    expect(judgeImage(false, accepted, { kind: 'dead-letter', via: 'function', reason: 'CorruptImage: boom', doneAt: 1 }, [], 'default')).toEqual({ pass: false, note: 'CorruptImage: boom' });
    expect(judgeImage(false, { accepted: false, status: 415, message: 'UnsupportedFormat', at: 0 }, undefined, [], 'default').pass).toBe(false);
    expect(judgeImage(false, accepted, { kind: 'lost', missing: ['x/thumb.jpg'] }, [], 'default').pass).toBe(false);
  });

  it('passes a hostile image refused with a 4xx or dead-lettered; fails one that was processed or got a 5xx', () => {
    expect(judgeImage(true, { accepted: false, status: 415, message: 'UnsupportedFormat', at: 0 }, undefined, [], 'default')).toEqual({ pass: true, note: 'rejected 415: UnsupportedFormat' });
    expect(judgeImage(true, accepted, { kind: 'dead-letter', via: 'function', reason: 'corrupt', doneAt: 1 }, [], 'default').pass).toBe(true);
    expect(judgeImage(true, accepted, { kind: 'dead-letter', via: 'redrive', reason: 'corrupt', doneAt: 1 }, [], 'default')).toEqual({ pass: true, note: 'redriven after maxReceiveCount; from the logs: corrupt' });
    expect(judgeImage(true, accepted, outputs, [], 'default').pass).toBe(false);
    expect(judgeImage(true, { accepted: false, status: 502, message: 'Internal server error', at: 0 }, undefined, [], 'default').pass).toBe(false);
  });
});

describe('npm run local arguments and --keep hints', () => {
  it('defaults to the dev stack on the embedded emulator, and to the local stack on LocalStack', () => {
    expect(parseLocalArgs([])).toMatchObject({ stack: 'dev', target: 'embedded', keep: false });
    expect(parseLocalArgs(['--target', 'localstack'])).toMatchObject({ stack: 'local', target: 'localstack' });
    expect(() => parseLocalArgs(['--target', 'aws'])).toThrow(/embedded or localstack/);
  });

  it("keeps the Terraform's visibility timeout unless --visibility-timeout overrides it", () => {
    expect(parseLocalArgs([])).not.toHaveProperty('visibilityTimeoutSeconds');
    expect(parseLocalArgs(['--visibility-timeout', 'tf'])).not.toHaveProperty('visibilityTimeoutSeconds');
    expect(parseLocalArgs(['--visibility-timeout', '10'])).toMatchObject({ visibilityTimeoutSeconds: 10 });
    expect(() => parseLocalArgs(['--visibility-timeout', 'soon'])).toThrow(/whole number of seconds/);
    expect(() => parseLocalArgs(['--visibility-timeout', '1.5'])).toThrow(/whole number of seconds/);
  });

  it('prints a curl upload with the API key and aws commands against the endpoint', () => {
    const target = { name: 'embedded', uploadUrl: 'http://127.0.0.1:1234/dev/uploads', apiKey: 'k1', endpoint: 'http://127.0.0.1:999', region: 'eu-west-1', outputsBucket: 'out', uploadsBucket: 'up', dlqUrl: 'http://sqs.eu-west-1.localhost:999/000000000000/dlq' } as RunTarget;
    const [upload, outputsLs, , dlq] = keepHints(target, 'fixtures/images/photo-640x480.jpg');
    expect(upload).toContain("curl -sS -X POST 'http://127.0.0.1:1234/dev/uploads' -H 'x-api-key: k1' -H 'Content-Type: image/jpeg' --data-binary @fixtures/images/photo-640x480.jpg");
    expect(outputsLs).toContain('aws --endpoint-url http://127.0.0.1:999 --region eu-west-1 s3 ls s3://out/ --recursive');
    expect(dlq).toContain("sqs receive-message --queue-url 'http://sqs.eu-west-1.localhost:999/000000000000/dlq'");
  });
});
