import type { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RestApiServer } from './api/rest-api-server.js';
import type { LambdaRunner } from './lambda/lambda-runner.js';
import type { WorkerSpec } from './lambda/lambda-worker.js';
import type { EventRouter } from './router/event-router.js';
import { checkS3InvokePermissions } from './lambda/s3-invoke-permission.js';
import { ensureBucket } from './s3/ensure-bucket.js';
import { functionsByReference } from './terraform/load/lambda-functions.js';
import type { EventSourceMappingPlan, FunctionPlan, KitPlan, QueuePlan } from './terraform/kit-plan.js';

export interface ApplyTargets {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly router: EventRouter;
  readonly runner: LambdaRunner;
  readonly api: RestApiServer;
  readonly workerSpec: (fn: FunctionPlan) => WorkerSpec;
  /** Told each queue's URL as soon as it exists (before notifications send test events to it). */
  readonly queueCreated: (queue: QueuePlan, url: string) => void;
  /** Starts (or restarts, when changed) the poller of a mapping. */
  readonly startMapping: (mapping: EventSourceMappingPlan, queue: QueuePlan, queueUrl: string) => Promise<void>;
}

export interface ApplyResult {
  /** Queue URL by queue name. */
  readonly queueUrls: ReadonlyMap<string, string>;
}

/** Queues a redrive policy points at come first, as SQS checks the target exists. */
function dlqFirst(queues: readonly QueuePlan[]): QueuePlan[] {
  return [...queues].sort((a, b) => Number(a.redrive !== undefined) - Number(b.redrive !== undefined));
}

/**
 * Step 3 of 3: builds the plan on the emulator. Idempotent (existing buckets and queues are kept
 * and their attributes set again; an unchanged notification sends no new test event). Buckets and
 * queues come before the notifications and mappings that name them.
 */
export async function applyPlan(plan: KitPlan, targets: ApplyTargets): Promise<ApplyResult> {
  await Promise.all(plan.buckets.map((b) => ensureBucket(targets.s3, b.name)));

  const queueUrls = new Map<string, string>();
  for (const queue of dlqFirst(plan.queues)) {
    const created = await targets.sqs.send(new CreateQueueCommand({ QueueName: queue.name }));
    const url = created.QueueUrl ?? '';
    await targets.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { ...queue.attributes } }));
    queueUrls.set(queue.name, url);
    targets.queueCreated(queue, url);
  }

  for (const fn of plan.functions) targets.runner.register(targets.workerSpec(fn));
  for (const config of plan.asyncInvokeConfigs) {
    targets.runner.configureAsync(config.functionName, {
      maximumRetryAttempts: config.maximumRetryAttempts,
      maximumEventAgeSeconds: config.maximumEventAgeSeconds,
      ...(config.onFailureQueueArn !== undefined ? { onFailureDestination: config.onFailureQueueArn } : {}),
    });
  }

  // S3 validates Lambda destinations against the functions' permissions before saving anything.
  const functionByReference = functionsByReference(plan.functions);
  for (const notification of plan.notifications) checkS3InvokePermissions(notification, functionByReference, plan.lambdaPermissions, plan.accountId);
  for (const notification of plan.notifications) await targets.router.configure(notification.bucket, notification.targets);

  for (const mapping of plan.eventSourceMappings) {
    const queue = plan.queues.find((q) => q.name === mapping.queueName);
    const url = queueUrls.get(mapping.queueName);
    if (queue && url) await targets.startMapping(mapping, queue, url);
  }

  targets.api.setApis(plan.restApis);
  return { queueUrls };
}
