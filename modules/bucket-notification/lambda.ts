import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Construct } from 'constructs';
import { assertNoOverlap, suffixId } from './filters.js';

export interface BucketLambdaNotificationProps {
  readonly bucket: S3Bucket;
  /** The function S3 invokes (asynchronously): its name for the permission, its ARN for the notification. */
  readonly functionName: string;
  readonly functionArn: string;
  /** Key prefix that triggers an invocation, e.g. `images/`. */
  readonly prefix: string;
  /** Key suffixes that trigger an invocation; one notification entry each, compared case-sensitively. */
  readonly suffixes: readonly string[];
  /** Account that owns the bucket: the permission's `source_account`. */
  readonly sourceAccount: string;
  /** Each entry's id is `<idPrefix>-<suffix letters>` (`process-jpg`, `process-JPG`). @default 'invoke' */
  readonly idPrefix?: string;
  /** @default ['s3:ObjectCreated:*'] */
  readonly events?: readonly string[];
}

const defaultProps: Required<Pick<BucketLambdaNotificationProps, 'idPrefix' | 'events'>> = {
  idPrefix: 'invoke',
  events: ['s3:ObjectCreated:*'],
};

/**
 * S3 event notifications from a bucket straight to a Lambda function, one entry per suffix under
 * the prefix, with the permission that lets only S3, for this bucket and account, invoke it. S3
 * checks the permission when the configuration is saved, so the notification depends on it.
 */
export class BucketLambdaNotification extends Construct {
  readonly notification: S3BucketNotification;
  readonly permission: LambdaPermission;

  constructor(scope: Construct, id: string, props: BucketLambdaNotificationProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    if (settings.suffixes.length === 0) throw new Error(`${this.node.path}: give at least one suffix`);
    assertNoOverlap(this.node.path, settings.suffixes);

    this.permission = new LambdaPermission(this, 'permission', {
      statementId: 'AllowS3Invoke',
      action: 'lambda:InvokeFunction',
      functionName: settings.functionName,
      principal: 's3.amazonaws.com',
      sourceArn: settings.bucket.arn,
      sourceAccount: settings.sourceAccount,
    });

    this.notification = new S3BucketNotification(this, 'notification', {
      bucket: settings.bucket.id,
      lambdaFunction: settings.suffixes.map((suffix) => ({
        id: `${settings.idPrefix}-${suffixId(suffix)}`,
        lambdaFunctionArn: settings.functionArn,
        events: [...settings.events],
        filterPrefix: settings.prefix,
        filterSuffix: suffix,
      })),
      dependsOn: [this.permission],
    });
  }
}
