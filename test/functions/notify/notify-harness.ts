import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { once } from 'node:events';
import { webhookSecretParameterName } from '../../../config/function-env.js';
import { createNotifyHandler } from '../../../functions/notify/create-handler.js';
import { createSecretReader, type WebhookSecret } from '../../../functions/notify/secrets.js';
import type { NotifySettings } from '../../../functions/notify/settings.js';
import { sqsDeadLetterSink } from '../../../functions/process/dead-letter.js';
import type { NotifyMessage } from '../../../functions/shared/notify-message.js';
import { EventSourcePoller, type BatchOutcome } from '../../../scripts/kit/lambda/event-source-poller.js';
import type { InvocationRecord } from '../../../scripts/kit/lambda/lambda-runner.js';
import { startSsmServer, type SsmServer } from '../../../scripts/kit/ssm/ssm-server.js';
import { fakeContext } from '../../support/context.js';
import { testCredentials, testRegion } from '../../support/emulator.js';
import { recordingLogger } from '../../support/logger.js';
import { startFauxqs } from 'fauxqs';

export const stackName = 'imgpipe-dev';
const accountId = '000000000000';

export interface HarnessSubscription {
  readonly id: string;
  readonly url: string;
  readonly secret: WebhookSecret | string;
}

export interface HarnessOptions {
  readonly subscriptions: readonly HarnessSubscription[];
  /** @default 3 */
  readonly maxReceiveCount?: number;
  /** @default 2000 */
  readonly timeoutMs?: number;
  /** @default 300 */
  readonly secretCacheSeconds?: number;
  /** Notify messages per invocation. @default 10 */
  readonly batchSize?: number;
  /** Concurrent batches. @default 1 */
  readonly maxConcurrency?: number;
}

/** A dead-lettered message: its body and string attributes. */
export interface DeadLetterMessage {
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The local notify path, as the kit builds it: a fauxqs notify queue (visibility 1 s, redrive to its
 * DLQ after `maxReceiveCount`), Lambda's event source mapping (the kit's poller), the notify handler
 * reading each subscription's secret from the local SSM endpoint with Powertools Parameters.
 */
export class NotifyHarness {
  readonly batches: BatchOutcome[] = [];
  private readonly deadLetters: DeadLetterMessage[] = [];

  private constructor(
    private readonly fauxqs: Awaited<ReturnType<typeof startFauxqs>>,
    readonly ssm: SsmServer,
    readonly sqs: SQSClient,
    private readonly ssmClient: SSMClient,
    readonly queueUrl: string,
    readonly dlqUrl: string,
    readonly poller: EventSourcePoller,
    /** What the notify function logged. */
    readonly logger: ReturnType<typeof recordingLogger>,
  ) {}

  static async start(options: HarnessOptions): Promise<NotifyHarness> {
    const fauxqs = await startFauxqs({ port: 0, logger: false });
    const ssm = await startSsmServer({
      region: testRegion,
      accountId,
      parameters: Object.fromEntries(
        options.subscriptions.map((s) => [webhookSecretParameterName(stackName, s.id), { value: typeof s.secret === 'string' ? s.secret : JSON.stringify(s.secret), type: 'SecureString' as const }]),
      ),
    });
    const dlq = fauxqs.createQueue(`${stackName}-notify-dlq`);
    const queue = fauxqs.createQueue(`${stackName}-notify`, {
      attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: options.maxReceiveCount ?? 3 }) },
    });
    const sqs = new SQSClient({ endpoint: fauxqs.address, region: testRegion, credentials: testCredentials });
    const ssmClient = new SSMClient({ endpoint: ssm.endpoint, region: testRegion, credentials: testCredentials });
    const provider = new SSMProvider({ awsSdkV3Client: ssmClient });
    const settings: NotifySettings = {
      subscriptions: options.subscriptions.map((s) => ({ id: s.id, url: s.url, events: ['image.processed'], secretParameter: webhookSecretParameterName(stackName, s.id) })),
      timeoutMs: options.timeoutMs ?? 2000,
      secretCacheSeconds: options.secretCacheSeconds ?? 300,
      deadLetterQueueUrl: dlq.queueUrl,
    };
    const logger = recordingLogger();
    const handler = createNotifyHandler({
      settings,
      readSecret: createSecretReader((name, getOptions) => provider.get(name, getOptions), settings.secretCacheSeconds),
      deadLetter: sqsDeadLetterSink(sqs, dlq.queueUrl),
      logger,
    });
    const invoke = async (event: unknown): Promise<InvocationRecord> => {
      const base = { requestId: 'r', durationMs: 0, coldStart: false, functionName: `${stackName}-notify`, invocationType: 'RequestResponse' as const, trigger: `queue:${stackName}-notify` };
      try {
        return { ...base, ok: true, value: await handler(event as SQSEvent, fakeContext()) };
      } catch (error) {
        // Every record failed: Powertools throws, Lambda reports the invocation failed, nothing is deleted.
        return { ...base, ok: false, error: { errorType: (error as Error).name, errorMessage: (error as Error).message } };
      }
    };
    const poller = new EventSourcePoller({
      mapping: {
        address: 'aws_lambda_event_source_mapping.notify',
        eventSourceArn: queue.queueArn,
        queueName: queue.queueName,
        functionName: `${stackName}-notify`,
        batchSize: options.batchSize ?? 10,
        batchingWindowSeconds: 0,
        reportBatchItemFailures: true,
        enabled: true,
      },
      queueUrl: queue.queueUrl,
      queueArn: queue.queueArn,
      region: testRegion,
      sqs,
      invoke,
      maxConcurrency: options.maxConcurrency ?? 1,
      waitTimeSeconds: 1,
    });
    const harness = new NotifyHarness(fauxqs, ssm, sqs, ssmClient, queue.queueUrl, dlq.queueUrl, poller, logger);
    poller.on('batch', (batch) => harness.batches.push(batch));
    poller.start();
    return harness;
  }

  /** Sends one notify message (or a raw body) as the process function does. */
  async send(message: NotifyMessage | string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: typeof message === 'string' ? message : JSON.stringify(message) }));
  }

  /** Sends many notify messages, ten per SendMessageBatch as the process function does; throws if any entry failed. */
  async sendAll(messages: readonly NotifyMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages.slice(i, i + 10).map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) }));
      const { Failed = [] } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      if (Failed.length > 0) throw new Error(`SendMessageBatch failed for ${Failed.length} message(s): ${Failed[0]?.Code ?? ''} ${Failed[0]?.Message ?? ''}`);
    }
  }

  /** Resolves once `count` batches have been handled by the function. */
  async waitForBatches(count: number): Promise<BatchOutcome[]> {
    while (this.batches.length < count) await once(this.poller, 'batch');
    return this.batches.slice(0, count);
  }

  /** Resolves once `count` messages have reached the notify DLQ (long-polling it; they stay hidden from other readers). */
  async waitForDeadLetters(count: number): Promise<DeadLetterMessage[]> {
    while (this.deadLetters.length < count) {
      const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], VisibilityTimeout: 600 }));
      for (const m of Messages) {
        this.deadLetters.push({ body: m.Body ?? '', attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? ''])) });
      }
    }
    return this.deadLetters.slice(0, count);
  }

  /** Messages in the notify queue and its DLQ right now (ready, delayed or in flight). */
  depths(): { queue: number; dlq: number } {
    const count = (name: string): number => {
      const q = this.fauxqs.inspectQueue(name);
      return q === undefined ? 0 : q.messages.ready.length + q.messages.delayed.length + q.messages.inflight.length;
    };
    return { queue: count(`${stackName}-notify`), dlq: count(`${stackName}-notify-dlq`) };
  }

  async stop(): Promise<void> {
    await this.poller.stop();
    this.sqs.destroy();
    this.ssmClient.destroy();
    await this.ssm.stop();
    await this.fauxqs.stop();
  }
}
