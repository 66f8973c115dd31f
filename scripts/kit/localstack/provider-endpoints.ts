import { LocalStackError } from '../errors.js';
import { single } from '../terraform/load/blocks.js';
import type { TfJson } from '../terraform/tf-json.js';

/** Where the stack's AWS provider sends each service, and so which services LocalStack must run. */
export interface LocalStackEndpoints {
  readonly endpoint: string;
  /** The provider's `endpoints` keys (LocalStack's health check names services the same way). */
  readonly services: readonly string[];
  /** The Terraform variable the endpoints are written as (`-var <name>=<url>` moves them), when they are one. */
  readonly variable?: string;
}

const variableReference = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/;

/**
 * The LocalStack endpoint and services of a synthesized stack, read from its AWS provider's
 * `endpoints` block (what `tflocal` would write): the stack is the one list of services it calls.
 * An endpoint written as a variable is that variable's default unless `override` is given.
 */
export function localStackEndpoints(tf: TfJson, stack: string, override?: string): LocalStackEndpoints {
  const endpoints = single(tf.provider?.aws?.[0]?.endpoints) as Record<string, unknown> | undefined;
  const entries = Object.entries(endpoints ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  if (entries.length === 0) throw new LocalStackError(`the stack ${stack} points no AWS service at LocalStack (its provider has no endpoints); deploy the local stack`);
  const urls = [...new Set(entries.map(([, url]) => url))];
  if (urls.length > 1) throw new LocalStackError(`the stack ${stack} points services at several endpoints (${urls.join(', ')}); the kit expects one LocalStack`);
  const services = entries.map(([service]) => service).sort();
  const variable = variableReference.exec(urls[0]!)?.[1];
  if (variable === undefined) {
    if (override !== undefined && override !== urls[0]) {
      throw new LocalStackError(`the stack ${stack} writes its endpoint ${urls[0]} as a constant, so --endpoint ${override} cannot move it; synthesize again (npm run local -- --synth)`);
    }
    return { endpoint: urls[0]!, services };
  }
  const fallback = (tf.variable?.[variable] as { default?: unknown } | undefined)?.default;
  const endpoint = override ?? (typeof fallback === 'string' ? fallback : undefined);
  if (endpoint === undefined) throw new LocalStackError(`the stack ${stack} sends its services to var.${variable}, which has no default: pass --endpoint <url>`);
  return { endpoint: endpoint.replace(/\/+$/, ''), services, variable };
}
