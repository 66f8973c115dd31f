import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEvent } from '../../scripts/kit/replay/replay-event.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { outputValue } from '../../scripts/kit/terraform/pipeline-resources.js';
import { eventBridgeS3Event } from '../support/events.js';
import { uploadedFixture } from '../support/event-fixtures.js';
import { repoRoot } from './support.js';

const imagesDir = new URL('../../fixtures/images', import.meta.url).pathname;
const fixture = (file: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/events/${file}`, import.meta.url), 'utf8'));
const oddKey = "images/o'brien + café/東京 (1)/photo-640x480.jpg";

/** Replays on the synthesized state-machine stack: EventBridge events through the bus, `{bucket, key}` inputs as executions. */
describe('replaying on the state-machine stack', () => {
  let kit: Kit;
  let uploads: string;
  beforeAll(async () => {
    ensureSynth(repoRoot, 'state-machine', { quiet: true });
    kit = await startKit({ stack: 'state-machine', repoRoot });
    uploads = outputValue(kit.plan, 'uploads_bucket_name');
  });
  afterAll(() => kit?.stop());

  it('delivers an EventBridge Object Created event through the uploads rule to a SUCCEEDED execution, the odd key unchanged', async () => {
    const summary = await replayEvent(kit, fixture('eventbridge-object-created-state-machine.json'), { imagesDir });
    expect(summary).toMatchObject({ records: 1, processed: [oddKey], failed: [], deadLettered: [], executions: [{ status: 'SUCCEEDED', error: null, cause: null }] });
    expect(summary.outputs).toHaveLength(1);
    const [execution] = kit.stepFunctions.listExecutions().slice(-1);
    // The input transformer's input, not the event: no version-id on an unversioned bucket gives null.
    expect(JSON.parse(execution!.input)).toEqual({ bucket: uploads, key: oddKey, size: 20742, etag: '94714f2a9a3d1293ffccef2d7868be43', versionId: null });
  });

  it('starts an execution for a {bucket, key} input as it is', async () => {
    const before = kit.stepFunctions.listExecutions().length;
    const summary = await replayEvent(kit, fixture('state-machine-input.json'), { imagesDir });
    expect(summary).toMatchObject({ processed: [oddKey], failed: [], executions: [{ status: 'SUCCEEDED', error: null, cause: null }] });
    expect(kit.stepFunctions.listExecutions().slice(before).map((e) => JSON.parse(e.input))).toEqual([{ bucket: uploads, key: oddKey }]);
  });

  it('reports a bad image\'s FAILED execution with its code and reason, and its status change in the DLQ', async () => {
    const bad = { ...uploadedFixture('images/bad uploads/truncated.jpg', 'hostile/truncated.jpg'), bucket: uploads };
    const summary = await replayEvent(kit, eventBridgeS3Event(bad), { imagesDir });
    expect(summary.executions).toEqual([{ status: 'FAILED', error: 'CorruptImage', cause: expect.stringMatching(/^images\/bad uploads\/truncated\.jpg: the image data is truncated or corrupt/) }]);
    expect(summary.processed).toEqual([]);
    expect(summary.failed).toEqual([{ key: bad.key, reason: expect.stringMatching(/truncated or corrupt/) }]);
    expect(summary.deadLettered).toEqual([{ messageId: expect.stringContaining(':execution:'), code: 'CorruptImage', reason: summary.executions![0]!.cause, key: bad.key }]);
  });

  it('starts nothing for an event of another bucket, and says that no rule matched', async () => {
    const elsewhere = uploadedFixture('images/photo-640x480.jpg');
    const summary = await replayEvent(kit, eventBridgeS3Event(elsewhere), { imagesDir });
    expect(summary.executions).toEqual([]);
    expect(summary.processed).toEqual([]);
    expect(summary.failed).toEqual([{ key: elsewhere.key, reason: expect.stringMatching(/^no rule of the stack state-machine matches the event \(rules: .*-uploads/) }]);
  });

  it('prints the one-line summary with the executions from npm run replay --stack state-machine', { timeout: 60_000 }, () => {
    const replay = spawnSync('npm', ['run', '--silent', 'replay', '--', 'fixtures/events/eventbridge-object-created-state-machine.json', '--stack', 'state-machine', '--quiet'], { cwd: repoRoot, encoding: 'utf8' });
    expect(replay.status, replay.stderr).toBe(0);
    const summary = JSON.parse(replay.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ processed: [oddKey], failed: [], executions: [{ status: 'SUCCEEDED', error: null, cause: null }] });
  });
});
