import type { TfResource } from './tf-json.js';

/** Resource types the kit builds on the emulator. */
export const emulatedTypes: ReadonlySet<string> = new Set([
  'aws_s3_bucket',
  'aws_s3_bucket_notification',
  'aws_sqs_queue',
  'aws_lambda_function',
  'aws_lambda_event_source_mapping',
  'aws_lambda_function_event_invoke_config',
  'aws_lambda_permission',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_resource',
  'aws_api_gateway_method',
  'aws_api_gateway_integration',
  'aws_api_gateway_deployment',
  'aws_api_gateway_stage',
  'aws_api_gateway_api_key',
  'aws_api_gateway_usage_plan',
  'aws_api_gateway_usage_plan_key',
  'aws_api_gateway_gateway_response',
  'aws_api_gateway_model',
  'aws_api_gateway_request_validator',
  'aws_api_gateway_method_response',
  'aws_api_gateway_integration_response',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_sfn_state_machine',
  'aws_dynamodb_table',
  'aws_ssm_parameter',
  'data.aws_caller_identity',
  'data.aws_region',
  'data.aws_partition',
]);

/**
 * Types that guard or observe the data path but do not move data: accepted and not enforced
 * locally (IAM, logs, alarms, policies, encryption, ownership, throttling).
 */
export const offPathTypes: ReadonlySet<string> = new Set([
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'data.aws_iam_policy_document',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_dashboard',
  'aws_sns_topic_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_cors_configuration',
  'aws_sqs_queue_policy',
  'aws_sqs_queue_redrive_allow_policy',
  'aws_api_gateway_method_settings',
  'aws_api_gateway_account',
  'aws_kms_key',
  'aws_kms_alias',
  // S3 server access logs (buckets.accessLogs) and the WAF web ACL on the stage (upload.wafWebAclArn):
  // they record or filter requests, the emulator serves them unfiltered and unlogged.
  'aws_s3_bucket_logging',
  'aws_wafv2_web_acl_association',
]);

/** The key used in the sets: `type` for resources, `data.type` for data sources. */
export function typeKey(resource: TfResource): string {
  return resource.mode === 'data' ? `data.${resource.type}` : resource.type;
}
