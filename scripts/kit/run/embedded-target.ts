import type { KitOptions } from '../kit-options.js';
import { coverageLines } from '../coverage-lines.js';
import { startKit, type Kit } from '../start-kit.js';
import { pipelineResources, processingSpecOf, type PipelineResources } from '../terraform/pipeline-resources.js';
import { iamRoutes, iamRoutesLines } from './iam-routes.js';
import { peekQueue } from './peek-queue.js';
import type { RunTarget } from './run-target.js';

/** How S3's direct invocations of the process function are retried, for a stack without a queue. */
function asyncLine(kit: Kit, functionName: string, dlqName: string): string {
  const settings = kit.runner.asyncSettingsOf(functionName);
  const destination = settings.onFailureDestination !== undefined ? `then a destination record to ${settings.onFailureDestination.split(':').pop()}` : 'then dropped (no on-failure destination)';
  return `${functionName} invoked asynchronously by S3: ${settings.maximumRetryAttempts} retries (immediate locally), maximum event age ${settings.maximumEventAgeSeconds} s, ${destination} (bad input: to ${dlqName} at once, by the function)`;
}

/** The embedded kit as a run target: buckets, queues and functions as the stack's outputs name them. */
export async function startEmbeddedTarget(options: KitOptions): Promise<RunTarget & { kit: Kit }> {
  const kit = await startKit(options);
  let resources: PipelineResources;
  try {
    resources = pipelineResources(kit.plan);
    if (!kit.uploadUrl) throw new Error('the stack has no POST /uploads route: nothing to upload to');
  } catch (error) {
    await kit.stop();
    throw error;
  }
  const { uploadsBucket, outputsBucket, queue, dlq, processFunction } = resources;
  const writeTimes = new Map<string, number>();
  kit.emulator.events.on('object', (event) => {
    if (event.eventName.startsWith('ObjectCreated')) writeTimes.set(`${event.bucket}/${event.key}`, event.time.getTime());
  });
  const dlqUrl = kit.queueUrl(dlq.name);
  const queueLine = queue
    ? `queue ${queue.name}: visibility timeout ${queue.visibilityTimeoutSeconds} s, dead-letter after ${queue.redrive?.maxReceiveCount ?? '(no redrive policy)'} receives (bad input: at once, by the function)`
    : asyncLine(kit, processFunction.name, dlq.name);
  return {
    kit,
    name: 'embedded',
    uploadUrl: kit.uploadUrl,
    ...(kit.apiKey ? { apiKey: kit.apiKey } : {}),
    ...(iamRoutes(kit.plan).includes('POST /uploads') ? { iamAuth: true } : {}),
    region: kit.region,
    endpoint: kit.endpoint,
    s3: kit.clients.s3,
    sqs: kit.clients.sqs,
    uploadsBucket: uploadsBucket.name,
    outputsBucket: outputsBucket.name,
    dlqUrl,
    processing: processingSpecOf(processFunction),
    summary: [`embedded emulator at ${kit.endpoint}, API at ${kit.apiUrl}, ready in ${Math.round(kit.readyMs)} ms`, queueLine, ...coverageLines(kit.plan), ...kit.notes.map((n) => `local: ${n}`), ...iamRoutesLines(kit.plan)],
    activity: kit.activity,
    writeTimes,
    // Over the SQS API, as with any deployment: the reason is in the message attributes.
    peekDeadLetters: () => peekQueue(kit.clients.sqs, dlqUrl),
    failureReason: (key) => kit.runner.logs.errorFor(key, processFunction.name)?.reason,
    deliveryFailure: (key) => kit.faults.forObject(uploadsBucket.name, key)?.message,
    faults: () => kit.faults.all(),
    stop: () => kit.stop(),
  };
}
