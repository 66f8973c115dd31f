import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KitConfigError } from '../errors.js';

/** The parts of a synthesized `cdk.tf.json` the kit reads. */
export interface TfJson {
  readonly resource?: Record<string, Record<string, TfBlock>>;
  readonly data?: Record<string, Record<string, TfBlock>>;
  readonly output?: Record<string, { readonly value: unknown; readonly sensitive?: boolean; readonly description?: string }>;
  readonly provider?: Record<string, readonly TfBlock[]>;
  readonly variable?: Record<string, TfBlock>;
  readonly locals?: TfBlock;
}

export type TfBlock = Record<string, unknown>;

/** One resource or data source of the stack. `address` is `type.name` or `data.type.name`. */
export interface TfResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly config: TfBlock;
}

export function stackFilePath(stack: string, cdktfOut = 'cdktf.out'): string {
  return join(cdktfOut, 'stacks', stack, 'cdk.tf.json');
}

/** Reads a synthesized stack; a file caught half-written by a synthesis running elsewhere is read again. */
export function readTfJson(path: string, attempts = 5): TfJson {
  for (let attempt = 1; ; attempt++) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new KitConfigError(path, '', `cannot read the synthesized stack (run \`npm run synth\`): ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text) as TfJson;
    } catch (error) {
      if (attempt >= attempts) throw new KitConfigError(path, '', `not valid JSON: ${(error as Error).message}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/** Every resource and data source, in file order, without cdktf's `//` metadata blocks. */
export function listResources(tf: TfJson): TfResource[] {
  const out: TfResource[] = [];
  for (const [mode, blocks] of [
    ['managed', tf.resource],
    ['data', tf.data],
  ] as const) {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, block] of Object.entries(byName)) {
        const { ['//']: _metadata, ...config } = block;
        const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        out.push({ address, mode, type, name, config });
      }
    }
  }
  return out;
}
