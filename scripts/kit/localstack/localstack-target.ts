import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { emulatedAccountId } from '../emulated-account.js';
import { peekQueue } from '../run/peek-queue.js';
import type { RunTarget } from '../run/run-target.js';
import { loadPlan, providerRegion } from '../terraform/load-plan.js';
import { pipelineResources, processingSpecOf } from '../terraform/pipeline-resources.js';
import { readTfJson, stackFilePath } from '../terraform/tf-json.js';
import { checkLocalStackHealth } from './health.js';
import { parseTerraformOutputs } from './outputs.js';
import { localStackEndpoints } from './provider-endpoints.js';
import { terraformCliSetup } from './terraform-cli-config.js';
import { commandRunner, deployCommands, destroyCommand, outputCommand, runAll, shellLine, type CommandRunner } from './terraform-cli.js';

export interface LocalStackTargetOptions {
  readonly repoRoot: string;
  /** @default 'local' */
  readonly stack?: string;
  /** The LocalStack-compatible endpoint. @default the stack's `localstack_endpoint` variable default (http://localhost:4566) */
  readonly endpoint?: string;
  /** `terraform destroy` when the target stops; otherwise the command to do it is printed. */
  readonly destroy?: boolean;
  /** Stream terraform's stderr as it runs (it always goes to the log file). */
  readonly verbose?: boolean;
  /** Replaces terraform (tests). */
  readonly run?: CommandRunner;
  readonly fetchImpl?: typeof fetch;
  /** @default stderr */
  readonly log?: (line: string) => void;
}

/**
 * Deploys the `local` stack into a running LocalStack-compatible endpoint with terraform (its
 * provider points every service at the `localstack_endpoint` variable: the endpoint and the services
 * the health check asks for are read from it), reads the outputs and exposes them as a run target.
 * Terraform's output goes to `.build/terraform/<stack>.log`.
 */
export async function startLocalStackTarget(options: LocalStackTargetOptions): Promise<RunTarget> {
  const stack = options.stack ?? 'local';
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const tf = readTfJson(join(options.repoRoot, stackFilePath(stack)));
  const { endpoint, services, variable } = localStackEndpoints(tf, stack, options.endpoint);
  const health = await checkLocalStackHealth(endpoint, services, options.fetchImpl);

  const buildDir = join(options.repoRoot, '.build', 'terraform');
  const cli = options.run ? undefined : terraformCliSetup(buildDir);
  const logFile = options.run ? undefined : join(buildDir, `${stack}.log`);
  if (logFile) writeFileSync(logFile, '');
  const run = options.run ?? commandRunner({ ...(cli ? { env: cli.env } : {}), ...(logFile ? { logFile } : {}), stream: options.verbose ?? false });
  const shownLog = logFile && relative(options.repoRoot, logFile);

  const stackDir = join(options.repoRoot, 'cdktf.out', 'stacks', stack);
  mkdirSync(stackDir, { recursive: true });
  const vars = variable !== undefined ? { [variable]: endpoint } : {};
  await runAll(deployCommands(stackDir, vars), run, shownLog);
  const deployed = parseTerraformOutputs(await runAll([outputCommand(stackDir)], run, shownLog), endpoint);

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
  const destroy = destroyCommand(stackDir, vars);
  // The hint repeats the CLI configuration the kit wrote, so that the pasted command finds the same providers.
  const written = cli?.env.TF_CLI_CONFIG_FILE;
  const ownConfig: Record<string, string> = written !== undefined && written !== process.env.TF_CLI_CONFIG_FILE ? { TF_CLI_CONFIG_FILE: written } : {};
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
    summary: [
      `LocalStack ${health.version ?? ''} at ${endpoint}: stack ${stack} deployed with terraform${cli ? `, ${cli.description}` : ''}`,
      ...(shownLog ? [`terraform's output: ${shownLog}`] : []),
      `upload URL ${deployed.uploadUrl}`,
    ],
    peekDeadLetters: () => peekQueue(sqs, deployed.dlqUrl),
    failureReason: () => undefined,
    stop: async () => {
      s3.destroy();
      sqs.destroy();
      if (!options.destroy) {
        log(`The stack stays deployed at ${endpoint}. Tear it down with --destroy next time, or: ${shellLine(destroy, relative(options.repoRoot, stackDir), ownConfig)}`);
        return;
      }
      log(`destroying stack ${stack} at ${endpoint} (terraform destroy)`);
      await runAll([destroy], run, shownLog);
      log(`stack ${stack} destroyed`);
    },
  };
}
