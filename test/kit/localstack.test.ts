import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LocalStackError } from '../../scripts/kit/errors.js';
import { checkLocalStackHealth } from '../../scripts/kit/localstack/health.js';
import { startLocalStackTarget } from '../../scripts/kit/localstack/localstack-target.js';
import { localStackInvokeUrl, parseTerraformOutputs } from '../../scripts/kit/localstack/outputs.js';
import { localStackEndpoints } from '../../scripts/kit/localstack/provider-endpoints.js';
import { commandRunner, deployCommands, outputCommand, runAll, type CommandSpec } from '../../scripts/kit/localstack/terraform-cli.js';
import { repoRoot, synthesizedStack } from './support.js';

/** `terraform output -json` of the local stack, as terraform prints it (ids as LocalStack makes them). */
const outputsJson = JSON.stringify({
  upload_url: { sensitive: false, type: 'string', value: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/local/uploads' },
  uploads_bucket_name: { sensitive: false, type: 'string', value: 'imgpipe-local-uploads-000000000000' },
  outputs_bucket_name: { sensitive: false, type: 'string', value: 'imgpipe-local-outputs-000000000000' },
  dlq_url: { sensitive: false, type: 'string', value: 'http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/imgpipe-local-process-dlq' },
  api_key_value: { sensitive: true, type: 'string', value: 'LocalStackKey123' },
  process_function_name: { sensitive: false, type: 'string', value: 'imgpipe-local-process' },
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const healthy = (services: Record<string, string>): typeof fetch => (async () => new Response(JSON.stringify({ services, version: '4.14.0' }))) as typeof fetch;
const needed = ['apigateway', 'lambda', 's3', 'sqs'];
const allRunning = { s3: 'running', sqs: 'running', lambda: 'available', apigateway: 'available' };

describe('the services the local stack calls', () => {
  it('are read from the synthesized local stack\'s provider endpoints, all at one LocalStack', () => {
    const { endpoint, services, variable } = localStackEndpoints(synthesizedStack('local'), 'local');
    expect(endpoint).toBe('http://localhost:4566');
    expect(variable).toBe('localstack_endpoint');
    expect(services).toEqual(expect.arrayContaining(['apigateway', 'iam', 'lambda', 's3', 'sqs', 'sts']));
  });

  it('refuse a stack that points nothing at LocalStack', () => {
    expect(() => localStackEndpoints(synthesizedStack('dev'), 'dev')).toThrow(/the stack dev points no AWS service at LocalStack/);
  });

  it('are the services docker-compose.yml starts', () => {
    const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
    const started = /SERVICES=([a-z0-9,]+)/.exec(compose)?.[1]?.split(',').sort();
    expect(started).toEqual(localStackEndpoints(synthesizedStack('local'), 'local').services);
  });
});

describe('LocalStack health check', () => {
  it('says how to start LocalStack when nothing answers', async () => {
    const endpoint = await closedPortUrl();
    const failure = checkLocalStackHealth(endpoint, needed);
    await expect(failure).rejects.toThrow(LocalStackError);
    await expect(failure).rejects.toThrow(`LocalStack is not reachable at ${endpoint}/_localstack/health (ECONNREFUSED)`);
    await expect(failure).rejects.toThrow(/docker compose up -d.*LOCALSTACK_AUTH_TOKEN/s);
  });

  it('names the services the stack needs that LocalStack does not run', async () => {
    await expect(checkLocalStackHealth('http://x', needed, healthy({ ...allRunning, lambda: 'disabled', apigateway: undefined as unknown as string }))).rejects.toThrow(
      'does not offer apigateway (absent), lambda (disabled)',
    );
  });

  it("accepts MiniStack's names for CloudWatch and Step Functions (monitoring, states)", async () => {
    await expect(checkLocalStackHealth('http://x', ['cloudwatch', 'sfn', 's3'], healthy({ monitoring: 'available', states: 'available', s3: 'available' }))).resolves.toEqual({ version: '4.14.0' });
  });

  it('passes when every needed service is running or available', async () => {
    await expect(checkLocalStackHealth('http://x', needed, healthy(allRunning))).resolves.toEqual({ version: '4.14.0' });
  });
});

describe('deploying the local stack with terraform', () => {
  it('runs init then apply -auto-approve in the synthesized stack folder, then reads the outputs as JSON', () => {
    expect(deployCommands('/repo/cdktf.out/stacks/local', { localstack_endpoint: 'http://127.0.0.1:4599' })).toEqual([
      { command: 'terraform', args: ['init', '-input=false', '-no-color'], cwd: '/repo/cdktf.out/stacks/local' },
      { command: 'terraform', args: ['apply', '-auto-approve', '-input=false', '-no-color', '-var', 'localstack_endpoint=http://127.0.0.1:4599'], cwd: '/repo/cdktf.out/stacks/local' },
    ]);
    expect(outputCommand('/s')).toEqual({ command: 'terraform', args: ['output', '-json', '-no-color'], cwd: '/s' });
  });

  it('stops at the first failing command with one line: the command, terraform\'s error, where its whole output is', async () => {
    const ran: string[] = [];
    const stderr = '╷\n│ Error: Failed to query available provider packages\n│\n│ Could not retrieve the list of available versions\n╵\n';
    const run = async (spec: CommandSpec) => {
      ran.push(spec.args[0]!);
      return spec.args[0] === 'init' ? { code: 1, stdout: '', stderr } : { code: 0, stdout: '', stderr: '' };
    };
    const failure = runAll(deployCommands('/s'), run, '.build/terraform/local.log');
    await expect(failure).rejects.toThrow('`terraform init` failed in /s (exit 1): Error: Failed to query available provider packages; the whole output is in .build/terraform/local.log');
    await expect(failure).rejects.not.toThrow(/\n/);
    expect(ran).toEqual(['init']);
  });

  it('says how to get terraform when it is not on PATH', async () => {
    const run = commandRunner({ env: { PATH: mkdtempSync(join(tmpdir(), 'no-terraform-')) } });
    await expect(runAll(deployCommands(tmpdir()), run)).rejects.toThrow(/^terraform is not on PATH: install Terraform 1\.5 or later .*run without --target localstack/);
  });

  it('reads the outputs and turns the stage invoke URL into LocalStack path form', () => {
    expect(parseTerraformOutputs(outputsJson, 'http://localhost:4566')).toEqual({
      uploadUrl: 'http://localhost:4566/_aws/execute-api/a1b2c3d4e5/local/uploads',
      uploadsBucket: 'imgpipe-local-uploads-000000000000',
      outputsBucket: 'imgpipe-local-outputs-000000000000',
      dlqUrl: 'http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/imgpipe-local-process-dlq',
      apiKey: 'LocalStackKey123',
      processFunctionName: 'imgpipe-local-process',
    });
    expect(localStackInvokeUrl('https://abc.execute-api.localhost.localstack.cloud:4566/dev/uploads', 'http://localhost:4566')).toBe('http://localhost:4566/_aws/execute-api/abc/dev/uploads');
  });

  it('names a missing output', () => {
    expect(() => parseTerraformOutputs('{"dlq_url":{"value":"x"}}', 'http://localhost:4566')).toThrow(/no output upload_url/);
  });

  it('builds a run target from a deployment of the synthesized local stack at --endpoint, and destroys it on stop with --destroy (terraform and LocalStack faked)', async () => {
    const { services } = localStackEndpoints(synthesizedStack('local'), 'local');
    const asked: string[] = [];
    const commands: string[] = [];
    const logged: string[] = [];
    const target = await startLocalStackTarget({
      repoRoot,
      endpoint: 'http://127.0.0.1:4599',
      destroy: true,
      log: (line) => logged.push(line),
      fetchImpl: (async (url: string | URL | Request) => {
        asked.push(String(url));
        return new Response(JSON.stringify({ services: Object.fromEntries(services.map((s) => [s, 'running'])), version: '4.14.0' }));
      }) as typeof fetch,
      run: async (spec) => {
        commands.push(`${spec.command} ${spec.args.filter((a) => !a.startsWith('-') || a === '-var').join(' ')} @ ${spec.cwd.split('/').slice(-3).join('/')}`);
        return { code: 0, stdout: spec.args[0] === 'output' ? outputsJson : '', stderr: '' };
      },
    });
    expect(commands).toEqual([
      'terraform init @ cdktf.out/stacks/local',
      'terraform apply -var localstack_endpoint=http://127.0.0.1:4599 @ cdktf.out/stacks/local',
      'terraform output @ cdktf.out/stacks/local',
    ]);
    expect(target).toMatchObject({ name: 'localstack', uploadUrl: 'http://127.0.0.1:4599/_aws/execute-api/a1b2c3d4e5/local/uploads', apiKey: 'LocalStackKey123', region: 'eu-west-1', outputsBucket: 'imgpipe-local-outputs-000000000000' });
    expect(asked).toEqual(['http://127.0.0.1:4599/_localstack/health']);
    expect(target.processing.variants.map((v) => v.name)).toEqual(['thumb', 'medium', 'large']);
    await target.stop();
    expect(commands.at(-1)).toBe('terraform destroy -var localstack_endpoint=http://127.0.0.1:4599 @ cdktf.out/stacks/local');
    expect(logged.at(-1)).toBe('stack local destroyed');
  });

  it('without --destroy, leaves the stack deployed and prints the command that tears it down', async () => {
    const { services } = localStackEndpoints(synthesizedStack('local'), 'local');
    const logged: string[] = [];
    const commands: string[] = [];
    const target = await startLocalStackTarget({
      repoRoot,
      log: (line) => logged.push(line),
      fetchImpl: (async () => new Response(JSON.stringify({ services: Object.fromEntries(services.map((s) => [s, 'running'])) }))) as typeof fetch,
      run: async (spec) => {
        commands.push(spec.args[0]!);
        return { code: 0, stdout: spec.args[0] === 'output' ? outputsJson : '', stderr: '' };
      },
    });
    await target.stop();
    expect(commands).toEqual(['init', 'apply', 'output']);
    expect(logged).toEqual([
      'The stack stays deployed at http://localhost:4566. Tear it down with --destroy next time, or: (cd cdktf.out/stacks/local && terraform destroy -auto-approve -input=false -no-color -var localstack_endpoint=http://localhost:4566)',
    ]);
  });
});

describe('docker-compose.yml', () => {
  const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
  it('pins LocalStack 4.14, passes the auth token through, publishes 4566, checks health and mounts the docker socket', () => {
    expect(compose).toMatch(/image: localstack\/localstack:4\.14\n/);
    expect(compose).toContain('LOCALSTACK_AUTH_TOKEN=${LOCALSTACK_AUTH_TOKEN:-}');
    expect(compose).toContain('"127.0.0.1:4566:4566"');
    expect(compose).toContain('http://localhost:4566/_localstack/health');
    expect(compose).toContain('/var/run/docker.sock:/var/run/docker.sock');
  });
});
