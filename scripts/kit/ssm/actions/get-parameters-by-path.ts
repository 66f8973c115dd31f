import type { ParameterStore, WireParameter } from '../parameter-store.js';
import { ValidationError } from '../ssm-errors.js';

interface GetParametersByPathRequest {
  readonly Path?: unknown;
  readonly Recursive?: unknown;
  readonly WithDecryption?: unknown;
  readonly MaxResults?: unknown;
  readonly NextToken?: unknown;
}

/** SSM's page size for GetParametersByPath: at most 10. */
const maxPageSize = 10;

/**
 * AmazonSSM.GetParametersByPath: the parameters under `Path` (its direct children, or the whole
 * hierarchy with `Recursive`), a page of up to `MaxResults` at a time with a `NextToken` for the rest.
 */
export function getParametersByPath(body: GetParametersByPathRequest, store: ParameterStore): { Parameters: WireParameter[]; NextToken?: string } {
  const { Path: path } = body;
  if (typeof path !== 'string' || !path.startsWith('/')) throw new ValidationError('The parameter path must begin with a forward slash (/).');
  const pageSize = body.MaxResults === undefined ? maxPageSize : Number(body.MaxResults);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw new ValidationError(`1 validation error detected: Value '${String(body.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${maxPageSize}`);
  }
  const start = body.NextToken === undefined ? 0 : Number(Buffer.from(String(body.NextToken), 'base64url').toString());
  if (!Number.isInteger(start) || start < 0) throw new ValidationError('The specified token is not valid.');

  const base = path.endsWith('/') ? path : `${path}/`;
  const under = store.names().filter((name) => name.startsWith(base) && (body.Recursive === true || !name.slice(base.length).includes('/')));
  const page = under.slice(start, start + pageSize);
  const next = start + page.length;
  return {
    Parameters: page.map((name) => store.toWire(store.get(name)!, body.WithDecryption === true)),
    ...(next < under.length && { NextToken: Buffer.from(String(next)).toString('base64url') }),
  };
}
