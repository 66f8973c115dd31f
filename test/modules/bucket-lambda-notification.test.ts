import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { describe, expect, it } from 'vitest';
import { BucketEventBridgeNotification, BucketLambdaNotification } from '../../modules/bucket-notification/index.js';
import { onlyResource, synthScope, type TerraformJson } from './terraform-json.js';

function synthLambdaNotification(suffixes = ['.jpg', '.JPG', '.png'], idPrefix?: string): TerraformJson {
  return synthScope((scope) => {
    const bucket = new S3Bucket(scope, 'uploads', { bucket: 'uploads' });
    new BucketLambdaNotification(scope, 'notification', {
      bucket,
      functionName: 'p-dev-process',
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:p-dev-process',
      prefix: 'images/',
      suffixes,
      sourceAccount: '123456789012',
      ...(idPrefix !== undefined && { idPrefix }),
    });
  });
}

describe('BucketLambdaNotification', () => {
  const json = synthLambdaNotification(['.jpg', '.JPG', '.png'], 'process');
  const notification = onlyResource(json, 'aws_s3_bucket_notification');
  const permission = onlyResource(json, 'aws_lambda_permission');

  it('invokes the function for objects created under the prefix, one entry per suffix with a unique id', () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:p-dev-process';
    expect(notification.bucket).toBe('${aws_s3_bucket.uploads.id}');
    expect(notification.lambda_function).toEqual([
      { id: 'process-jpg', lambda_function_arn: arn, events: ['s3:ObjectCreated:*'], filter_prefix: 'images/', filter_suffix: '.jpg' },
      { id: 'process-JPG', lambda_function_arn: arn, events: ['s3:ObjectCreated:*'], filter_prefix: 'images/', filter_suffix: '.JPG' },
      { id: 'process-png', lambda_function_arn: arn, events: ['s3:ObjectCreated:*'], filter_prefix: 'images/', filter_suffix: '.png' },
    ]);
    expect(notification.queue).toBeUndefined();
    expect(notification.eventbridge).toBeUndefined();
  });

  it('lets only S3, for this bucket and account, invoke the function, before the notification is saved', () => {
    expect(permission).toEqual({
      statement_id: 'AllowS3Invoke',
      action: 'lambda:InvokeFunction',
      function_name: 'p-dev-process',
      principal: 's3.amazonaws.com',
      source_arn: '${aws_s3_bucket.uploads.arn}',
      source_account: '123456789012',
    });
    const permissionId = Object.keys(json.resource?.aws_lambda_permission ?? {})[0];
    expect(notification.depends_on).toEqual([`aws_lambda_permission.${permissionId}`]);
  });

  it('refuses what S3 refuses: no suffix, or overlapping suffixes', () => {
    expect(() => synthLambdaNotification([])).toThrow(/at least one suffix/);
    expect(() => synthLambdaNotification(['.jpg', 'a.jpg'])).toThrow(/overlap/);
    expect((onlyResource(synthLambdaNotification(['.gif']), 'aws_s3_bucket_notification').lambda_function as { id: string }[])[0]?.id).toBe('invoke-gif');
  });
});

describe('BucketEventBridgeNotification', () => {
  it('turns EventBridge delivery on and configures no other destination', () => {
    const json = synthScope((scope) => {
      const bucket = new S3Bucket(scope, 'uploads', { bucket: 'uploads' });
      new BucketEventBridgeNotification(scope, 'notification', { bucket });
    });
    expect(onlyResource(json, 'aws_s3_bucket_notification')).toEqual({ bucket: '${aws_s3_bucket.uploads.id}', eventbridge: true });
  });
});
