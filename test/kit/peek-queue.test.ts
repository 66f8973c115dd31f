import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterReason, peekQueue } from '../../scripts/kit/run/peek-queue.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../support/emulator.js';

describe('peekQueue', () => {
  let server: Emulator;
  let sqs: SQSClient;
  beforeAll(async () => {
    let endpoint: string;
    ({ server, endpoint } = await startEmulator([]));
    sqs = new SQSClient({ endpoint, region: testRegion, credentials: testCredentials });
  });
  afterAll(async () => {
    sqs.destroy();
    await server.stop();
  });

  it('reads every message with its attributes, past ten, and leaves them all in the queue', async () => {
    const { queueUrl } = server.createQueue('peek-dlq');
    for (let i = 0; i < 13; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: `body-${i}`,
          ...(i % 2 === 0 && { MessageAttributes: { ErrorCode: { DataType: 'String', StringValue: 'CorruptImage' }, ErrorMessage: { DataType: 'String', StringValue: `images/${i}.jpg: corrupt` } } }),
        }),
      );
    }
    const first = await peekQueue(sqs, queueUrl);
    expect(first.map((m) => m.body).sort()).toEqual(Array.from({ length: 13 }, (_, i) => `body-${i}`).sort());
    expect(first.find((m) => m.body === 'body-4')?.attributes).toEqual({ ErrorCode: 'CorruptImage', ErrorMessage: 'images/4.jpg: corrupt' });
    expect(first.find((m) => m.body === 'body-5')?.attributes).toEqual({});

    const again = await peekQueue(sqs, queueUrl);
    expect(again.map((m) => m.body).sort()).toEqual(first.map((m) => m.body).sort());
  });

  it('gives the reason of a message the function moved, and none for a redriven one', () => {
    expect(deadLetterReason({ body: '', attributes: { ErrorCode: 'PixelLimitExceeded', ErrorMessage: 'images/bomb.png: too many pixels', SourceKey: 'images/bomb.png' } })).toBe(
      'PixelLimitExceeded: images/bomb.png: too many pixels',
    );
    expect(deadLetterReason({ body: '', attributes: {} })).toBeUndefined();
  });
});
