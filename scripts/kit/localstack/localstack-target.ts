import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { emulatedAccountId } from '../emulated-account.js';
import { peekQueue } from '../run/peek-queue.js';
import type { RunTarget } from '../run/run-target.js';
import { loadPlan, providerRegion } from '../terraform/load-plan.js';
import { pipelineResources, processingSpecOf } from '../terraform/pipeline-resources.js';
import { readTfJson, stackFilePath } from '../terraform/tf-json.js';
import { checkLocalStackHealth } from './health.js';
import { parseTerraformOutputs } from './outputs.js';
import { localStackEndpoints } from './provider-endpoints.js';
import { deployCommands, outputCommand, runAll, type CommandRunner } from './terraform-cli.js';

export interface LocalStackTargetOptions {
  readonly repoRoot: string;
  /** @default 'local' */
  readonly stack?: string;
  readonly run?: CommandRunner;
  readonly fetchImpl?: typeof fetch;
}

/**
 * Deploys the `local` stack into a running LocalStack with terraform (its provider already points
 * every service at LocalStack: the endpoint and the services the health check asks for are read
 * from it), reads the outputs and exposes them as a run target.
 */
export async function startLocalStackTarget(options: LocalStackTargetOptions): Promise<RunTarget> {
  const stack = options.stack ?? 'local';
  const tf = readTfJson(join(options.repoRoot, stackFilePath(stack)));
  const { endpoint, services } = localStackEndpoints(tf, stack);
  const health = await checkLocalStackHealth(endpoint, services, options.fetchImpl);
  const stackDir = join(options.repoRoot, 'cdktf.out', 'stacks', stack);
  await runAll(deployCommands(stackDir), options.run);
  const deployed = parseTerraformOutputs(await runAll([outputCommand(stackDir)], options.run), endpoint);

  // The process function's processing spec, found as on the embedded emulator: through the stack's outputs.
  const plan = loadPlan(tf, {
    stack,
    repoRoot: options.repoRoot,
    env: { accountId: emulatedAccountId, queueUrl: (name) => `${endpoint}/${emulatedAccountId}/${name}`, apiBaseUrl: () => endpoint, apiKeyValue: () => deployed.apiKey ?? '' },
  });
  const processing = processingSpecOf(pipelineResources(plan).processFunction);
  const region = providerRegion(tf) ?? 'us-east-1';
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const s3 = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
  const sqs = new SQSClient({ endpoint, region, credentials });
  return {
    name: 'localstack',
    uploadUrl: deployed.uploadUrl,
    ...(deployed.apiKey ? { apiKey: deployed.apiKey } : {}),
    region,
    endpoint,
    s3,
    sqs,
    uploadsBucket: deployed.uploadsBucket,
    outputsBucket: deployed.outputsBucket,
    dlqUrl: deployed.dlqUrl,
    processing,
    summary: [`LocalStack ${health.version ?? ''} at ${endpoint}: stack ${stack} deployed with terraform`, `upload URL ${deployed.uploadUrl}`],
    peekDeadLetters: () => peekQueue(sqs, deployed.dlqUrl),
    failureReason: () => undefined,
    stop: async () => {
      s3.destroy();
      sqs.destroy();
    },
  };
}
