import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KitOptions } from '../../scripts/kit/kit-options.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { repoRoot, synthesizedStack } from './support.js';

/** Changes to the synthesized `direct` stack (examples/direct) for one test. */
export interface DirectStackOptions {
  readonly retryAttempts?: number;
  readonly maxEventAgeSeconds?: number;
  /** Changes to the S3 permission's arguments; `false` leaves the permission out. */
  readonly permission?: Readonly<Record<string, unknown>> | false;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The one resource of `type` that `matches`, by name. */
function only(resources: Resources, type: string, matches: (resource: Record<string, unknown>) => boolean = () => true): [string, Record<string, unknown>] {
  const found = Object.entries(resources[type] ?? {}).filter(([, resource]) => matches(resource));
  if (found.length !== 1) throw new Error(`expected one ${type} in the direct stack, found ${found.length}`);
  return found[0]!;
}

const isS3Permission = (resource: Record<string, unknown>): boolean => resource.principal === 's3.amazonaws.com';

/** Addresses of the S3 permission and the event invoke config in the synthesized `direct` stack. */
export function directAddresses(): { permission: string; invokeConfig: string } {
  const resources = synthesizedStack('direct').resource as Resources;
  return {
    permission: `aws_lambda_permission.${only(resources, 'aws_lambda_permission', isS3Permission)[0]}`,
    invokeConfig: `aws_lambda_function_event_invoke_config.${only(resources, 'aws_lambda_function_event_invoke_config')[0]}`,
  };
}

/** The synthesized `direct` stack (examples/direct: S3 invokes the process function, no queue), changed as the test asks. */
export function directStack(options: DirectStackOptions = {}): TfJson {
  const tf = synthesizedStack('direct');
  const resources = tf.resource as Resources;
  const [permissionName, permission] = only(resources, 'aws_lambda_permission', isS3Permission);
  if (options.permission === false) {
    delete resources.aws_lambda_permission![permissionName];
    const notification = only(resources, 'aws_s3_bucket_notification')[1];
    notification.depends_on = (notification.depends_on as string[]).filter((address) => address !== `aws_lambda_permission.${permissionName}`);
  } else {
    Object.assign(permission, options.permission);
  }
  const config = only(resources, 'aws_lambda_function_event_invoke_config')[1];
  if (options.retryAttempts !== undefined) config.maximum_retry_attempts = options.retryAttempts;
  if (options.maxEventAgeSeconds !== undefined) config.maximum_event_age_in_seconds = options.maxEventAgeSeconds;
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
