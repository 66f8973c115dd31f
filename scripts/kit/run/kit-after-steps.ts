import { readProcessFunctionEnv } from '../../../config/function-env.js';
import type { Kit } from '../start-kit.js';
import type { FunctionPlan } from '../terraform/kit-plan.js';
import { checkAfterSteps, type AfterStepsExpectations, type AfterStepsResult } from './after-steps-check.js';
import { waitForAfterSteps } from './after-steps-wait.js';

/** What the process function of the stack writes after an image's outputs, or undefined when it writes nothing more. */
export function afterStepsExpectations(processFunction: FunctionPlan, buckets: { uploadsBucket: string; outputsBucket: string }): AfterStepsExpectations | undefined {
  const env = readProcessFunctionEnv(processFunction.environment);
  if (!env.after) return undefined;
  const { metadata, archive, notify } = env.after;
  return { ...buckets, triggerPrefix: env.triggerPrefix, ...(metadata ? { metadata } : {}), ...(archive ? { archive } : {}), subscriptionIds: notify?.subscriptionIds ?? [] };
}

/** One line for the run's summary: what is checked per image. */
export function afterStepsLine(expect: AfterStepsExpectations): string {
  const parts = [
    ...(expect.metadata ? [expect.metadata.store === 'table' ? `a metadata item in ${expect.metadata.tableName}` : `a metadata object under ${expect.metadata.prefix}`] : []),
    ...(expect.archive ? [`a zip under ${expect.archive.prefix} for ${expect.archive.suffixes.join(' ')}`] : []),
    ...(expect.subscriptionIds.length > 0 ? [`one verified webhook delivery to each of ${expect.subscriptionIds.join(', ')}`] : []),
  ];
  return `after processing, each processed image must have ${parts.join(', ')}; a failed image none of them`;
}

/** The after-processing check of the embedded kit: S3, the table on dynalite, the receivers' deliveries. */
export function kitAfterSteps(kit: Kit, expect: AfterStepsExpectations): (image: { key: string; outputs: readonly string[]; processed: boolean }, deadlineAt: number) => Promise<AfterStepsResult> {
  const sources = {
    s3: kit.clients.s3,
    ...(kit.dynamo ? { dynamo: kit.dynamo.client } : {}),
    deliveries: () => kit.webhooks.all().flatMap((r) => r.deliveries),
  };
  return (image, deadlineAt) => waitForAfterSteps(() => checkAfterSteps(expect, sources, image), { processed: image.processed, deadlineAt, isQuiet: () => kit.isIdle(), activity: kit.activity });
}

/** For `--keep`: the secrets generated for this run and where the metadata table is. */
export function afterStepsKeepLines(kit: Kit): string[] {
  const lines = [...kit.secrets].map(([name, secret]) => `secret:       ${name} = ${JSON.stringify(secret)}`);
  if (kit.dynamo) {
    for (const table of kit.plan.dynamoTables) {
      lines.push(`metadata:     AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${kit.dynamo.endpoint} --region ${kit.region} dynamodb scan --table-name ${table.name}`);
    }
  }
  for (const receiver of kit.webhooks.all()) lines.push(`webhook:      ${receiver.subscriptionId} received at ${receiver.endpoint}`);
  return lines;
}
