import { LocalStackError } from '../errors.js';
import { single } from '../terraform/load/blocks.js';
import type { TfJson } from '../terraform/tf-json.js';

/** Where the stack's AWS provider sends each service, and so which services LocalStack must run. */
export interface LocalStackEndpoints {
  readonly endpoint: string;
  /** The provider's `endpoints` keys (LocalStack's health check names services the same way). */
  readonly services: readonly string[];
}

/**
 * The LocalStack endpoint and services of a synthesized stack, read from its AWS provider's
 * `endpoints` block (what `tflocal` would write): the stack is the one list of services it calls.
 */
export function localStackEndpoints(tf: TfJson, stack: string): LocalStackEndpoints {
  const endpoints = single(tf.provider?.aws?.[0]?.endpoints) as Record<string, unknown> | undefined;
  const entries = Object.entries(endpoints ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  if (entries.length === 0) throw new LocalStackError(`the stack ${stack} points no AWS service at LocalStack (its provider has no endpoints); deploy the local stack`);
  const urls = [...new Set(entries.map(([, url]) => url))];
  if (urls.length > 1) throw new LocalStackError(`the stack ${stack} points services at several endpoints (${urls.join(', ')}); the kit expects one LocalStack`);
  return { endpoint: urls[0]!, services: entries.map(([service]) => service).sort() };
}
