import type { ParameterStore, WireParameter } from '../parameter-store.js';
import { ParameterNotFoundError, ValidationError } from '../ssm-errors.js';

interface GetParameterRequest {
  readonly Name?: unknown;
  readonly WithDecryption?: unknown;
}

/** AmazonSSM.GetParameter: one parameter by name, or ParameterNotFound. */
export function getParameter(body: GetParameterRequest, store: ParameterStore): { Parameter: WireParameter } {
  if (typeof body.Name !== 'string' || body.Name === '') throw new ValidationError("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  const parameter = store.get(body.Name);
  if (parameter === undefined) throw new ParameterNotFoundError(body.Name);
  return { Parameter: store.toWire(parameter, body.WithDecryption === true) };
}
