import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { drainQueue, fixtureImage, getObject, listKeys, processedCount } from './support/kit-helpers.js';
import { deleteObject, dlqName, executionsFor, output, putObject, putObjectSilently, recordInvocations } from './support/state-machine-helpers.js';

/**
 * The eventbridge trigger as `npm run synth` writes it (examples/state-machine): uploads reach the
 * default bus as S3 `Object Created` events, the uploads rule's input transformer starts an
 * execution, its Task invokes the process function; failed executions reach the DLQ through the
 * failed-executions rule; `POST /executions` starts one for a key already uploaded.
 */
describe('the state-machine stack on the embedded kit', () => {
  let kit: Kit;
  let stateDir: string;
  let uploads: string;
  let outputs: string;
  let invocations: ReturnType<typeof recordInvocations>;
  const image = fixtureImage('pixel-1x1.png');

  beforeAll(async () => {
    ensureSynth(process.cwd(), 'state-machine', { quiet: true });
    stateDir = mkdtempSync(join(tmpdir(), 'kit-sfn-'));
    kit = await startKit({
      stack: 'state-machine',
      handlerWrappers: { process: new URL('./support/misbehaving-handler.ts', import.meta.url).pathname },
      extraFunctionEnv: { KIT_TEST_STATE_DIR: stateDir },
    });
    uploads = output(kit, 'uploads_bucket_name');
    outputs = output(kit, 'outputs_bucket_name');
    invocations = recordInvocations(kit);
  });
  afterAll(async () => {
    await kit?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const startForKey = (body: string, headers: Record<string, string> = { 'x-api-key': kit.apiKey! }): Promise<Response> =>
    fetch(kit.executionsUrl!, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

  it('runs an upload through POST /uploads to a SUCCEEDED execution and its outputs', async () => {
    const reply = await fetch(kit.uploadUrl!, { method: 'POST', body: fixtureImage('photo-640x480.jpg'), headers: { 'Content-Type': 'image/jpeg', 'x-api-key': kit.apiKey!, 'X-Filename': 'first.jpg' } });
    expect(reply.status).toBe(201);
    const { key, outputs: outputKeys } = (await reply.json()) as { key: string; outputs: string[] };
    await kit.waitForIdle();

    const [execution, ...others] = executionsFor(kit, key);
    expect(others).toEqual([]);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: output(kit, 'state_machine_arn') });
    expect(JSON.parse(execution!.input)).toMatchObject({ bucket: uploads, key, size: expect.any(Number), etag: expect.any(String), versionId: null });
    expect(JSON.parse(execution!.output!)).toMatchObject({ ok: true, failed: [] });
    expect(outputKeys).toHaveLength(1);
    const stored = await sharp(await getObject(kit, outputs, outputKeys[0]!)).metadata();
    expect([stored.format, stored.width]).toEqual(['jpeg', 500]);
    expect(kit.faults.all()).toEqual([]);
  });

  it('fails the execution of a bad image with its code and reason, and the failed-executions rule puts the event in the DLQ', async () => {
    const key = 'images/not-an-image.jpg';
    await putObject(kit, uploads, key, Buffer.from('this is text, not a JPEG'));
    await kit.waitForIdle();

    const [execution] = executionsFor(kit, key);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'UnsupportedFormat' });
    expect(execution!.cause).toContain(`${key}: not a supported image`);
    const dead = await drainQueue(kit, dlqName(kit));
    expect(dead).toHaveLength(1);
    const event = JSON.parse(dead[0]!.body) as { source: string; 'detail-type': string; detail: Record<string, unknown> };
    expect([event.source, event['detail-type']]).toEqual(['aws.states', 'Step Functions Execution Status Change']);
    expect(event.detail).toMatchObject({ executionArn: execution!.executionArn, status: 'FAILED', error: 'UnsupportedFormat', cause: execution!.cause });
    expect(processedCount(kit, key)).toBe(0);
  });

  it('retries a transient error in the Task and then succeeds, with nothing in the DLQ', async () => {
    const key = 'images/transient-once.png';
    await putObject(kit, uploads, key, image);
    await kit.waitForIdle();

    expect(executionsFor(kit, key).map((e) => e.status)).toEqual(['SUCCEEDED']);
    const failedFirst = invocations.filter((i) => !i.ok && i.error?.errorMessage.startsWith(key));
    expect(failedFirst.map((i) => i.error?.errorType)).toEqual(['ObjectsFailedError']);
    expect(processedCount(kit, key)).toBe(1);
    expect(await drainQueue(kit, dlqName(kit))).toEqual([]);
  });

  it('starts nothing for an object in another bucket, a deleted object, or a key outside the prefix and suffixes', async () => {
    const before = kit.stepFunctions.listExecutions().length;
    const seen: { bucket: string; key: string; type: string; matchedRules: readonly string[] }[] = [];
    const onEvent = ({ event, matchedRules }: { event: { source: string; 'detail-type': string; detail: unknown }; matchedRules: readonly string[] }): void => {
      const detail = event.detail as { bucket?: { name: string }; object?: { key: string } };
      if (event.source === 'aws.s3') seen.push({ bucket: detail.bucket!.name, key: detail.object!.key, type: event['detail-type'], matchedRules });
    };
    kit.eventBus.on('event', onEvent);
    try {
      await putObject(kit, outputs, 'images/elsewhere.png', image);
      await putObject(kit, uploads, 'images/notes.txt', Buffer.from('text'));
      await putObject(kit, uploads, 'other/photo.png', image);
      await putObjectSilently(kit, uploads, 'images/to-delete.png', image);
      await deleteObject(kit, uploads, 'images/to-delete.png');
      await kit.waitForIdle();
    } finally {
      kit.eventBus.off('event', onEvent);
    }
    // Only the uploads bucket sends to EventBridge; its events reach the bus and match no rule.
    expect(seen).toEqual([
      { bucket: uploads, key: 'images/notes.txt', type: 'Object Created', matchedRules: [] },
      { bucket: uploads, key: 'other/photo.png', type: 'Object Created', matchedRules: [] },
      { bucket: uploads, key: 'images/to-delete.png', type: 'Object Deleted', matchedRules: [] },
    ]);
    expect(kit.stepFunctions.listExecutions().slice(before)).toEqual([]);
  });

  it.each([
    ['a space', 'images/with space.png'],
    ['a plus', 'images/a+b.png'],
    ['an apostrophe', "images/o'brien.png"],
    ['unicode', 'images/café-東京.png'],
  ])('runs a key with %s through the bucket with the key unchanged', async (_what, key) => {
    await putObject(kit, uploads, key, image);
    await kit.waitForIdle();
    expect(executionsFor(kit, key).map((e) => e.status)).toEqual(['SUCCEEDED']);
    expect(processedCount(kit, key)).toBe(1);
  });

  it.each([
    ['a space, a plus and an apostrophe', "images/api/it's a+b.png"],
    ['unicode', 'images/api/naïve-日本.png'],
    ['a double quote and a backslash', 'images/api/say "hi" \\ now.png'],
  ])('starts an execution for a key with %s through POST /executions', async (_what, key) => {
    await putObjectSilently(kit, uploads, key, image);
    const reply = await startForKey(JSON.stringify({ key }));
    expect(reply.status).toBe(200);
    const started = (await reply.json()) as { executionArn: string; startDate: number };
    await kit.waitForIdle();

    const execution = kit.stepFunctions.describeExecution(started.executionArn);
    expect(JSON.parse(execution.input)).toEqual({ bucket: uploads, key });
    expect(execution.status).toBe('SUCCEEDED');
    expect(started.startDate).toBe(execution.startDate.getTime() / 1000);
    expect(processedCount(kit, key)).toBe(1);
  });

  it('refuses POST /executions without the API key, with 403 and no execution', async () => {
    const before = kit.stepFunctions.listExecutions().length;
    expect((await startForKey(JSON.stringify({ key: 'images/first.jpg' }), {})).status).toBe(403);
    expect((await startForKey(JSON.stringify({ key: 'images/first.jpg' }), { 'x-api-key': 'wrong' })).status).toBe(403);
    expect(kit.stepFunctions.listExecutions().length).toBe(before);
  });

  it.each([
    ['no key', '{}'],
    ['a key outside the prefix', '{"key": "other/photo.png"}'],
    ['an empty key after the prefix', '{"key": "images/"}'],
    ['a key that is not a string', '{"key": 42}'],
    ['another property', '{"key": "images/a.png", "bucket": "elsewhere"}'],
    ['a body that is not JSON', 'key=images/a.png'],
  ])('answers 400 for a body with %s, starting nothing', async (_what, body) => {
    const before = kit.stepFunctions.listExecutions().length;
    const reply = await startForKey(body);
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as { message?: unknown }).message).toEqual(expect.any(String));
    expect(kit.stepFunctions.listExecutions().length).toBe(before);
  });

  it('lists every object that ran in the outputs bucket, and left no kit fault', async () => {
    const succeeded = kit.stepFunctions.listExecutions().filter((e) => e.status === 'SUCCEEDED').length;
    expect((await listKeys(kit, outputs, 'output/')).length).toBe(succeeded);
    expect(kit.faults.all()).toEqual([]);
  });
});
