import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KitOptions } from '../../scripts/kit/kit-options.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { repoRoot, synthesizedStack } from './support.js';

/**
 * The `direct` trigger as triggers-contract.md describes it (S3 -> process function, no queue),
 * built from the synthesized dev stack: the queue, its mapping and policies go; the uploads
 * bucket's notification gets one `lambda_function` entry per suffix (depending on the permission);
 * an `aws_lambda_permission` (AllowS3Invoke) and an `aws_lambda_function_event_invoke_config` with
 * the DLQ as on-failure destination come in; `queue_url` leaves the outputs and `trigger_via` joins
 * them. Stands in for the Terraform engineer's direct stack until it is synthesized on main.
 */
export interface DirectStackOptions {
  readonly retryAttempts?: number;
  readonly maxEventAgeSeconds?: number;
  /** Changes to the permission's arguments; `false` leaves the permission out. */
  readonly permission?: Readonly<Record<string, unknown>> | false;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** `${aws_sqs_queue.queue_1.url}` -> `queue_1`. */
function referencedName(expression: unknown, type: string): string {
  const match = new RegExp(`\\$\\{${type}\\.([^.]+)\\.`).exec(String(expression));
  if (!match?.[1]) throw new Error(`expected a reference to ${type} in ${String(expression)}`);
  return match[1];
}

export const permissionAddress = 'aws_lambda_permission.process_allow-s3-invoke';
export const invokeConfigAddress = 'aws_lambda_function_event_invoke_config.process_async-invoke';

export function directStack(options: DirectStackOptions = {}): TfJson {
  const tf = synthesizedStack('dev');
  const resources = tf.resource as Resources;
  const outputs = tf.output as Record<string, { value: unknown }>;
  const queue = referencedName(outputs.queue_url?.value, 'aws_sqs_queue');
  const dlq = referencedName(outputs.dlq_url?.value, 'aws_sqs_queue');
  const bucket = referencedName(outputs.uploads_bucket_name?.value, 'aws_s3_bucket');
  const fn = referencedName(outputs.process_function_name?.value, 'aws_lambda_function');
  const queueRef = `aws_sqs_queue.${queue}.`;

  delete resources.aws_sqs_queue![queue];
  for (const type of ['aws_lambda_event_source_mapping', 'aws_sqs_queue_policy', 'aws_sqs_queue_redrive_allow_policy']) {
    for (const [name, resource] of Object.entries(resources[type] ?? {})) if (JSON.stringify(resource).includes(queueRef)) delete resources[type]![name];
  }
  // The process role's queue statements now name the DLQ (it sends bad images and Lambda its destination records there).
  for (const [name, policy] of Object.entries(resources.aws_iam_role_policy ?? {})) {
    resources.aws_iam_role_policy![name] = JSON.parse(JSON.stringify(policy).replaceAll(queueRef, `aws_sqs_queue.${dlq}.`)) as Record<string, unknown>;
  }

  const notification = Object.values(resources.aws_s3_bucket_notification!)[0]!;
  const entries = notification.queue as { filter_prefix: string; filter_suffix: string; events: string[] }[];
  notification.lambda_function = entries.map((entry) => ({
    id: `process-${entry.filter_suffix.replace(/^\./, '')}`,
    lambda_function_arn: `\${aws_lambda_function.${fn}.arn}`,
    events: entry.events,
    filter_prefix: entry.filter_prefix,
    filter_suffix: entry.filter_suffix,
  }));
  delete notification.queue;
  notification.depends_on = options.permission === false ? [] : [permissionAddress];

  if (options.permission !== false) {
    resources.aws_lambda_permission![permissionAddress.split('.')[1]!] = {
      statement_id: 'AllowS3Invoke',
      action: 'lambda:InvokeFunction',
      function_name: `\${aws_lambda_function.${fn}.function_name}`,
      principal: 's3.amazonaws.com',
      source_arn: `\${aws_s3_bucket.${bucket}.arn}`,
      source_account: '${data.aws_caller_identity.caller.account_id}',
      ...options.permission,
    };
  }
  resources.aws_lambda_function_event_invoke_config = {
    [invokeConfigAddress.split('.')[1]!]: {
      function_name: `\${aws_lambda_function.${fn}.function_name}`,
      maximum_retry_attempts: options.retryAttempts ?? 2,
      maximum_event_age_in_seconds: options.maxEventAgeSeconds ?? 21_600,
      destination_config: { on_failure: { destination: `\${aws_sqs_queue.${dlq}.arn}` } },
    },
  };
  resources.aws_lambda_function![fn]!.reserved_concurrent_executions = 10;

  delete outputs.queue_url;
  outputs.trigger_via = { value: 'direct' };
  if (JSON.stringify(tf).includes(queueRef)) throw new Error(`the direct stack still names ${queueRef}`);
  return tf;
}

/**
 * Kit options for a direct stack whose process function runs behind the `flaky-s3` wrapper (keys with
 * `fail-once` fail once, keys with `always-fails` always fail); `cleanup` removes the wrapper's state.
 */
export function flakyDirectKit(stack: DirectStackOptions): { options: KitOptions; cleanup: () => void } {
  const stateDir = mkdtempSync(join(tmpdir(), 'kit-direct-'));
  return {
    options: {
      tfJson: directStack(stack),
      stack: 'direct',
      repoRoot,
      faultLog: 'silent',
      handlerWrappers: { process: new URL('./fixtures/handlers/flaky-s3.ts', import.meta.url).pathname },
      extraFunctionEnv: { KIT_TEST_STATE_DIR: stateDir },
    },
    cleanup: () => rmSync(stateDir, { recursive: true, force: true }),
  };
}
