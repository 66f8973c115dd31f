import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureOf } from '../../scripts/kit/run/golden-check.js';
import { clearReportOutputs, ReportFolderError } from '../../scripts/kit/run/html-report.js';
import { ImagesFolderError, listImagesFolder } from '../../scripts/kit/run/image-files.js';
import { keepHints } from '../../scripts/kit/run/keep-hints.js';
import { LocalUsageError, localUsage, parseLocalArgs } from '../../scripts/kit/run/local-args.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import { judgeImage } from '../../scripts/kit/run/run-uploads.js';
import { exitCodeForSignal } from '../../scripts/kit/run/stop-signals.js';
import { fateLine } from '../../scripts/kit/run/upload-fates.js';

const fixtures = new URL('../../fixtures/images/', import.meta.url).pathname;
const accepted = { accepted: true as const, status: 201, key: 'images/x.jpg', outputs: ['x/thumb.jpg'], at: 0 };
const outputs = { kind: 'outputs' as const, doneAt: 1 };
const match = { name: 'default/x/thumb.jpg', comparison: { match: true, diffRatio: 0, diffPixels: 0, reason: 'same', expectedSize: { width: 1, height: 1 }, actualSize: { width: 1, height: 1 } } };
const mismatch = { ...match, comparison: { ...match.comparison, match: false, reason: '5% of pixels differ' } };
const good = { hostile: false, answer: accepted };
const hostile = { hostile: true, answer: accepted };

describe('verdicts of npm run local', () => {
  it('passes a good image whose outputs match the goldens, fails one that differs', () => {
    expect(judgeImage({ ...good, outcome: outputs, golden: [match], preset: 'default' })).toEqual({ verdict: 'pass', pass: true, note: '1 output match the default goldens' });
    expect(judgeImage({ ...good, outcome: outputs, golden: [mismatch] })).toEqual({ verdict: 'fail', pass: false, note: expect.stringContaining('golden mismatch: default/x/thumb.jpg (5% of pixels differ)') });
  });

  it('gives an image without goldens that reached its outputs the neutral verdict, which does not fail the run', () => {
    expect(judgeImage({ ...good, outcome: outputs, golden: [], noGolden: 'not one of the fixtures' })).toEqual({
      verdict: 'no-golden',
      pass: true,
      note: 'processed, no golden (not one of the fixtures): 1 output written, shown in the report',
    });
  });

  it('fails an image without goldens that did not reach its outputs: the neutral verdict is only for processed images', () => {
    expect(judgeImage({ ...good, outcome: { kind: 'dead-letter', via: 'function', reason: 'CorruptImage: boom', doneAt: 1 }, golden: [], noGolden: 'not one of the fixtures' })).toEqual({ verdict: 'fail', pass: false, note: 'CorruptImage: boom' });
    expect(judgeImage({ ...good, outcome: { kind: 'lost', missing: ['x/thumb.jpg'] }, golden: [], noGolden: 'not one of the fixtures' }).verdict).toBe('fail');
  });

  it('passes a good image of a format the stack leaves out when the API refuses it with 415, and only then', () => {
    const refused = { accepted: false as const, status: 415, message: 'UnsupportedFormat: webp uploads are not accepted here', at: 0 };
    const notAccepted = "the stack's trigger suffixes, .jpg .png, leave webp out";
    expect(judgeImage({ hostile: false, answer: refused, outcome: undefined, golden: [], notAccepted })).toEqual({
      verdict: 'pass',
      pass: true,
      note: `rejected 415: UnsupportedFormat: webp uploads are not accepted here (as configured: ${notAccepted})`,
    });
    expect(judgeImage({ hostile: false, answer: { ...refused, status: 422 }, outcome: undefined, golden: [], notAccepted }).pass).toBe(false);
  });

  it('fails a good image in the dead-letter queue or refused by the API, and a lost upload', () => {
    expect(judgeImage({ ...good, outcome: { kind: 'dead-letter', via: 'function', reason: 'CorruptImage: boom', doneAt: 1 }, golden: [] })).toMatchObject({ pass: false, note: 'CorruptImage: boom' });
    expect(judgeImage({ hostile: false, answer: { accepted: false, status: 415, message: 'UnsupportedFormat', at: 0 }, outcome: undefined, golden: [] }).pass).toBe(false);
    expect(judgeImage({ ...good, outcome: { kind: 'lost', missing: ['x/thumb.jpg'] }, golden: [] }).pass).toBe(false);
  });

  it('passes a hostile image refused with a 4xx or dead-lettered; fails one that was processed or got a 5xx', () => {
    expect(judgeImage({ hostile: true, answer: { accepted: false, status: 415, message: 'UnsupportedFormat', at: 0 }, outcome: undefined, golden: [] })).toEqual({ verdict: 'pass', pass: true, note: 'rejected 415: UnsupportedFormat' });
    expect(judgeImage({ ...hostile, outcome: { kind: 'dead-letter', via: 'function', reason: 'corrupt', doneAt: 1 }, golden: [] }).pass).toBe(true);
    expect(judgeImage({ ...hostile, outcome: { kind: 'dead-letter', via: 'redrive', reason: 'corrupt', doneAt: 1 }, golden: [] })).toMatchObject({ pass: true, note: 'redriven after maxReceiveCount; from the logs: corrupt' });
    expect(judgeImage({ ...hostile, outcome: outputs, golden: [], noGolden: 'not one of the fixtures' }).verdict).toBe('fail');
    expect(judgeImage({ hostile: true, answer: { accepted: false, status: 502, message: 'Internal server error', at: 0 }, outcome: undefined, golden: [] }).pass).toBe(false);
  });
});

describe('npm run local arguments', () => {
  it('defaults to the dev stack on the embedded emulator, and to the local stack on LocalStack', () => {
    expect(parseLocalArgs([])).toMatchObject({ help: false, stack: 'dev', target: 'embedded', keep: false, images: 'fixtures/images', report: 'reports/local', timeoutSeconds: 180 });
    expect(parseLocalArgs(['--target', 'localstack'])).toMatchObject({ stack: 'local', target: 'localstack' });
    expect(() => parseLocalArgs(['--target', 'aws'])).toThrow(/embedded or localstack/);
  });

  it('asks for the usage with --help or -h, whatever else is on the line', () => {
    expect(parseLocalArgs(['--help']).help).toBe(true);
    expect(parseLocalArgs(['-h', '--timeout', 'soon']).help).toBe(true);
  });

  it('refuses an unknown option, a stray argument and a timeout that is not a whole number of seconds, naming each', () => {
    expect(() => parseLocalArgs(['--imgaes', 'x'])).toThrow(LocalUsageError);
    expect(() => parseLocalArgs(['--imgaes', 'x'])).toThrow(/--imgaes/);
    expect(() => parseLocalArgs(['photos/'])).toThrow(LocalUsageError);
    expect(() => parseLocalArgs(['--timeout', 'soon'])).toThrow('--timeout must be a whole number of seconds from 1 to 86400, not soon');
    expect(() => parseLocalArgs(['--timeout', '0'])).toThrow(/--timeout/);
    expect(parseLocalArgs(['--timeout', '30']).timeoutSeconds).toBe(30);
  });

  it("keeps the Terraform's visibility timeout unless --visibility-timeout overrides it", () => {
    expect(parseLocalArgs([])).not.toHaveProperty('visibilityTimeoutSeconds');
    expect(parseLocalArgs(['--visibility-timeout', 'tf'])).not.toHaveProperty('visibilityTimeoutSeconds');
    expect(parseLocalArgs(['--visibility-timeout', '10'])).toMatchObject({ visibilityTimeoutSeconds: 10 });
    expect(() => parseLocalArgs(['--visibility-timeout', 'soon'])).toThrow(/whole number of seconds/);
    expect(() => parseLocalArgs(['--visibility-timeout', '1.5'])).toThrow(/whole number of seconds/);
  });

  it('documents every option it parses in the usage', () => {
    for (const option of ['--images', '--report', '--timeout', '--stack', '--synth', '--keep', '--visibility-timeout', '--target', '--verbose', '--help']) {
      expect(localUsage).toContain(`  ${option} `);
    }
  });
});

describe('the --images folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-images-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const folder = (name: string, files: Record<string, string | Buffer>): string => {
    const path = join(dir, name);
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(join(path, file, '..'), { recursive: true });
      writeFileSync(join(path, file), content);
    }
    mkdirSync(path, { recursive: true });
    return path;
  };

  it('is an error when it does not exist or is a file, naming it as typed', async () => {
    await expect(listImagesFolder(join(dir, 'nope'), 'my-photos')).rejects.toThrow(new ImagesFolderError('--images my-photos: no such folder'));
    await expect(listImagesFolder(join(fixtures, 'photo-640x480.jpg'), 'photo.jpg')).rejects.toThrow(/--images photo.jpg: not a folder/);
  });

  it('is an error when it holds no image, naming what it found instead', async () => {
    await expect(listImagesFolder(folder('empty', {}))).rejects.toThrow(/no image in it/);
    await expect(listImagesFolder(folder('text', { 'notes.pdf': 'hello', 'fake.jpg': 'not a jpeg' }))).rejects.toThrow(/no image in it .*not images by their content: fake\.jpg, notes\.pdf/);
  });

  it('uploads images by their content whatever their name, skips other files, and takes every file in hostile/', async () => {
    const photo = join(fixtures, 'photo-640x480.jpg');
    const path = folder('mixed', { 'IMG_0001.JPG': Buffer.from(''), 'notes.pdf': 'x', 'README.md': '# docs', 'hostile/text.png': 'not an image' });
    copyFileSync(photo, join(path, 'IMG_0001.JPG'));
    copyFileSync(join(fixtures, 'photo-800x600.webp'), join(path, 'holiday.bin'));

    const listed = await listImagesFolder(path);

    expect(listed.files.map((f) => [f.file, f.hostile])).toEqual([
      ['IMG_0001.JPG', false],
      ['holiday.bin', false],
      ['hostile/text.png', true],
    ]);
    expect(listed.skipped).toEqual(['notes.pdf']);
  });

  it('compares with goldens only an image that is a fixture: same name and same bytes', async () => {
    const path = folder('goldens', {});
    copyFileSync(join(fixtures, 'photo-640x480.jpg'), join(path, 'photo-640x480.jpg'));
    copyFileSync(join(fixtures, 'photo-640x480.jpg'), join(path, 'holiday.jpg'));
    copyFileSync(join(fixtures, 'grey-640x480.jpg'), join(path, 'photo-1920x1280.jpg'));

    expect(await fixtureOf(join(path, 'photo-640x480.jpg'))).toBe('photo-640x480.jpg');
    expect(await fixtureOf(join(path, 'holiday.jpg'))).toBeUndefined();
    expect(await fixtureOf(join(path, 'photo-1920x1280.jpg'))).toBeUndefined();
  });
});

describe('the --report folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-report-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("empties the outputs of the previous report, and refuses to touch an outputs/ that is not a report's", async () => {
    const previous = join(dir, 'previous');
    mkdirSync(join(previous, 'outputs', '2026'), { recursive: true });
    writeFileSync(join(previous, 'outputs', '2026', 'old.jpg'), 'old');
    writeFileSync(join(previous, 'index.html'), '<!doctype html><html><head><title>npm run local (embedded): 0 failing</title>');
    const pictures = join(dir, 'Pictures');
    mkdirSync(join(pictures, 'outputs'), { recursive: true });
    writeFileSync(join(pictures, 'outputs', 'mine.jpg'), 'mine');

    await clearReportOutputs(previous);
    await expect(clearReportOutputs(pictures, '~/Pictures')).rejects.toThrow(new ReportFolderError('--report ~/Pictures: outputs/ there is not from npm run local (no report of it beside); choose a new or empty folder'));

    expect(existsSync(join(previous, 'outputs'))).toBe(false);
    expect(readFileSync(join(pictures, 'outputs', 'mine.jpg'), 'utf8')).toBe('mine');
  });
});

describe('--keep', () => {
  const target = { name: 'embedded', uploadUrl: 'http://127.0.0.1:1234/dev/uploads', apiKey: 'k1', endpoint: 'http://127.0.0.1:999', region: 'eu-west-1', outputsBucket: 'out', uploadsBucket: 'up', dlqUrl: 'http://sqs.eu-west-1.localhost:999/000000000000/dlq' } as RunTarget;

  it('prints a curl upload that names the file, with the API key, and aws commands against the endpoint', () => {
    const [upload, outputsLs] = keepHints(target, 'my photos/IMG 0001.JPG');
    expect(upload).toBe("upload:       curl -sS -X POST 'http://127.0.0.1:1234/dev/uploads?filename=IMG%200001.JPG' -H 'x-api-key: k1' -H 'Content-Type: image/jpeg' --data-binary '@my photos/IMG 0001.JPG'");
    expect(outputsLs).toContain('AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url http://127.0.0.1:999 --region eu-west-1 s3 ls s3://out/ --recursive');
  });

  it('sends the Content-Type of the sample image', () => {
    expect(keepHints(target, 'logo.png')[0]).toContain("-H 'Content-Type: image/png'");
  });

  it('reads dead letters with their message attributes, where the reason is, without hiding them', () => {
    const dlq = keepHints(target, 'x.jpg')[3];
    expect(dlq).toContain("sqs receive-message --queue-url 'http://sqs.eu-west-1.localhost:999/000000000000/dlq'");
    expect(dlq).toContain('--message-attribute-names All');
    expect(dlq).toContain('--visibility-timeout 0');
  });

  it("logs an upload's fate: its outputs, the dead-letter reason, or that it was lost", () => {
    expect(fateLine('images/a.jpg', { kind: 'outputs', doneAt: 1 }, 812.4, ['a/thumb.webp', 'a/thumb.jpg'])).toBe('upload images/a.jpg: 2 outputs in 812 ms (a/thumb.webp, ...)');
    expect(fateLine('images/b.jpg', { kind: 'dead-letter', via: 'function', reason: 'CorruptImage: images/b.jpg: truncated', doneAt: 1 }, 0, [])).toBe('upload images/b.jpg: dead-lettered: CorruptImage: images/b.jpg: truncated');
    expect(fateLine('images/c.jpg', { kind: 'lost', missing: ['c/thumb.jpg'] }, 0, ['c/thumb.jpg'])).toBe('upload images/c.jpg: lost: 1 output never appeared and nothing reached the dead-letter queue');
  });

  it('exits with 128 plus the signal number, as a shell reports a process ended by it', () => {
    expect([exitCodeForSignal('SIGHUP'), exitCodeForSignal('SIGINT'), exitCodeForSignal('SIGTERM')]).toEqual([129, 130, 143]);
  });
});
