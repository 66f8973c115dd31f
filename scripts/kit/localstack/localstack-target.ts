import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import type { ResolvedProcessingSpec } from '../../../config/index.js';
import { peekQueue } from '../run/peek-queue.js';
import type { RunTarget } from '../run/run-target.js';
import { providerRegion } from '../terraform/load-plan.js';
import { readTfJson, stackFilePath } from '../terraform/tf-json.js';
import { checkLocalStackHealth, localStackEndpoint } from './health.js';
import { parseTerraformOutputs } from './outputs.js';
import { deployCommands, outputCommand, runAll, type CommandRunner } from './terraform-cli.js';

export interface LocalStackTargetOptions {
  readonly repoRoot: string;
  /** @default 'local' */
  readonly stack?: string;
  /** @default http://localhost:4566 */
  readonly endpoint?: string;
  readonly run?: CommandRunner;
  readonly fetchImpl?: typeof fetch;
}

/**
 * Deploys the `local` stack into a running LocalStack with terraform (its provider already points
 * every service at http://localhost:4566), reads the outputs and exposes them as a run target.
 */
export async function startLocalStackTarget(options: LocalStackTargetOptions): Promise<RunTarget> {
  const stack = options.stack ?? 'local';
  const endpoint = options.endpoint ?? localStackEndpoint;
  const health = await checkLocalStackHealth(endpoint, options.fetchImpl);
  const stackDir = join(options.repoRoot, 'cdktf.out', 'stacks', stack);
  const tf = readTfJson(join(options.repoRoot, stackFilePath(stack)));
  await runAll(deployCommands(stackDir), options.run);
  const deployed = parseTerraformOutputs(await runAll([outputCommand(stackDir)], options.run), endpoint);

  const process = Object.values(tf.resource?.aws_lambda_function ?? {}).find((f) => (f.tags as Record<string, string> | undefined)?.['pipeline:function'] === 'process');
  const spec = ((process?.environment as { variables?: Record<string, string> } | undefined)?.variables?.PROCESSING_SPEC ?? '{}');
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
    processing: JSON.parse(spec) as ResolvedProcessingSpec,
    summary: [`LocalStack ${health.version ?? ''} at ${endpoint}: stack ${stack} deployed with terraform`, `upload URL ${deployed.uploadUrl}`],
    peekDeadLetters: () => peekQueue(sqs, deployed.dlqUrl),
    failureReason: () => undefined,
    stop: async () => {
      s3.destroy();
      sqs.destroy();
    },
  };
}
