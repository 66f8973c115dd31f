import { envNames } from '../../../config/index.js';
import { outputKeysFor } from '../../../functions/core/index.js';
import type { ObjectEvent } from '../emulator/embedded-emulator.js';
import type { InvocationRecord } from '../lambda/lambda-runner.js';
import { targetMatches } from '../router/notification-match.js';
import type { Kit } from '../start-kit.js';
import type { DeadLetterVia } from './dead-letter-message.js';
import { OutcomeTracker, type UploadOutcome } from './outcome-tracker.js';
import type { RunTarget } from './run-target.js';
import { plural } from '../../report/plural.js';

export interface UploadFateOptions {
  /** How long an upload may take to reach its outputs or the dead-letter queue before it is called lost. */
  readonly timeoutMs: number;
  /** One line per fate. */
  readonly log: (line: string) => void;
}


/** The `{error, message}` of an API answer body, or the body itself. */
function answerText(body: unknown): string {
  try {
    const json = JSON.parse(String(body)) as { error?: unknown; message?: unknown };
    const text = [json.error, json.message].filter((part) => typeof part === 'string').join(': ');
    if (text) return text;
  } catch {
    // not JSON: shown as it is
  }
  return String(body ?? '').slice(0, 200);
}

/** Who moved a dead-lettered upload, for its line. */
const deadLetterBy = {
  function: '',
  redrive: ' by redrive after maxReceiveCount',
  destination: " by Lambda's on-failure destination",
  execution: ' by the failed-executions rule',
  'event-target': " by the rule target's dead-letter queue",
} as const satisfies Record<DeadLetterVia, string>;

/** The line for an upload that reached its end. */
export function fateLine(key: string, outcome: UploadOutcome, ms: number, outputs: readonly string[]): string {
  if (outcome.kind === 'outputs') return `upload ${key}: ${plural(outputs.length, 'output')} in ${Math.round(ms)} ms (${outputs[0] ?? ''}${outputs.length > 1 ? ', ...' : ''})`;
  if (outcome.kind === 'dead-letter') return `upload ${key}: dead-lettered${deadLetterBy[outcome.via]}: ${outcome.reason}`;
  if (outcome.kind === 'undelivered') return `upload ${key}: its notification never reached the queue: ${outcome.reason}`;
  return `upload ${key}: lost: ${plural(outcome.missing.length, 'output')} never appeared and nothing reached the dead-letter queue`;
}

/**
 * While `--keep` serves: says what becomes of each upload as it happens. Every object created in
 * the uploads bucket (through the API or put there directly) is followed to its outputs or the
 * dead-letter queue (with the reason), or named at once when no notification filter (for an
 * eventbridge stack: no rule) matches its key; every upload the API refuses is named with its status and message. Returns a stop function.
 */
export function followUploadFates(kit: Kit, target: RunTarget, options: UploadFateOptions): () => void {
  const processFn = kit.plan.functions.find((f) => f.pipelineFunction === 'process');
  const uploadFn = kit.plan.functions.find((f) => f.pipelineFunction === 'upload');
  const keyContext = { triggerPrefix: processFn?.environment[envNames.triggerPrefix] ?? '', outputPrefix: processFn?.environment[envNames.outputPrefix] ?? '' };
  const trackers = new Set<OutcomeTracker>();

  const follow = (key: string, createdAt: number): void => {
    const outputs = outputKeysFor(key, target.processing, keyContext);
    const tracker = new OutcomeTracker(target, { deadlineAt: Date.now() + options.timeoutMs });
    trackers.add(tracker);
    void tracker.track(key, outputs).then((outcome) => {
      tracker.stop();
      trackers.delete(tracker);
      const lastWrite = Math.max(...outputs.map((k) => target.writeTimes?.get(`${target.outputsBucket}/${k}`) ?? 0));
      options.log(fateLine(key, outcome, (lastWrite || Date.now()) - createdAt, outputs));
    });
  };

  const onObject = (event: ObjectEvent): void => {
    // An eventbridge stack's uploads are followed from the bus (onBusEvent): its bucket has no notification entries.
    if (target.trigger === 'eventbridge') return;
    if (event.bucket !== target.uploadsBucket || !event.eventName.startsWith('ObjectCreated')) return;
    const notifications = kit.router.configuration(event.bucket);
    if (!notifications.some((n) => targetMatches(n, event.eventName, event.key))) {
      const filters = notifications.map((n) => `${n.filterPrefix}*${n.filterSuffix}`).join(' ');
      options.log(`upload ${event.key}: not processed: no notification of ${event.bucket} matches its key (filters: ${filters || 'none'}; S3 compares them case-sensitively)`);
      return;
    }
    follow(event.key, event.time.getTime());
  };

  // S3's Object Created events on the default bus: followed when a rule matches, named at once when none does.
  const onBusEvent = ({ event, matchedRules }: { event: { source?: unknown; 'detail-type'?: unknown; detail?: unknown }; matchedRules: readonly string[] }): void => {
    const detail = event.detail as { bucket?: { name?: unknown }; object?: { key?: unknown } } | undefined;
    if (event.source !== 'aws.s3' || event['detail-type'] !== 'Object Created' || detail?.bucket?.name !== target.uploadsBucket || typeof detail.object?.key !== 'string') return;
    if (matchedRules.length === 0) options.log(`upload ${detail.object.key}: not processed: no EventBridge rule matches its event (the rules' key patterns are case-sensitive)`);
    else follow(detail.object.key, Date.now());
  };

  const onInvocation = (record: InvocationRecord): void => {
    if (record.functionName !== uploadFn?.name || record.trigger !== 'api') return;
    const reply = record.value as { statusCode?: number; body?: unknown } | null | undefined;
    if (!record.ok) options.log(`upload failed: the upload function failed (${record.error?.errorType}: ${record.error?.errorMessage}); the API answered 502`);
    else if ((reply?.statusCode ?? 0) >= 400) options.log(`upload refused ${reply?.statusCode}: ${answerText(reply?.body)}`);
  };

  // API Gateway's own refusals (the upload function never answers 403): a missing or wrong x-api-key, an unknown path.
  const onRequest = (request: { method: string; path: string; statusCode: number }): void => {
    if (request.statusCode === 403) options.log(`upload refused 403 by the API: ${request.method} ${request.path} (x-api-key missing or wrong, or no such route)`);
  };

  kit.emulator.events.on('object', onObject);
  if (target.trigger === 'eventbridge') kit.eventBus.on('event', onBusEvent);
  kit.runner.on('invocation', onInvocation);
  kit.api.on('request', onRequest);
  return () => {
    kit.emulator.events.off('object', onObject);
    kit.eventBus.off('event', onBusEvent);
    kit.runner.off('invocation', onInvocation);
    kit.api.off('request', onRequest);
    for (const tracker of trackers) tracker.stop();
  };
}
