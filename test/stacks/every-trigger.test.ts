import { describe, expect, it } from 'vitest';
import { triggerPaths, type TriggerVia } from '../../config/index.js';
import { breadthFault, policyDocuments, resourcesOf } from '../modules/terraform-json.js';
import { synthPipeline } from './synth-pipeline.js';

/** Every policy document of each trigger's stack, by where it lives: roles (trust + inline), bucket, queue and key policies. */
const expectedPolicies: Record<TriggerVia, string[]> = {
  queue: ['aws_iam_role', 'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy', 'aws_kms_key', 'aws_s3_bucket_policy', 'aws_s3_bucket_policy', 'aws_sqs_queue_policy'],
  direct: ['aws_iam_role', 'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy', 'aws_kms_key', 'aws_s3_bucket_policy', 'aws_s3_bucket_policy'],
  eventbridge: [
    ...['aws_iam_role', 'aws_iam_role_policy'].flatMap((type) => Array<string>(5).fill(type)),
    'aws_kms_key',
    'aws_s3_bucket_policy',
    'aws_s3_bucket_policy',
    'aws_sqs_queue_policy',
  ],
};

describe.each(triggerPaths.map((via) => ({ via })))('every stack with trigger.via $via', ({ via }) => {
  const json = synthPipeline({ trigger: { via } });

  it('grants no wildcard action and no "*" resource outside logs, in any policy', () => {
    const policies = policyDocuments(json);
    // The walk sees every policy there is (a missed attribute would make this test pass for nothing).
    expect(policies.map((p) => p.address.split('.')[0]).sort()).toEqual([...expectedPolicies[via]].sort());
    const faults = policies.flatMap(({ address, document }) =>
      document.Statement.filter((s) => s.Effect === 'Allow').flatMap((statement) => {
        const fault = breadthFault(address, statement);
        return fault === undefined ? [] : [`${address} ${statement.Sid ?? ''}: ${fault}`];
      }),
    );
    expect(faults).toEqual([]);
  });

  it('configures at most one notification per bucket, and one on the uploads bucket', () => {
    const notified = Object.values(resourcesOf(json, 'aws_s3_bucket_notification')).map((n) => String(n.bucket));
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatch(/^\$\{aws_s3_bucket\.uploads_/);
  });

  it('gives every role, log group, queue, rule and function a name of its own', () => {
    for (const [type, attribute] of [
      ['aws_iam_role', 'name'],
      ['aws_cloudwatch_log_group', 'name'],
      ['aws_sqs_queue', 'name'],
      ['aws_cloudwatch_event_rule', 'name'],
      ['aws_lambda_function', 'function_name'],
      ['aws_cloudwatch_metric_alarm', 'alarm_name'],
    ] as const) {
      const names = Object.values(resourcesOf(json, type)).map((block) => String(block[attribute]));
      expect(new Set(names).size, `${type}: ${names.join(', ')}`).toBe(names.length);
    }
  });

  it('names a dead-letter queue <name>-process-dlq, encrypted, and outputs its URL', () => {
    const dlq = Object.entries(resourcesOf(json, 'aws_sqs_queue')).find(([, q]) => q.name === 'imgpipe-dev-process-dlq');
    expect(dlq?.[1].sqs_managed_sse_enabled).toBe(true);
    expect(json.output?.dlq_url?.value).toBe(`\${aws_sqs_queue.${dlq?.[0]}.url}`);
    expect(json.output?.trigger_via?.value).toBe(via);
    expect(json.output?.queue_url === undefined).toBe(via !== 'queue');
  });
});

describe('the least-privilege walk', () => {
  it('catches a wildcard action, a "*" resource, and lets logs and KMS key policies name "*"', () => {
    expect(breadthFault('aws_iam_role_policy.x', { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn'] })).toMatch(/wildcard/);
    expect(breadthFault('aws_iam_role_policy.x', { Effect: 'Allow', Action: '*', Resource: 'arn' })).toMatch(/wildcard/);
    expect(breadthFault('aws_iam_role_policy.x', { Effect: 'Allow', Action: ['states:StartExecution'], Resource: '*' })).toMatch(/on "\*"/);
    expect(breadthFault('aws_iam_role_policy.x', { Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'sqs:SendMessage'], Resource: ['*'] })).toMatch(/on "\*"/);
    expect(breadthFault('aws_iam_role_policy.x', { Effect: 'Allow', Action: ['logs:CreateLogDelivery'], Resource: ['*'] })).toBeUndefined();
    expect(breadthFault('aws_kms_key.k', { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['*'] })).toBeUndefined();
  });
});
