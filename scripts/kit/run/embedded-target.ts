import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readUploadFunctionEnv } from '../../../config/index.js';
import { outputKeysFor } from '../../../functions/core/index.js';
import type { KitOptions } from '../kit-options.js';
import { coverageLines } from '../coverage-lines.js';
import { startKit, type Kit } from '../start-kit.js';
import { pipelineResources, processingSpecOf, type PipelineResources } from '../terraform/pipeline-resources.js';
import { executionsOfKey, type RunExecution } from './executions.js';
import { iamRoutes, iamRoutesLines } from './iam-routes.js';
import { afterStepsExpectations, afterStepsLine, kitAfterSteps } from './kit-after-steps.js';
import { peekQueue } from './peek-queue.js';
import type { RunTarget } from './run-target.js';
import { seededKeyFor } from './seeded-key.js';

/** How S3's direct invocations of the process function are retried, for a stack without a queue. */
function asyncLine(kit: Kit, functionName: string, dlqName: string): string {
  const settings = kit.runner.asyncSettingsOf(functionName);
  const destination = settings.onFailureDestination !== undefined ? `then a destination record to ${settings.onFailureDestination.split(':').pop()}` : 'then dropped (no on-failure destination)';
  return `${functionName} invoked asynchronously by S3: ${settings.maximumRetryAttempts} retries (immediate locally), maximum event age ${settings.maximumEventAgeSeconds} s, ${destination} (bad input: to ${dlqName} at once, by the function)`;
}

/** What the EventBridge rule starts, for a stack whose uploads bucket notifies EventBridge. */
function stateMachineLine(kit: Kit, stateMachineArn: string | undefined, dlqName: string): string {
  const rules = kit.plan.eventRules.filter((rule) => rule.targets.some((t) => t.arn === stateMachineArn)).map((rule) => rule.name);
  return `state machine ${stateMachineArn?.split(':').pop() ?? '(no state_machine_arn output)'} started by the EventBridge rule ${rules.join(', ') || '(none targets it)'}${kit.executionsUrl ? ' and by POST /executions' : ''}; failed, timed-out and aborted executions and undeliverable events to ${dlqName}`;
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
  const { uploadsBucket, outputsBucket, queue, dlq, processFunction, uploadFunction, triggerVia, stateMachineArn } = resources;
  const writeTimes = new Map<string, number>();
  kit.emulator.events.on('object', (event) => {
    if (event.eventName.startsWith('ObjectCreated')) writeTimes.set(`${event.bucket}/${event.key}`, event.time.getTime());
  });
  const dlqUrl = kit.queueUrl(dlq.name);
  const queueLine = queue
    ? `queue ${queue.name}: visibility timeout ${queue.visibilityTimeoutSeconds} s, dead-letter after ${queue.redrive?.maxReceiveCount ?? '(no redrive policy)'} receives (bad input: at once, by the function)`
    : triggerVia === 'eventbridge'
      ? stateMachineLine(kit, stateMachineArn, dlq.name)
      : asyncLine(kit, processFunction.name, dlq.name);
  const processing = processingSpecOf(processFunction);
  // Where seeded objects go and what their outputs are called: as the upload function would name them.
  const uploadSettings = readUploadFunctionEnv(uploadFunction.environment);
  const keyContext = { triggerPrefix: uploadSettings.triggerPrefix, outputPrefix: uploadSettings.outputPrefix };
  const afterExpect = afterStepsExpectations(processFunction, { uploadsBucket: uploadsBucket.name, outputsBucket: outputsBucket.name });
  const executionsOf = async (key: string, deadlineAt: number): Promise<RunExecution[]> => {
    const own = executionsOfKey(kit.stepFunctions.listExecutions(stateMachineArn), key);
    const deadline = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), Math.max(0, deadlineAt - Date.now())).unref());
    // Each once it has stopped: an execution's outputs are written before its Task returns.
    const stopped = await Promise.race([Promise.all(own.map((e) => kit.stepFunctions.waitForExecution(e.executionArn))), deadline]);
    return stopped ?? executionsOfKey(kit.stepFunctions.listExecutions(stateMachineArn), key);
  };
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
    processing,
    acceptedSuffixes: uploadSettings.allowedSuffixes,
    trigger: triggerVia,
    ...(triggerVia === 'eventbridge' && kit.executionsUrl ? { executionsUrl: kit.executionsUrl } : {}),
    ...(triggerVia === 'eventbridge'
      ? {
          executionsOf,
          seedObject: async (fileName: string, body: Buffer) => {
            const key = seededKeyFor(fileName, body, uploadSettings);
            // Nothing reaches the bus or a notification for it: an object that was there before the pipeline.
            kit.router.muted = true;
            try {
              await kit.clients.s3.send(new PutObjectCommand({ Bucket: uploadsBucket.name, Key: key, Body: body }));
            } finally {
              kit.router.muted = false;
            }
            return { key, outputs: outputKeysFor(key, processing, keyContext) };
          },
        }
      : {}),
    ...(afterExpect ? { afterSteps: kitAfterSteps(kit, afterExpect) } : {}),
    summary: [`embedded emulator at ${kit.endpoint}, API at ${kit.apiUrl}, ready in ${Math.round(kit.readyMs)} ms`, queueLine, ...(afterExpect ? [afterStepsLine(afterExpect)] : []), ...coverageLines(kit.plan), ...kit.notes.map((n) => `local: ${n}`), ...iamRoutesLines(kit.plan)],
    activity: kit.activity,
    isQuiet: () => kit.isIdle(),
    writeTimes,
    // Over the SQS API, as with any deployment: the reason is in the message attributes.
    peekDeadLetters: () => peekQueue(kit.clients.sqs, dlqUrl),
    failureReason: (key) => kit.runner.logs.errorFor(key, processFunction.name)?.reason,
    deliveryFailure: (key) => kit.faults.forObject(uploadsBucket.name, key)?.message,
    faults: () => kit.faults.all(),
    stop: () => kit.stop(),
  };
}
