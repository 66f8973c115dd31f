import type { WorkItem } from '../events/index.js';
import type { ImageRecordLocation } from '../shared/image-record.js';
import { elapsedMs } from '../shared/logging.js';
import { runAfterSteps } from './after/run-after-steps.js';
import type { ProcessDeps } from './deps.js';
import { imageTimeLimit, type RemainingTime } from './image-time-limit.js';
import { readSource } from './read-source.js';
import { sourceMetadata } from './source-metadata.js';
import { writeOutputs } from './write-outputs.js';

export interface ProcessedObject {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  /** Output keys, in the order they were written. */
  readonly outputs: readonly string[];
  /** Where its metadata record was written (after.metadata on). */
  readonly metadata?: ImageRecordLocation;
}

/**
 * One source object: download (size-checked), run the core within the image's time limit, upload
 * every output, then the after-processing steps (archive, metadata, notify). Throws on failure.
 */
export async function processObject(item: WorkItem, deps: ProcessDeps, remaining?: RemainingTime): Promise<ProcessedObject> {
  const { s3, core, settings, logger } = deps;
  const getStarted = performance.now();
  const source = await readSource(s3, item, settings.processing.maxInputBytes);
  const s3GetMs = elapsedMs(getStarted);

  const result = await core.processImage(source.body, {
    sourceKey: item.key,
    spec: settings.processing,
    triggerPrefix: settings.triggerPrefix,
    outputPrefix: settings.outputPrefix,
    timeLimit: imageTimeLimit(settings.processing.imageTimeLimitSeconds, remaining),
  });

  const putStarted = performance.now();
  await writeOutputs(s3, result.outputs, {
    bucket: settings.outputBucket,
    cacheControl: settings.cacheControl,
    metadata: sourceMetadata(item, source),
  });
  const s3PutMs = elapsedMs(putStarted);
  const after = await runAfterSteps(item, source, result, deps, settings);

  const outputs = result.outputs.map((output) => output.key);
  logger.info('processed', {
    bucket: item.bucket,
    key: item.key,
    ...(item.messageId !== undefined && { messageId: item.messageId }),
    bytes: source.body.byteLength,
    format: result.source.format,
    width: result.source.width,
    height: result.source.height,
    variantCount: result.outputs.length,
    outputBytes: result.outputs.reduce((sum, output) => sum + output.body.byteLength, 0),
    outputs,
    ...(after.archive !== undefined && { archive: after.archive.key }),
    ...(after.metadata !== undefined && { metadata: after.metadata }),
    ...(settings.after?.notify !== undefined && { notified: after.notified }),
    timings: { s3GetMs, decodeMs: result.timings.decodeMs, encodeMs: result.timings.encodeMs, s3PutMs, ...after.timings },
  });
  return { bucket: item.bucket, key: item.key, bytes: source.body.byteLength, outputs, ...(after.metadata !== undefined && { metadata: after.metadata }) };
}
