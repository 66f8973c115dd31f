import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { afterStepsText, checkAfterSteps, type AfterStepsExpectations, type AfterStepsSources } from '../../scripts/kit/run/after-steps-check.js';
import type { ImageRun } from '../../scripts/kit/run/run-uploads.js';
import { renderSummaryTable, summaryRows } from '../../scripts/kit/run/summary-table.js';
import { readVerdictFile, verdictFile, writeVerdictFile } from '../../scripts/kit/run/verdict-file.js';
import type { WebhookDelivery } from '../../scripts/kit/webhooks/webhook-receiver.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const expect_: AfterStepsExpectations = { uploadsBucket: 'up', outputsBucket: 'out', triggerPrefix: 'images/', metadata: { store: 'object', prefix: 'metadata/' }, subscriptionIds: ['orders-app', 'cms'] };
const key = 'images/a/x.jpg';
const outputs = ['thumbs/a/x-200.webp'];

/** An S3 holding only `objects` (key -> body); every other key is S3's NoSuchKey. */
function s3With(objects: Record<string, string>): AfterStepsSources['s3'] {
  return {
    send: (async (command: GetObjectCommand) => {
      const body = objects[command.input.Key!];
      if (body === undefined) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
      return { Body: { transformToByteArray: async () => new Uint8Array(Buffer.from(body)) } };
    }) as never,
  };
}

const record = JSON.stringify({ source: { bucket: 'up', key }, outputs: outputs.map((k) => ({ key: k })) });
const delivery = (subscriptionId: string, verified: boolean): WebhookDelivery => ({
  subscriptionId,
  webhookId: `msg_${subscriptionId}`,
  attempt: 1,
  status: 200,
  verified,
  ...(verified ? {} : { unverifiedReason: 'signature: No matching signature found' }),
  body: '',
  payload: { data: { source: { bucket: 'up', key } } },
  headers: {},
  receivedAt: 0,
});

describe('the run view of the after-processing steps', () => {
  it('passes a processed image with its record and a verified delivery per subscriber', async () => {
    const result = await checkAfterSteps(expect_, { s3: s3With({ 'metadata/a/x.jpg.json': record }), deliveries: () => [delivery('orders-app', true), delivery('cms', true), delivery('cms', true)] }, { key, outputs, processed: true });
    expect(result.problems).toEqual([]);
    expect(afterStepsText(result)).toBe('metadata ok, webhooks 2/2 (1 duplicate by webhook-id)');
  });

  it('fails it on a missing delivery, a signature that does not verify, a record whose outputs differ', async () => {
    const other = JSON.stringify({ source: { bucket: 'up', key }, outputs: [{ key: 'thumbs/a/x-100.webp' }] });
    const result = await checkAfterSteps(expect_, { s3: s3With({ 'metadata/a/x.jpg.json': other }), deliveries: () => [delivery('orders-app', false)] }, { key, outputs, processed: true });
    expect(result.problems).toEqual([
      'metadata: the record at metadata/a/x.jpg.json lists outputs thumbs/a/x-100.webp, the upload announced thumbs/a/x-200.webp',
      'webhook orders-app: a request did not verify (signature: No matching signature found)',
      'webhook orders-app: no verified delivery (1 attempt)',
      'webhook cms: no verified delivery (0 attempts)',
    ]);
  });

  it('fails a failed image that has a record or was announced', async () => {
    const result = await checkAfterSteps(expect_, { s3: s3With({ 'metadata/a/x.jpg.json': record }), deliveries: () => [delivery('cms', true)] }, { key, outputs, processed: false });
    expect(result.problems).toEqual(['metadata: a failed image has a record (metadata/a/x.jpg.json)', 'webhook cms: a failed image was announced (1 request)']);
  });

  it('shows the steps in the table and the verdict file, and leaves both as they were for a stack without them', async () => {
    const after = await checkAfterSteps(expect_, { s3: s3With({}), deliveries: () => [] }, { key, outputs, processed: true });
    const run: ImageRun = { file: 'x.jpg', hostile: false, answer: { accepted: true, status: 201, key, outputs, at: 0 }, outcome: { kind: 'outputs', doneAt: 0 }, outputImages: [], golden: [], verdict: 'fail', pass: false, note: 'n', after };
    const { after: _omitted, ...plain } = run;
    expect(renderSummaryTable([run], 200)).toContain('after processing');
    expect(summaryRows([run])[0]?.after).toBe('metadata missing, webhooks 0/2');
    expect(renderSummaryTable([plain], 200)).not.toContain('after processing');
    const dir = await mkdtemp(join(tmpdir(), 'verdicts-'));
    try {
      await writeVerdictFile(join(dir, 'v.json'), verdictFile('embedded', 'webhooks', [run, { ...plain, file: 'y.jpg' }]));
      const read = await readVerdictFile(join(dir, 'v.json'));
      expect(read.images[0]?.after?.problems).toEqual(after.problems);
      expect(read.images[1]).not.toHaveProperty('after');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
