import { join } from 'node:path';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import type { EmulatedEnvironment } from '../../scripts/kit/terraform/attributes.js';
import { readTfJson, stackFilePath, type TfJson } from '../../scripts/kit/terraform/tf-json.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;

/**
 * A stack as `npm run synth` writes it from the code as it is now (synthesized first when stale),
 * so the kit is tested against the real synth and never against a copy that drifts from it. Each
 * call reads the file again: tests may change what they get.
 */
export function synthesizedStack(stack: 'dev' | 'prod' | 'local' | 'direct' | 'state-machine' | 'outputs-in-uploads-bucket' = 'dev'): TfJson {
  ensureSynth(repoRoot, stack, { quiet: true });
  return readTfJson(join(repoRoot, stackFilePath(stack)));
}

/** The resources of one type in a stack, by name (for tests that change the stack before loading it). */
export function resourcesOf(tf: TfJson, type: string): Record<string, Record<string, unknown>> {
  const byType = tf.resource?.[type];
  if (!byType) throw new Error(`the stack declares no ${type}`);
  return byType as Record<string, Record<string, unknown>>;
}

export const testEnv: Omit<EmulatedEnvironment, 'region'> = {
  accountId: '000000000000',
  queueUrl: (name) => `http://sqs.eu-west-1.localhost:4566/000000000000/${name}`,
  apiBaseUrl: () => 'http://127.0.0.1:3000',
  apiKeyValue: () => 'test-api-key',
};
