import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineFunctionTag } from '../../../../modules/lambda-function/index.js';
import { KitConfigError } from '../../errors.js';
import type { FunctionPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { numberField, single, textField } from './blocks.js';

/** Lambda's defaults when the Terraform leaves them out. */
const lambdaDefaults = { memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64' } as const;

/** `aws_lambda_function`: each function with its source entry (by its `pipeline:function` tag) and Terraform environment. */
export function loadFunctions(model: StackModel, repoRoot: string, entries: Readonly<Record<string, string>> = {}): FunctionPlan[] {
  return model.ofType('aws_lambda_function').map((r) => {
    const tags = (model.field(r, 'tags') ?? {}) as Record<string, string>;
    const pipelineFunction = tags[pipelineFunctionTag] ?? '';
    const entry = entries[pipelineFunction] ?? join(repoRoot, 'functions', pipelineFunction, 'handler.ts');
    if (!existsSync(entry)) throw new KitConfigError(r.address, `tags["${pipelineFunctionTag}"]`, `maps to ${entry}, which does not exist`);
    const environment = (single(model.field(r, 'environment'))?.variables ?? {}) as Record<string, unknown>;
    return {
      address: r.address,
      name: textField(model, r, 'function_name'),
      arn: String(model.attribute(r.address, 'arn')),
      pipelineFunction,
      entry,
      handlerExport: textField(model, r, 'handler').split('.').pop() ?? 'handler',
      runtime: textField(model, r, 'runtime'),
      memoryMb: numberField(model, r, 'memory_size', lambdaDefaults.memoryMb),
      timeoutSeconds: numberField(model, r, 'timeout', lambdaDefaults.timeoutSeconds),
      architectures: (model.field(r, 'architectures') as string[] | undefined) ?? [lambdaDefaults.architecture],
      environment: Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value)])),
    };
  });
}

/** Functions by every name other resources may use for them: name, ARN, qualified ARN. */
export function functionsByReference(functions: readonly FunctionPlan[]): ReadonlyMap<string, FunctionPlan> {
  const byKey = new Map<string, FunctionPlan>();
  for (const fn of functions) for (const key of [fn.name, fn.arn, `${fn.arn}:$LATEST`]) byKey.set(key, fn);
  return byKey;
}
