import type { KitPlan } from './terraform/kit-plan.js';

/** Local-only changes to what the Terraform declares, for fast tests; each is reported. */
export interface PlanOverrides {
  /** Visibility timeout of every queue a mapping reads, in seconds. */
  readonly visibilityTimeoutSeconds?: number;
  /** maxReceiveCount of every redrive policy. */
  readonly maxReceiveCount?: number;
  /** Function timeout, by `pipeline:function` name. */
  readonly functionTimeoutSeconds?: Readonly<Record<string, number>>;
  /** Function memory, by `pipeline:function` name. */
  readonly functionMemoryMb?: Readonly<Record<string, number>>;
  /** Batching window of every mapping, in seconds. */
  readonly batchingWindowSeconds?: number;
  /** Batch size of every mapping. */
  readonly batchSize?: number;
}

export function applyOverrides(plan: KitPlan, overrides: PlanOverrides): { plan: KitPlan; notes: string[] } {
  const notes: string[] = [];
  const mappedQueues = new Set(plan.eventSourceMappings.map((m) => m.queueName));
  const queues = plan.queues.map((q) => {
    let queue = q;
    if (overrides.visibilityTimeoutSeconds !== undefined && mappedQueues.has(q.name)) {
      notes.push(`${q.address}: visibility timeout ${q.visibilityTimeoutSeconds}s -> ${overrides.visibilityTimeoutSeconds}s`);
      queue = { ...queue, visibilityTimeoutSeconds: overrides.visibilityTimeoutSeconds, attributes: { ...queue.attributes, VisibilityTimeout: String(overrides.visibilityTimeoutSeconds) } };
    }
    if (overrides.maxReceiveCount !== undefined && queue.redrive) {
      notes.push(`${q.address}: maxReceiveCount ${queue.redrive.maxReceiveCount} -> ${overrides.maxReceiveCount}`);
      const redrive = { ...queue.redrive, maxReceiveCount: overrides.maxReceiveCount };
      queue = { ...queue, redrive, attributes: { ...queue.attributes, RedrivePolicy: JSON.stringify(redrive) } };
    }
    return queue;
  });
  const functions = plan.functions.map((f) => {
    const timeoutSeconds = overrides.functionTimeoutSeconds?.[f.pipelineFunction];
    const memoryMb = overrides.functionMemoryMb?.[f.pipelineFunction];
    if (timeoutSeconds !== undefined) notes.push(`${f.address}: timeout ${f.timeoutSeconds}s -> ${timeoutSeconds}s`);
    if (memoryMb !== undefined) notes.push(`${f.address}: memory ${f.memoryMb} MB -> ${memoryMb} MB`);
    return { ...f, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}), ...(memoryMb !== undefined ? { memoryMb } : {}) };
  });
  const eventSourceMappings = plan.eventSourceMappings.map((m) => {
    const changed = { ...m };
    if (overrides.batchingWindowSeconds !== undefined) {
      notes.push(`${m.address}: batching window ${m.batchingWindowSeconds}s -> ${overrides.batchingWindowSeconds}s`);
      changed.batchingWindowSeconds = overrides.batchingWindowSeconds;
    }
    if (overrides.batchSize !== undefined) {
      notes.push(`${m.address}: batch size ${m.batchSize} -> ${overrides.batchSize}`);
      changed.batchSize = overrides.batchSize;
    }
    return changed;
  });
  return { plan: { ...plan, queues, functions, eventSourceMappings }, notes };
}
