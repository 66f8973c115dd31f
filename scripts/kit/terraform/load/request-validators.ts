import { KitConfigError } from '../../errors.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';

/** What a method's request validator checks. */
export interface MethodValidation {
  readonly body: boolean;
  readonly parameters: boolean;
}

/** The REST API's `aws_api_gateway_request_validator`s, by id. */
export function requestValidatorsOf(model: StackModel, belongs: (r: TfResource) => boolean): ReadonlyMap<string, TfResource> {
  return new Map(model.ofType('aws_api_gateway_request_validator').filter(belongs).map((v) => [String(model.attribute(v.address, 'id')), v]));
}

/** What the method's `request_validator_id` asks API Gateway to check (nothing without one); an id the API does not declare is an error naming the method. */
export function methodValidation(model: StackModel, method: TfResource, validators: ReadonlyMap<string, TfResource>): MethodValidation {
  const validatorId = model.field(method, 'request_validator_id');
  if (validatorId === undefined || validatorId === null) return { body: false, parameters: false };
  const validator = validators.get(String(validatorId));
  if (!validator) throw new KitConfigError(method.address, 'request_validator_id', 'does not name a request validator of this REST API');
  return { body: model.field(validator, 'validate_request_body') === true, parameters: model.field(validator, 'validate_request_parameters') === true };
}
