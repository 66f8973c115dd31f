import { describe, expect, it } from 'vitest';
import { destinationRecord } from '../../scripts/kit/lambda/destination-record.js';
import { readDeadLetter } from '../../scripts/kit/run/dead-letter-message.js';
import { s3Put } from '../support/events.js';

const key = "images/a b+c/l'été.jpg";

describe('reading a dead-letter message in the run view', () => {
  it("recognises Lambda's destination record: the key from its S3 request payload, URL-decoded, and the last error as the reason", () => {
    const record = destinationRecord({
      requestId: 'r-1',
      functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:imgpipe-dev-process',
      condition: 'RetriesExhausted',
      invokeCount: 3,
      event: s3Put({ key }),
      lastError: { errorType: 'ObjectsFailedError', errorMessage: '1 object(s) failed: boom' },
      at: new Date(0),
    });
    expect(JSON.stringify(record.requestPayload)).toContain('images/a+b%2Bc/l%27%C3%A9t%C3%A9.jpg');
    expect(readDeadLetter({ body: JSON.stringify(record), attributes: {} })).toEqual({
      keys: [key],
      reason: 'ObjectsFailedError: 1 object(s) failed: boom (RetriesExhausted after 3 attempts)',
      via: 'destination',
    });
  });

  it("recognises the function's own message for a direct invocation: its S3 record as body, the reason in the attributes", () => {
    const letter = readDeadLetter({ body: JSON.stringify(s3Put({ key })), attributes: { ErrorCode: 'CorruptImage', ErrorMessage: `${key}: corrupt`, SourceKey: key, SourceRequestId: 'r-2' } });
    expect(letter).toEqual({ keys: [key], reason: `CorruptImage: ${key}: corrupt`, via: 'function' });
  });

  it('takes the key as it is from a {bucket, key} body, and calls a message without attributes redriven', () => {
    expect(readDeadLetter({ body: JSON.stringify({ bucket: 'b', key }), attributes: {} })).toEqual({ keys: [key], via: 'redrive' });
  });

  it('names nothing for a body it cannot read, unless the attributes name the key', () => {
    expect(readDeadLetter({ body: 'not json', attributes: {} }).keys).toEqual([]);
    expect(readDeadLetter({ body: 'not json', attributes: { ErrorCode: 'UnrecognisedEvent', SourceKey: key } }).keys).toEqual([key]);
  });
});
