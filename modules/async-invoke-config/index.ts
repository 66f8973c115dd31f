import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { Construct } from 'constructs';
import type { PipelineFunction } from '../lambda-function/index.js';

export interface AsyncInvokeConfigProps {
  /** The function whose asynchronous invocations (S3, EventBridge, SNS) this configures. */
  readonly function: PipelineFunction;
  /** The SQS queue that receives an invocation record once the retries or the event age are exhausted. */
  readonly onFailureQueueArn: string;
  /** Retries of a failed invocation (0-2). @default 2 */
  readonly maximumRetryAttempts?: number;
  /** Oldest event Lambda still runs, in seconds (60-21600). @default 21600 */
  readonly maximumEventAgeSeconds?: number;
}

const defaultProps: Required<Pick<AsyncInvokeConfigProps, 'maximumRetryAttempts' | 'maximumEventAgeSeconds'>> = {
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 21600,
};

/**
 * Lambda's handling of failed asynchronous invocations: how often to retry, how old an event may
 * get, and the on-failure destination (an SQS queue). Lambda sends destination records with the
 * function's own role, so the role is granted `sqs:SendMessage` on that queue (and only that).
 */
export class AsyncInvokeConfig extends Construct {
  readonly config: LambdaFunctionEventInvokeConfig;

  constructor(scope: Construct, id: string, props: AsyncInvokeConfigProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    settings.function.grant({ sid: 'AsyncOnFailureDestination', actions: ['sqs:SendMessage'], resources: [settings.onFailureQueueArn] });
    this.config = new LambdaFunctionEventInvokeConfig(this, 'config', {
      functionName: settings.function.functionName,
      maximumRetryAttempts: settings.maximumRetryAttempts,
      maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: settings.onFailureQueueArn } },
      // Lambda checks the role may send to the destination when the configuration is saved.
      dependsOn: [settings.function.rolePolicy],
    });
  }
}
