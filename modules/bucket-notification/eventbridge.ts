import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import { Construct } from 'constructs';

export interface BucketEventBridgeNotificationProps {
  readonly bucket: S3Bucket;
}

/**
 * Sends every event of a bucket to the account's default EventBridge bus (`eventbridge = true`).
 * S3 applies no filter on this path: the rules' event patterns choose the keys.
 */
export class BucketEventBridgeNotification extends Construct {
  readonly notification: S3BucketNotification;

  constructor(scope: Construct, id: string, props: BucketEventBridgeNotificationProps) {
    super(scope, id);
    this.notification = new S3BucketNotification(this, 'notification', { bucket: props.bucket.id, eventbridge: true });
  }
}
