import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { Construct } from 'constructs';
import type { PipelineFunction } from '../lambda-function/index.js';

export interface QueueEventSourceProps {
  readonly function: PipelineFunction;
  readonly queueArn: string;
  /** Messages per invocation. @default 10 */
  readonly batchSize?: number;
  /** Seconds to gather a batch; 0 invokes as soon as messages arrive. @default 0 */
  readonly maximumBatchingWindowSeconds?: number;
  /** Most concurrent invocations this source drives (2-1000). @default 2 */
  readonly maximumConcurrency?: number;
}

const defaultProps: Required<Pick<QueueEventSourceProps, 'batchSize' | 'maximumBatchingWindowSeconds' | 'maximumConcurrency'>> = {
  batchSize: 10,
  maximumBatchingWindowSeconds: 0,
  maximumConcurrency: 2,
};

/**
 * Feeds an SQS queue to a function with partial batch responses (only failed records are
 * retried), and grants the function the four queue actions the poller uses, on that queue only.
 */
export class QueueEventSource extends Construct {
  readonly mapping: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: QueueEventSourceProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };

    settings.function.grant({
      sid: 'ConsumeQueue',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      resources: [settings.queueArn],
    });

    this.mapping = new LambdaEventSourceMapping(this, 'mapping', {
      eventSourceArn: settings.queueArn,
      functionName: settings.function.functionArn,
      batchSize: settings.batchSize,
      maximumBatchingWindowInSeconds: settings.maximumBatchingWindowSeconds,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: settings.maximumConcurrency },
      // Lambda checks the role can read the queue when the mapping is created.
      dependsOn: [settings.function.rolePolicy],
    });
  }
}
