import { describe, expect, it } from 'vitest';
import { buildSqsEvent, failedMessageIds } from '../../scripts/kit/lambda/sqs-event.js';

const ids = ['a', 'b', 'c'];

describe('partial batch responses', () => {
  it('keeps only the reported failures', () => {
    expect([...failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, ids, true)]).toEqual(['b']);
  });

  it('treats an empty list or no list as full success', () => {
    expect(failedMessageIds({ batchItemFailures: [] }, ids, true).size).toBe(0);
    expect(failedMessageIds(null, ids, true).size).toBe(0);
  });

  it('fails the whole batch on an identifier that is missing or not in the batch', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, ids, true)).toEqual(new Set(ids));
    expect(failedMessageIds({ batchItemFailures: [{}] }, ids, true)).toEqual(new Set(ids));
  });

  it('ignores batchItemFailures when the mapping does not report them', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, ids, false).size).toBe(0);
  });
});

describe('SQS event for a batch', () => {
  it('has the Lambda record shape with receive count and queue ARN', () => {
    const event = buildSqsEvent([{ MessageId: 'm1', ReceiptHandle: 'r1', Body: '{}', MD5OfBody: 'x', Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1' } }], 'arn:aws:sqs:eu-west-1:000000000000:q', 'eu-west-1');
    expect(event.Records[0]).toMatchObject({ messageId: 'm1', receiptHandle: 'r1', body: '{}', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:q', awsRegion: 'eu-west-1', attributes: { ApproximateReceiveCount: '2' } });
  });
});
