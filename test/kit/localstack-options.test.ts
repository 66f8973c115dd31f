import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localStackEndpoints } from '../../scripts/kit/localstack/provider-endpoints.js';
import { mirrorCliConfig, terraformCliSetup } from '../../scripts/kit/localstack/terraform-cli-config.js';
import { parseLocalArgs } from '../../scripts/kit/run/local-args.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';

describe('npm run local -- --target localstack options', () => {
  it('takes --endpoint and --destroy with the localstack target', () => {
    expect(parseLocalArgs(['--target', 'localstack', '--endpoint', 'http://127.0.0.1:4599/', '--destroy'])).toMatchObject({
      target: 'localstack',
      stack: 'local',
      endpoint: 'http://127.0.0.1:4599',
      destroy: true,
    });
    expect(parseLocalArgs(['--target', 'localstack'])).toMatchObject({ destroy: false });
    expect(parseLocalArgs(['--target', 'localstack']).endpoint).toBeUndefined();
  });

  it('refuses --endpoint and --destroy on the embedded target, and an endpoint that is not an http URL', () => {
    expect(() => parseLocalArgs(['--endpoint', 'http://x:1'])).toThrow('--endpoint goes with --target localstack');
    expect(() => parseLocalArgs(['--destroy'])).toThrow('--destroy goes with --target localstack');
    expect(() => parseLocalArgs(['--target', 'localstack', '--endpoint', 'localhost:4566'])).toThrow(/--endpoint must be an http or https URL/);
    expect(() => parseLocalArgs(['--target', 'localstack', '--endpoint', 'not a url'])).toThrow(/--endpoint must be a URL such as http:\/\/localhost:4566/);
  });

  it('takes --json <file> on either target', () => {
    expect(parseLocalArgs(['--json', 'out/verdicts.json']).json).toBe('out/verdicts.json');
    expect(parseLocalArgs([]).json).toBeUndefined();
  });
});

describe('the endpoint of a stack whose provider uses a variable', () => {
  const stack = (variable: Record<string, unknown> | undefined): TfJson =>
    ({
      provider: { aws: [{ endpoints: [{ s3: '${var.localstack_endpoint}', sqs: '${var.localstack_endpoint}' }] }] },
      ...(variable ? { variable: { localstack_endpoint: variable } } : {}),
      resource: {},
    }) as unknown as TfJson;

  it("is the variable's default, or --endpoint, and names the variable to set", () => {
    expect(localStackEndpoints(stack({ default: 'http://localhost:4566' }), 'local')).toEqual({ endpoint: 'http://localhost:4566', services: ['s3', 'sqs'], variable: 'localstack_endpoint' });
    expect(localStackEndpoints(stack({ default: 'http://localhost:4566' }), 'local', 'http://127.0.0.1:9').endpoint).toBe('http://127.0.0.1:9');
  });

  it('asks for --endpoint when the variable has no default', () => {
    expect(() => localStackEndpoints(stack({ type: 'string' }), 'local')).toThrow('var.localstack_endpoint, which has no default: pass --endpoint <url>');
  });

  it('refuses --endpoint for a stack synthesized with a constant endpoint', () => {
    const constant = { provider: { aws: [{ endpoints: [{ s3: 'http://localhost:4566' }] }] }, resource: {} } as unknown as TfJson;
    expect(() => localStackEndpoints(constant, 'old', 'http://127.0.0.1:9')).toThrow(/cannot move it; synthesize again/);
    expect(localStackEndpoints(constant, 'old').endpoint).toBe('http://localhost:4566');
  });
});

describe('the terraform CLI configuration', () => {
  const buildDir = (): string => mkdtempSync(join(tmpdir(), 'tf-cli-'));
  const mirror = '/opt/mirror';
  const only =
    (...present: string[]) =>
    (path: string): boolean =>
      present.includes(path);

  it("honours the user's own TF_CLI_CONFIG_FILE when that file exists", () => {
    const env = { TF_CLI_CONFIG_FILE: '/home/me/.terraformrc', PATH: '/bin' };
    const setup = terraformCliSetup(buildDir(), env, { mirrors: [mirror], exists: only('/home/me/.terraformrc', `${mirror}/registry.terraform.io/hashicorp/aws`) });
    expect(setup.env).toBe(env);
  });

  it('otherwise writes one that installs hashicorp providers from the mirror found on the machine', () => {
    const dir = buildDir();
    const setup = terraformCliSetup(dir, { TF_CLI_CONFIG_FILE: '/missing.tfrc', PATH: '/bin' }, { mirrors: ['/nothing', mirror], exists: only(`${mirror}/registry.terraform.io/hashicorp/aws`) });
    expect(setup.env).toEqual({ PATH: '/bin', TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc') });
    const written = readFileSync(join(dir, 'cli.tfrc'), 'utf8');
    expect(written).toBe(mirrorCliConfig(mirror));
    expect(written).toMatch(/filesystem_mirror \{\n {4}path {4}= "\/opt\/mirror"\n {4}include = \["registry.terraform.io\/hashicorp\/\*"\]/);
  });

  it('without a mirror, leaves terraform to its registry and drops a TF_CLI_CONFIG_FILE naming no file', () => {
    const setup = terraformCliSetup(buildDir(), { TF_CLI_CONFIG_FILE: '/missing.tfrc', PATH: '/bin' }, { mirrors: [mirror], exists: only() });
    expect(setup.env).toEqual({ PATH: '/bin' });
    expect(setup.description).toMatch(/no provider mirror found/);
  });
});
