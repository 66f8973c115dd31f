import type { OutputFormat, ResolvedProcessingSpec } from '../../config/index.js';
import type { TimeLimit } from './time-limit.js';

/** Where outputs go, relative to which prefix the source key is read. */
export interface KeyContext {
  /** The trigger prefix; `{dir}` is the source key's folders below it. */
  readonly triggerPrefix: string;
  /** Prefix prepended to every rendered key template. */
  readonly outputPrefix: string;
}

export interface ProcessImageOptions extends KeyContext {
  /** The (decoded) source key, used in output keys and error messages. */
  readonly sourceKey: string;
  readonly spec: ResolvedProcessingSpec;
  /** @default the spec's imageTimeLimitSeconds, conclusive (running past it means too costly) */
  readonly timeLimit?: TimeLimit;
}

export interface SourceInfo {
  /** The format sniffed from the magic bytes, e.g. `jpeg`. */
  readonly format: string;
  /** Dimensions after EXIF orientation is applied. */
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface ProcessedOutput {
  readonly key: string;
  readonly variant: string;
  readonly format: OutputFormat;
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
  readonly body: Buffer;
}

export interface ProcessResult {
  readonly source: SourceInfo;
  readonly outputs: readonly ProcessedOutput[];
  /** Milliseconds: decode (including orientation and colour conversion) and encode of all outputs. */
  readonly timings: { readonly decodeMs: number; readonly encodeMs: number; readonly totalMs: number };
}
