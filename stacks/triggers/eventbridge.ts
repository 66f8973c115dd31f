import type { EventBridgeTrigger } from '../../config/resolved.js';
import { BucketEventBridgeNotification } from '../../modules/bucket-notification/index.js';
import { DeadLetterQueue } from '../../modules/dead-letter-queue/index.js';
import { FailedExecutionsRule, ObjectCreatedRule } from '../../modules/event-rules/index.js';
import { ExecutionsApi } from '../../modules/executions-api/index.js';
import type { PipelineFunction } from '../../modules/lambda-function/index.js';
import type { AboveZeroMetric } from '../../modules/pipeline-alarms/index.js';
import { LambdaTaskStateMachine } from '../../modules/state-machine/index.js';
import type { UploadApi } from '../../modules/upload-api/index.js';
import type { StackOutputValue, TriggerContext, TriggerWiring } from './wiring.js';

/** What the process function throws when a retry may help (functions/process/errors.ts). */
const retryableProcessError = 'ObjectsFailedError';

interface Connected {
  readonly stateMachine: LambdaTaskStateMachine;
  readonly uploadsRule: ObjectCreatedRule;
  readonly failedRule: FailedExecutionsRule;
}

/**
 * S3 -> EventBridge (default bus) -> rule on Object Created -> Standard state machine whose Task
 * invokes the process function. A failed, timed-out or aborted execution reaches the DLQ through a
 * second rule, as do events the first rule's target could not take. Optionally `POST /executions`.
 */
export function eventBridgeTrigger(context: TriggerContext, trigger: EventBridgeTrigger): TriggerWiring {
  const { scope, name, config } = context;
  const dlq = new DeadLetterQueue(scope, 'dlq', {
    queueName: `${name}-process-dlq`,
    retentionSeconds: config.deadLetterQueue.retentionSeconds,
    ...(context.key !== undefined && { kmsKeyArn: context.key.keyArn }),
  });
  // EventBridge delivers failed executions and undeliverable events to the encrypted DLQ.
  context.key?.allowServices('events.amazonaws.com');
  let connected: Connected | undefined;
  let executionsApi: ExecutionsApi | undefined;
  const wired = (): Connected => {
    if (connected === undefined) throw new Error('eventbridge trigger: connect() must run before its alarms and outputs');
    return connected;
  };

  return {
    deadLetterQueue: { url: dlq.queueUrl, arn: dlq.queueArn, name: dlq.queueName },
    // No DLQ variable and no SQS grant: a bad image ends in the Fail state, and the failed-executions rule moves it.
    processFunction: { statements: [], reservedConcurrency: config.processFunction.maxConcurrency },
    connect(process: PipelineFunction): void {
      const stateMachine = new LambdaTaskStateMachine(scope, 'state-machine', {
        stateMachineName: `${name}-process`,
        functionArn: process.functionArn,
        taskTimeoutSeconds: trigger.taskTimeoutSeconds,
        taskRetries: trigger.taskRetries,
        functionRetryableErrors: [retryableProcessError],
        accountId: context.accountId,
        logRetentionDays: config.logRetentionDays,
        tracing: config.tracing,
        ...(context.key !== undefined && { logKmsKeyArn: context.key.keyArn }),
      });
      const uploadsRule = new ObjectCreatedRule(scope, 'uploads-rule', {
        ruleName: `${name}-uploads`,
        bucketName: context.uploadsBucket.bucketName,
        prefix: trigger.prefix,
        suffixes: trigger.suffixes,
        stateMachineArn: stateMachine.stateMachineArn,
        deadLetterQueueArn: dlq.queueArn,
        maximumRetryAttempts: trigger.retryAttempts,
        maximumEventAgeSeconds: trigger.maxEventAgeSeconds,
      });
      const failedRule = new FailedExecutionsRule(scope, 'failed-executions-rule', {
        ruleName: `${name}-failed-executions`,
        stateMachineArn: stateMachine.stateMachineArn,
        queueArn: dlq.queueArn,
      });
      dlq.allowEventRules([uploadsRule.ruleArn, failedRule.ruleArn]);
      new BucketEventBridgeNotification(scope, 'notification', { bucket: context.uploadsBucket.bucket });
      connected = { stateMachine, uploadsRule, failedRule };
    },
    extendApi(api: UploadApi): void {
      if (!trigger.executionsApi) return;
      executionsApi = new ExecutionsApi(scope, 'executions-api', {
        api,
        stateMachineArn: wired().stateMachine.stateMachineArn,
        bucketName: context.uploadsBucket.bucketName,
        keyPrefix: trigger.prefix,
        region: config.region,
        namePrefix: name,
      });
    },
    alarmMetrics(): AboveZeroMetric[] {
      const { stateMachine, uploadsRule, failedRule } = wired();
      const executions = (metricName: string, what: string): AboveZeroMetric => ({
        label: `process-executions-${what.replace(/ /g, '-')}`,
        description: `Executions of the process state machine ${what}: their uploads are in the dead-letter queue.`,
        namespace: 'AWS/States',
        metricName,
        dimensions: { StateMachineArn: stateMachine.stateMachineArn },
      });
      const ruleFailures = (label: string, rule: ObjectCreatedRule | FailedExecutionsRule, what: string): AboveZeroMetric => ({
        label,
        description: `EventBridge could not deliver to the target of ${what}.`,
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensions: { RuleName: rule.ruleName },
      });
      return [
        executions('ExecutionsFailed', 'failed'),
        executions('ExecutionsTimedOut', 'timed out'),
        ruleFailures('uploads-rule-failed-invocations', uploadsRule, 'the uploads rule (the state machine)'),
        ruleFailures('failed-executions-rule-failed-invocations', failedRule, 'the failed-executions rule (the dead-letter queue)'),
      ];
    },
    outputs(): StackOutputValue[] {
      const { stateMachine, uploadsRule } = wired();
      return [
        { id: 'state_machine_arn', value: stateMachine.stateMachineArn, description: 'The process state machine (one execution per uploaded object)' },
        { id: 'event_rule_name', value: uploadsRule.ruleName, description: 'EventBridge rule matching Object Created events of the uploads bucket' },
        ...(executionsApi === undefined
          ? []
          : [{ id: 'executions_url', value: executionsApi.executionsUrl, description: 'POST {"key": "<prefix>..."} here to start an execution for an object already uploaded' }]),
      ];
    },
  };
}
