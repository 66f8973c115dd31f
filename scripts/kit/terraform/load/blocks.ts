import type { FunctionPlan, QueuePlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';

/** A repeatable block as a list: absent is empty, a single block is a list of one. */
export function asArray(value: unknown): Record<string, unknown>[] & unknown[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
}

/** cdktf writes single nested blocks as an object; plain Terraform JSON may use a one-element list. */
export function single(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value[0] as Record<string, unknown> | undefined;
  return (value ?? undefined) as Record<string, unknown> | undefined;
}

/** A resolved argument as text ('' when absent). */
export function textField(model: StackModel, resource: TfResource, field: string): string {
  return String(model.field(resource, field) ?? '');
}

/** A resolved argument as a number, `fallback` when absent (the provider's default). */
export function numberField(model: StackModel, resource: TfResource, field: string, fallback: number): number {
  const value = model.field(resource, field);
  return value === undefined || value === null ? fallback : Number(value);
}

/** A resource the kit cannot emulate, and why; collected while loading, reported by name. */
export interface NotEmulated {
  readonly address: string;
  readonly reason: string;
}

/** What later loaders look other resources up in: this stack's queues by ARN, functions by name or ARN. */
export interface StackIndex {
  readonly queueByArn: ReadonlyMap<string, QueuePlan>;
  readonly functionByReference: ReadonlyMap<string, FunctionPlan>;
}
