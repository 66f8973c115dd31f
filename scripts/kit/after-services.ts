import { startDynamoServer, type DynamoServer } from './dynamodb/dynamo-server.js';
import { startSsmServer, type SsmServer } from './ssm/ssm-server.js';
import type { KitPlan } from './terraform/kit-plan.js';
import { startLocalReceivers, WebhookReceivers } from './webhooks/local-receivers.js';
import { shortenNotifyVisibility } from './webhooks/notify-visibility.js';
import { generateWebhookSecret, type WebhookSecret } from './webhooks/webhook-secret.js';

/** What the after-processing steps (metadata table, webhook secrets, webhook subscribers) run on locally. */
export interface AfterServices {
  /** The stack's `aws_dynamodb_table`s on dynalite, when it declares any. */
  readonly dynamo?: DynamoServer;
  /** The stack's `aws_ssm_parameter`s, when it declares any. */
  readonly ssm?: SsmServer;
  /** The value generated for each write-only parameter this run, by parameter name. */
  readonly secrets: ReadonlyMap<string, WebhookSecret>;
  readonly receivers: WebhookReceivers;
  /** The plan with the subscriptions pointed at the receivers and the notify queue's visibility shortened. */
  readonly plan: KitPlan;
  readonly notes: readonly string[];
  /** `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SSM` for every sandbox. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startAfterServices(
  plan: KitPlan,
  options: { region: string; accountId: string; credentials: { accessKeyId: string; secretAccessKey: string }; notifyVisibilityTimeoutSeconds?: number },
): Promise<AfterServices> {
  const started: { stop(): Promise<void> }[] = [];
  try {
    const dynamo = plan.dynamoTables.length > 0 ? await startDynamoServer(options) : undefined;
    if (dynamo) {
      started.push(dynamo);
      await dynamo.createTables(plan.dynamoTables);
    }
    // Write-only values never reach the Terraform: each run gets its own, in the webhook secret format.
    const secrets = new Map(plan.ssmParameters.filter((p) => p.writeOnly || p.value === undefined).map((p) => [p.name, generateWebhookSecret()] as const));
    const ssm =
      plan.ssmParameters.length > 0
        ? await startSsmServer({
            region: options.region,
            accountId: options.accountId,
            parameters: Object.fromEntries(
              plan.ssmParameters.map((p) => [p.name, { value: secrets.has(p.name) ? JSON.stringify(secrets.get(p.name)) : (p.value ?? ''), type: p.type === 'SecureString' ? 'SecureString' : 'String' }] as const),
            ),
          })
        : undefined;
    if (ssm) started.push(ssm);
    const local = await startLocalReceivers(plan, secrets);
    started.push({ stop: () => local.receivers.close() });
    const shortened = shortenNotifyVisibility(local.plan, options.notifyVisibilityTimeoutSeconds);
    return {
      ...(dynamo ? { dynamo } : {}),
      ...(ssm ? { ssm } : {}),
      secrets,
      receivers: local.receivers,
      plan: shortened.plan,
      notes: [...local.notes, ...shortened.notes],
      env: { ...(dynamo ? { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint } : {}), ...(ssm ? { AWS_ENDPOINT_URL_SSM: ssm.endpoint } : {}) },
      stop: async () => {
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
