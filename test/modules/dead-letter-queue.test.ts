import { describe, expect, it } from 'vitest';
import { DeadLetterQueue } from '../../modules/dead-letter-queue/index.js';
import { onlyResource, statementWithSid, synthScope } from './terraform-json.js';

describe('DeadLetterQueue', () => {
  it('is an encrypted queue keeping messages 14 days unless told otherwise', () => {
    const json = synthScope((scope) => new DeadLetterQueue(scope, 'dlq', { queueName: 'p-dev-process-dlq' }));
    expect(onlyResource(json, 'aws_sqs_queue')).toEqual({ name: 'p-dev-process-dlq', message_retention_seconds: 1209600, sqs_managed_sse_enabled: true });
    expect(json.resource?.aws_sqs_queue_policy).toBeUndefined();
    const short = synthScope((scope) => new DeadLetterQueue(scope, 'dlq', { queueName: 'q', retentionSeconds: 3600 }));
    expect(onlyResource(short, 'aws_sqs_queue').message_retention_seconds).toBe(3600);
  });

  it('lets EventBridge send only for the rules named', () => {
    const json = synthScope((scope) => new DeadLetterQueue(scope, 'dlq', { queueName: 'q' }).allowEventRules(['arn:rule/a', 'arn:rule/b']));
    const policy = onlyResource(json, 'aws_sqs_queue_policy');
    expect(policy.queue_url).toBe('${aws_sqs_queue.dlq.url}');
    expect(JSON.parse(policy.policy).Statement).toHaveLength(1);
    expect(statementWithSid(policy.policy, 'AllowEventRules')).toEqual({
      Sid: 'AllowEventRules',
      Effect: 'Allow',
      Principal: { Service: ['events.amazonaws.com'] },
      Action: ['sqs:SendMessage'],
      Resource: ['${aws_sqs_queue.dlq.arn}'],
      Condition: { ArnEquals: { 'aws:SourceArn': ['arn:rule/a', 'arn:rule/b'] } },
    });
  });
});
