import { describe, expect, it } from 'vitest';
import { startKit } from '../../scripts/kit/start-kit.js';
import { loadPlan } from '../../scripts/kit/terraform/load-plan.js';
import { pipelineResources } from '../../scripts/kit/terraform/pipeline-resources.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { directAddresses, directStack } from './direct-stack.js';
import { repoRoot, resourcesOf, testEnv } from './support.js';

const { permission: permissionAddress, invokeConfig: invokeConfigAddress } = directAddresses();
const load = (tf: TfJson) => loadPlan(tf, { stack: 'direct', repoRoot, env: testEnv });

describe('loading a direct stack (S3 invokes the process function)', () => {
  const plan = load(directStack({ retryAttempts: 1, maxEventAgeSeconds: 600 }));
  const pipeline = pipelineResources(plan);

  it('routes each suffix to the process function, and finds no queue', () => {
    const targets = plan.notifications[0]?.targets ?? [];
    expect(targets.map((t) => t.id)).toEqual(expect.arrayContaining(['process-jpg', 'process-JPG', 'process-png']));
    for (const target of targets) expect(target).toMatchObject({ kind: 'lambda', targetArn: pipeline.processFunction.arn, filterPrefix: 'images/', events: ['s3:ObjectCreated:*'] });
    expect(pipeline.queue).toBeUndefined();
    expect(plan.eventSourceMappings).toEqual([]);
  });

  it('loads the event invoke config with the DLQ as on-failure destination', () => {
    expect(plan.asyncInvokeConfigs).toEqual([
      { address: invokeConfigAddress, functionName: pipeline.processFunction.name, maximumRetryAttempts: 1, maximumEventAgeSeconds: 600, onFailureQueueArn: pipeline.dlq.arn },
    ]);
  });

  it('loads the permission with its source conditions resolved', () => {
    expect(plan.lambdaPermissions).toContainEqual({
      address: permissionAddress,
      statementId: 'AllowS3Invoke',
      action: 'lambda:InvokeFunction',
      functionName: pipeline.processFunction.name,
      principal: 's3.amazonaws.com',
      sourceArn: `arn:aws:s3:::${pipeline.uploadsBucket.name}`,
      sourceAccount: '000000000000',
    });
  });

  it('counts the invoke config and the permissions as emulated, not off the data path', () => {
    expect(plan.coverage.emulated).toEqual(expect.arrayContaining([invokeConfigAddress, permissionAddress]));
    expect(plan.coverage.offPath.filter((a) => a.startsWith('aws_lambda_'))).toEqual([]);
    expect(plan.coverage.notEmulated).toEqual([]);
  });

  it("uses Lambda's defaults (2 retries, 6 hours) when the config leaves them out", () => {
    const tf = directStack();
    const config = Object.values(resourcesOf(tf, 'aws_lambda_function_event_invoke_config'))[0]!;
    delete config.maximum_retry_attempts;
    delete config.maximum_event_age_in_seconds;
    expect(load(tf).asyncInvokeConfigs[0]).toMatchObject({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 });
  });

  it('names an on-failure destination that is not a queue of the stack, and an on-success destination, as gaps by address', () => {
    const tf = directStack();
    const config = Object.values(resourcesOf(tf, 'aws_lambda_function_event_invoke_config'))[0]!;
    config.destination_config = {
      on_failure: { destination: 'arn:aws:sns:eu-west-1:000000000000:somewhere' },
      on_success: { destination: 'arn:aws:sqs:eu-west-1:000000000000:elsewhere' },
    };
    const loaded = load(tf);
    expect(loaded.asyncInvokeConfigs[0]?.onFailureQueueArn).toBeUndefined();
    expect(loaded.coverage.notEmulated).toEqual([
      { address: invokeConfigAddress, reason: 'on-success destination arn:aws:sqs:eu-west-1:000000000000:elsewhere (not emulated)' },
      { address: invokeConfigAddress, reason: expect.stringMatching(/^on-failure destination arn:aws:sns:eu-west-1:000000000000:somewhere is not an SQS queue of this stack/) },
    ]);
  });
});

describe('applying a direct stack: S3 refuses a Lambda notification without a matching permission', () => {
  const notificationAddress = (tf: TfJson) => `aws_s3_bucket_notification.${Object.keys(resourcesOf(tf, 'aws_s3_bucket_notification'))[0]}`;
  const start = (tf: TfJson) => startKit({ tfJson: tf, stack: 'direct', repoRoot, prewarm: false, faultLog: 'silent' });

  it('refuses a notification when no permission names the function, naming the notification and what is missing', async () => {
    const tf = directStack({ permission: false });
    const refused = start(tf);
    await expect(refused).rejects.toThrow(/Unable to validate the following destination configurations: process-jpg \(arn:aws:lambda:eu-west-1:000000000000:function:imgpipe-direct-dev-process\)/);
    await expect(refused).rejects.toThrow(new RegExp(`^${notificationAddress(tf).replace(/[.]/g, '\\.')}: S3 refused PutBucketNotificationConfiguration .*no aws_lambda_permission for imgpipe-direct-dev-process`));
  });

  it.each([
    ['a source_arn of another bucket', { source_arn: 'arn:aws:s3:::someone-elses-bucket' }, /source_arn arn:aws:s3:::someone-elses-bucket does not match arn:aws:s3:::imgpipe-direct-dev-uploads-000000000000/],
    ['a source_account of another account', { source_account: '999999999999' }, /source_account 999999999999 is not the account 000000000000/],
    ['another principal', { principal: 'sns.amazonaws.com' }, /principal sns\.amazonaws\.com, not s3\.amazonaws\.com/],
  ])('refuses a permission with %s, saying which condition does not match', async (_, change, reason) => {
    await expect(start(directStack({ permission: change }))).rejects.toThrow(reason);
  });

  it('accepts a permission without source conditions, and one whose source_arn matches by wildcard', async () => {
    for (const permission of [{ source_arn: null, source_account: null }, { source_arn: 'arn:aws:s3:::imgpipe-direct-dev-uploads-*' }]) {
      const kit = await start(directStack({ permission }));
      expect(kit.router.configuration(pipelineResources(kit.plan).uploadsBucket.name).length).toBeGreaterThan(0);
      await kit.stop();
    }
  });
});
