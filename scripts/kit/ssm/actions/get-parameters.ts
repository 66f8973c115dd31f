import type { ParameterStore, WireParameter } from '../parameter-store.js';
import { ValidationError } from '../ssm-errors.js';

interface GetParametersRequest {
  readonly Names?: unknown;
  readonly WithDecryption?: unknown;
}

/** AmazonSSM.GetParameters: up to 10 names; the missing ones listed in InvalidParameters, not an error. */
export function getParameters(body: GetParametersRequest, store: ParameterStore): { Parameters: WireParameter[]; InvalidParameters: string[] } {
  const names = body.Names;
  if (!Array.isArray(names) || names.length === 0 || !names.every((name): name is string => typeof name === 'string')) {
    throw new ValidationError("1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }
  if (names.length > 10) throw new ValidationError(`1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`);
  const Parameters: WireParameter[] = [];
  const InvalidParameters: string[] = [];
  for (const name of new Set(names)) {
    const parameter = store.get(name);
    if (parameter === undefined) InvalidParameters.push(name);
    else Parameters.push(store.toWire(parameter, body.WithDecryption === true));
  }
  return { Parameters, InvalidParameters };
}
