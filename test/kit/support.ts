import { readFileSync } from 'node:fs';
import type { EmulatedEnvironment } from '../../scripts/kit/terraform/attributes.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;

/** A copy of the synthesized dev stack (`npm run synth`), the shape the kit reads. */
export function devStack(): TfJson {
  return JSON.parse(readFileSync(new URL('./fixtures/dev-stack.tf.json', import.meta.url), 'utf8')) as TfJson;
}

export const testEnv: Omit<EmulatedEnvironment, 'region'> = {
  accountId: '000000000000',
  queueUrl: (name) => `http://sqs.eu-west-1.localhost:4566/000000000000/${name}`,
  apiBaseUrl: () => 'http://127.0.0.1:3000',
  apiKeyValue: () => 'test-api-key',
};
