import type { Context } from 'aws-lambda';

/** A Lambda Context for tests: fixed identifiers, a generous deadline, no-op legacy callbacks. */
export function fakeContext(overrides: Partial<Context> = {}): Context {
  const deadline = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'imgpipe-dev-process',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:imgpipe-dev-process',
    memoryLimitInMB: '1536',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/imgpipe-dev-process',
    logStreamName: '2026/11/22/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}
