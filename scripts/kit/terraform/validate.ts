import { pipelineFunctionTag } from '../../../modules/lambda-function/index.js';
import { KitConfigError } from '../errors.js';
import { listResources, type TfJson, type TfResource } from './tf-json.js';

type Check = (resource: TfResource) => string[];

const requireFields =
  (...fields: string[]): Check =>
  (r) =>
    fields.filter((f) => r.config[f] === undefined || r.config[f] === '').map((f) => `${r.address}.${f}: required by the local kit`);

const checks: Readonly<Record<string, Check>> = {
  aws_s3_bucket: () => [],
  aws_sqs_queue: (r) =>
    r.config.name === undefined ? [`${r.address}.name: the kit needs an explicit queue name (name_prefix is not supported)`] : [],
  aws_s3_bucket_notification: requireFields('bucket'),
  aws_lambda_function: (r) => {
    const issues = requireFields('function_name', 'handler')(r);
    const tags = r.config.tags as Record<string, unknown> | undefined;
    if (typeof tags?.[pipelineFunctionTag] !== 'string') {
      issues.push(`${r.address}.tags: no "${pipelineFunctionTag}" tag, so the kit cannot map the function to its source entry`);
    }
    if (typeof r.config.runtime === 'string' && !r.config.runtime.startsWith('nodejs')) {
      issues.push(`${r.address}.runtime: ${r.config.runtime} is not a Node.js runtime`);
    }
    return issues;
  },
  aws_lambda_event_source_mapping: requireFields('event_source_arn', 'function_name'),
  aws_api_gateway_resource: requireFields('rest_api_id', 'parent_id', 'path_part'),
  aws_api_gateway_method: requireFields('rest_api_id', 'resource_id', 'http_method'),
  aws_api_gateway_integration: requireFields('rest_api_id', 'resource_id', 'http_method', 'type'),
};

/** Step 1 of 3 (validate, load, apply): the shape the kit needs, every problem listed at once. */
export function validateStack(tf: TfJson, source: string): void {
  if (tf === null || typeof tf !== 'object' || typeof tf.resource !== 'object') {
    throw new KitConfigError(source, '', 'not a synthesized Terraform stack (no "resource" block)');
  }
  const issues = listResources(tf).flatMap((r) => (r.mode === 'managed' ? (checks[r.type]?.(r) ?? []) : []));
  if (issues.length > 0) throw new KitConfigError(source, '', `the stack cannot be emulated:\n  ${issues.join('\n  ')}`);
}
