import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { InvocationRecord } from '../../../scripts/kit/lambda/lambda-runner.js';
import type { Kit } from '../../../scripts/kit/start-kit.js';
import type { ExecutionRecord } from '../../../scripts/kit/stepfunctions/execution-record.js';
import { outputValue } from '../../../scripts/kit/terraform/pipeline-resources.js';

/** A stack output of the eventbridge trigger (`uploads_bucket_name`, `dlq_url`, `state_machine_arn`, ...). */
export const output = (kit: Kit, name: string): string => outputValue(kit.plan, name);

/** The dead-letter queue's name, from `dlq_url`. */
export const dlqName = (kit: Kit): string => output(kit, 'dlq_url').split('/').at(-1)!;

export async function putObject(kit: Kit, bucket: string, key: string, body: Buffer): Promise<void> {
  await kit.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

export async function deleteObject(kit: Kit, bucket: string, key: string): Promise<void> {
  await kit.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/** Puts an object without any event reaching the bus or a notification (as replay seeds). */
export async function putObjectSilently(kit: Kit, bucket: string, key: string, body: Buffer): Promise<void> {
  kit.router.muted = true;
  try {
    await putObject(kit, bucket, key, body);
  } finally {
    kit.router.muted = false;
  }
}

/** The executions whose input names the key. */
export function executionsFor(kit: Kit, key: string): ExecutionRecord[] {
  return kit.stepFunctions.listExecutions().filter((e) => (JSON.parse(e.input) as { key?: unknown }).key === key);
}

/** Every invocation the runner finishes from now on. */
export function recordInvocations(kit: Kit): InvocationRecord[] {
  const invocations: InvocationRecord[] = [];
  kit.runner.on('invocation', (invocation) => invocations.push(invocation));
  return invocations;
}
