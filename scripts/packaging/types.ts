import type { Architecture } from '../../config/index.js';

/** The Lambda functions this project ships; each has its entry at functions/<name>/handler.ts. */
export type FunctionName = 'process' | 'upload' | 'notify';

export const functionNames: readonly FunctionName[] = ['process', 'upload', 'notify'];

export interface PackageOptions {
  readonly architecture: Architecture;
  /** Where zips are written. @default '.build/dist' */
  readonly outDir?: string;
  /** Only these functions. @default all */
  readonly functions?: readonly FunctionName[];
}

/** Absolute zip path per function. Zip names are `<function>-<architecture>.zip`. */
export type PackagedFunctions = Record<FunctionName, string>;
