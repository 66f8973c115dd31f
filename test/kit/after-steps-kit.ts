import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { envNames } from '../../config/function-env.js';
import { outputKeysFor } from '../../functions/core/index.js';
import type { KitOptions } from '../../scripts/kit/kit-options.js';
import type { AfterStepsResult } from '../../scripts/kit/run/after-steps-check.js';
import { OutcomeTracker, type UploadOutcome } from '../../scripts/kit/run/outcome-tracker.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import type { Kit } from '../../scripts/kit/start-kit.js';
import { pipelineResources, processingSpecOf } from '../../scripts/kit/terraform/pipeline-resources.js';
import { afterStack, type AfterStackBase, type AfterStackOptions } from './after-stack.js';
import { repoRoot } from './support.js';

export const image = (name: string): Buffer => readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url));

/** Kit options for a real stack with every after-processing step: the real process and notify functions run. */
export function afterStepsKitOptions(base: AfterStackBase, stack: AfterStackOptions): KitOptions {
  return {
    tfJson: afterStack(base, stack),
    stack: base,
    repoRoot,
    faultLog: 'silent',
    prewarm: false,
    maxWorkersPerFunction: 1,
  };
}

/** Puts `body` at `key` in the uploads bucket, follows it to its `outputs` or the DLQ, then checks its after-processing steps. */
export async function uploadAndCheck(target: RunTarget & { kit: Kit }, key: string, body: Buffer): Promise<{ outcome: UploadOutcome; after: AfterStepsResult; outputs: string[] }> {
  const fn = pipelineResources(target.kit.plan).processFunction;
  const outputs = outputKeysFor(key, processingSpecOf(fn), { triggerPrefix: fn.environment[envNames.triggerPrefix] ?? '', outputPrefix: fn.environment[envNames.outputPrefix] ?? '' });
  const deadlineAt = Date.now() + 45_000;
  const tracker = new OutcomeTracker(target, { deadlineAt });
  try {
    await target.s3.send(new PutObjectCommand({ Bucket: target.uploadsBucket, Key: key, Body: body }));
    const outcome = await tracker.track(key, outputs);
    const after = await target.afterSteps!({ key, outputs, processed: outcome.kind === 'outputs' }, deadlineAt);
    return { outcome, after, outputs };
  } finally {
    tracker.stop();
  }
}
