import { envNames } from '../../../config/function-env.js';
import type { ResolvedProcessingSpec } from '../../../config/resolved.js';
import { KitConfigError } from '../errors.js';
import type { BucketPlan, FunctionPlan, KitPlan, QueuePlan } from './kit-plan.js';

/**
 * The outputs the pipeline stack declares (stacks/pipeline-stack.ts), by what they hold. The kit
 * finds the pipeline's buckets, queues and functions through them, as an operator would with
 * `terraform output`, never by name patterns.
 */
export const pipelineOutputNames = {
  uploadUrl: 'upload_url',
  uploadsBucket: 'uploads_bucket_name',
  outputsBucket: 'outputs_bucket_name',
  /** Only a queue-triggered stack has one. */
  queueUrl: 'queue_url',
  dlqUrl: 'dlq_url',
  processFunction: 'process_function_name',
  uploadFunction: 'upload_function_name',
  apiKeyValue: 'api_key_value',
  /** `queue`, `direct` or `eventbridge` (informational; a stack without it is a queue stack). */
  triggerVia: 'trigger_via',
  /** eventbridge only: the state machine the rule starts. */
  stateMachineArn: 'state_machine_arn',
  /** eventbridge with the executions API only: `<invoke url>/executions`. */
  executionsUrl: 'executions_url',
} as const;

export type TriggerVia = 'queue' | 'direct' | 'eventbridge';
const triggers: readonly TriggerVia[] = ['queue', 'direct', 'eventbridge'];

/** The resources the stack's outputs name, as the kit built them. */
export interface PipelineResources {
  readonly uploadsBucket: BucketPlan;
  readonly outputsBucket: BucketPlan;
  /** The queue S3 notifies and the process function's mapping reads; absent when S3 invokes the function otherwise (no `queue_url` output). */
  readonly queue?: QueuePlan;
  readonly dlq: QueuePlan;
  readonly processFunction: FunctionPlan;
  readonly uploadFunction: FunctionPlan;
  /** How S3 starts the processing: the `trigger_via` output (`queue` when the stack has none). */
  readonly triggerVia: TriggerVia;
  /** eventbridge: the state machine's ARN (the `state_machine_arn` output). */
  readonly stateMachineArn?: string;
  /** eventbridge with the executions API: the `executions_url` output, as the kit serves it. */
  readonly executionsUrl?: string;
}

/** An output's resolved value; an output that is missing or cannot be resolved is an error naming it. */
export function outputValue(plan: KitPlan, name: string): string {
  const output = plan.outputs[name];
  if (!output) throw new KitConfigError(`output.${name}`, '', `the stack ${plan.stack} declares no such output (outputs: ${Object.keys(plan.outputs).join(', ') || 'none'})`);
  if (output.error !== undefined) throw new KitConfigError(`output.${name}`, '', output.error);
  return String(output.value);
}

function find<T>(plan: KitPlan, output: string, items: readonly T[], matches: (item: T, value: string) => boolean, kind: string): T {
  const value = outputValue(plan, output);
  const found = items.find((item) => matches(item, value));
  if (!found) throw new KitConfigError(`output.${output}`, '', `${value} is not ${kind} of the stack ${plan.stack}`);
  return found;
}

/** The pipeline's buckets, queues and functions, each found through the stack output that names it. */
export function pipelineResources(plan: KitPlan): PipelineResources {
  const bucket = (output: string): BucketPlan => find(plan, output, plan.buckets, (b, name) => b.name === name, 'a bucket');
  const queue = (output: string): QueuePlan => find(plan, output, plan.queues, (q, url) => q.url === url, 'a queue');
  const fn = (output: string): FunctionPlan => find(plan, output, plan.functions, (f, name) => f.name === name, 'a function');
  return {
    uploadsBucket: bucket(pipelineOutputNames.uploadsBucket),
    outputsBucket: bucket(pipelineOutputNames.outputsBucket),
    ...(plan.outputs[pipelineOutputNames.queueUrl] !== undefined ? { queue: queue(pipelineOutputNames.queueUrl) } : {}),
    dlq: queue(pipelineOutputNames.dlqUrl),
    processFunction: fn(pipelineOutputNames.processFunction),
    uploadFunction: fn(pipelineOutputNames.uploadFunction),
    triggerVia: triggerViaOf(plan),
    ...optionalOutput(plan, pipelineOutputNames.stateMachineArn, 'stateMachineArn'),
    ...optionalOutput(plan, pipelineOutputNames.executionsUrl, 'executionsUrl'),
  };
}

function triggerViaOf(plan: KitPlan): TriggerVia {
  if (plan.outputs[pipelineOutputNames.triggerVia] === undefined) return 'queue';
  const value = outputValue(plan, pipelineOutputNames.triggerVia);
  if (!(triggers as readonly string[]).includes(value)) throw new KitConfigError(`output.${pipelineOutputNames.triggerVia}`, '', `${value} is not one of ${triggers.join(', ')}`);
  return value as TriggerVia;
}

/** `{ [field]: value }` for an output the stack declares, `{}` for one it does not. */
function optionalOutput<F extends string>(plan: KitPlan, output: string, field: F): Partial<Record<F, string>> {
  return plan.outputs[output] !== undefined ? ({ [field]: outputValue(plan, output) } as Record<F, string>) : {};
}

/** The processing spec a function runs with: its PROCESSING_SPEC in the Terraform (the name from config/function-env.ts). */
export function processingSpecOf(fn: FunctionPlan): ResolvedProcessingSpec {
  const text = fn.environment[envNames.processingSpec];
  if (text === undefined) throw new KitConfigError(fn.address, `environment.variables.${envNames.processingSpec}`, 'is not set');
  return JSON.parse(text) as ResolvedProcessingSpec;
}
