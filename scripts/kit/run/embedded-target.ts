import type { ResolvedProcessingSpec } from '../../../config/index.js';
import type { KitOptions } from '../kit-options.js';
import { coverageLines } from '../coverage-lines.js';
import { startKit, type Kit } from '../start-kit.js';
import { peekQueue } from './peek-queue.js';
import type { RunTarget } from './run-target.js';

/** The embedded kit as a run target. */
export async function startEmbeddedTarget(options: KitOptions): Promise<RunTarget & { kit: Kit }> {
  const kit = await startKit(options);
  const process = kit.plan.functions.find((f) => f.pipelineFunction === 'process');
  const bucket = (kind: string) => kit.plan.buckets.find((b) => b.name.includes(`-${kind}-`))?.name ?? '';
  const outputsBucket = process?.environment.OUTPUT_BUCKET ?? bucket('outputs');
  const upload = kit.plan.functions.find((f) => f.pipelineFunction === 'upload');
  const uploadsBucket = upload?.environment.UPLOADS_BUCKET ?? bucket('uploads');
  const dlq = kit.plan.queues.find((q) => kit.plan.queues.some((other) => other.redrive?.deadLetterTargetArn === q.arn));
  if (!kit.uploadUrl || !process || !dlq) {
    await kit.stop();
    throw new Error('the stack has no POST /uploads route, no process function or no dead-letter queue: nothing to run');
  }
  const writeTimes = new Map<string, number>();
  kit.emulator.events.on('object', (event) => {
    if (event.eventName.startsWith('ObjectCreated')) writeTimes.set(`${event.bucket}/${event.key}`, event.time.getTime());
  });
  const dlqUrl = kit.queueUrl(dlq.name);
  const mapped = kit.plan.queues.filter((q) => q.redrive?.deadLetterTargetArn === dlq.arn);
  const queueLines = mapped.map(
    (q) => `queue ${q.name}: visibility timeout ${q.visibilityTimeoutSeconds} s, dead-letter after ${q.redrive?.maxReceiveCount} receives (bad input: at once, by the function)`,
  );
  return {
    kit,
    name: 'embedded',
    uploadUrl: kit.uploadUrl,
    ...(kit.apiKey ? { apiKey: kit.apiKey } : {}),
    region: kit.region,
    endpoint: kit.endpoint,
    s3: kit.clients.s3,
    sqs: kit.clients.sqs,
    uploadsBucket,
    outputsBucket,
    dlqUrl,
    processing: JSON.parse(process.environment.PROCESSING_SPEC ?? '{}') as ResolvedProcessingSpec,
    summary: [`embedded emulator at ${kit.endpoint}, API at ${kit.apiUrl}, ready in ${Math.round(kit.readyMs)} ms`, ...queueLines, ...coverageLines(kit.plan), ...kit.notes.map((n) => `local: ${n}`)],
    activity: kit.activity,
    writeTimes,
    // Over the SQS API, as with any deployment: the reason is in the message attributes.
    peekDeadLetters: () => peekQueue(kit.clients.sqs, dlqUrl),
    failureReason: (key) => kit.runner.logs.errorFor(key, process.name)?.reason,
    stop: () => kit.stop(),
  };
}
