import type { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key/index.js';
import { TerraformVariable, type TerraformStack } from 'cdktf';
import type { Architecture } from '../config/types.js';

/** The Terraform variable naming the LocalStack-compatible endpoint: `terraform apply -var localstack_endpoint=...`. */
export const localstackEndpointVariable = 'localstack_endpoint';

/**
 * The AWS provider versions the `local` stack accepts: LocalStack users run whatever their
 * terraform has installed or mirrored (5.100 here), the stack uses nothing that 5.x lacks.
 */
export const localstackProviderConstraint = '>= 5.0, < 7.0';

/**
 * The local stack's upload key. LocalStack-compatible endpoints refuse the empty value the provider
 * sends when none is given (MiniStack wants 20+ characters); it guards nothing but a local emulator.
 */
export const localstackApiKeyValue = 'local-upload-key-not-a-secret';

/** Env var choosing the local stack's Lambda architecture at synth time; unset, it follows the host. */
export const localArchitectureEnv = 'LOCAL_STACK_ARCHITECTURE';

/**
 * The architecture of the local stack's functions: an emulator runs them on this machine, whatever
 * `architectures` says, so the zips must carry this machine's sharp binaries.
 */
export function localArchitecture(env: NodeJS.ProcessEnv = process.env, hostArch: string = process.arch): Architecture {
  const configured = env[localArchitectureEnv];
  if (configured === 'arm64' || configured === 'x86_64') return configured;
  if (configured !== undefined && configured !== '') throw new Error(`${localArchitectureEnv} must be arm64 or x86_64, not ${configured}`);
  return hostArch === 'arm64' ? 'arm64' : 'x86_64';
}

/** Declares the endpoint variable (default: `defaultEndpoint`) and returns its reference. */
export function addLocalstackEndpointVariable(stack: TerraformStack, defaultEndpoint: string): string {
  const variable = new TerraformVariable(stack, localstackEndpointVariable, {
    type: 'string',
    default: defaultEndpoint,
    description: 'The LocalStack-compatible endpoint every AWS service of this stack is sent to, also handed to the functions',
  });
  variable.overrideLogicalId(localstackEndpointVariable);
  return `\${var.${localstackEndpointVariable}}`;
}

/** What the functions need to call the same endpoint: the SDK's endpoint variable and path-style S3 (no bucket subdomains there). */
export function localstackFunctionEnvironment(endpoint: string): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint, AWS_S3_FORCE_PATH_STYLE: 'true' };
}

/** The local-only settings that are not the provider's: a relaxed provider constraint and an explicit API key value. */
export function applyLocalstackSettings(stack: TerraformStack, apiKey: ApiGatewayApiKey | undefined): void {
  stack.addOverride('terraform.required_providers.aws.version', localstackProviderConstraint);
  if (apiKey !== undefined) apiKey.value = localstackApiKeyValue;
}
