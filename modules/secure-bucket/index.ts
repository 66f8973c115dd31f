import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../iam/policy-document.js';

export interface SecureBucketProps {
  /** The bucket name; globally unique in AWS. */
  readonly bucketName: string;
  /** Let `terraform destroy` delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
  /** Keep every version of every object. @default false */
  readonly versioning?: boolean;
  /** Encrypt with this KMS key (SSE-KMS, bucket key on) instead of S3-managed keys. @default SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** Expire current objects under `prefix` after `days` days. @default no expiry */
  readonly expireObjects?: { readonly prefix: string; readonly days: number };
  /** Abort incomplete multipart uploads after this many days; 0 disables the rule. @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** Expire noncurrent versions after this many days (only with versioning); 0 keeps them. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** S3 server access logs of this bucket go to `bucketName` under `prefix`. @default none */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /** Statements added to the bucket policy besides denying non-TLS requests. @default [] */
  readonly policyStatements?: readonly PolicyStatement[];
}

const defaultProps: Required<Pick<SecureBucketProps, 'forceDestroy' | 'versioning' | 'abortIncompleteMultipartUploadDays' | 'noncurrentVersionExpirationDays'>> = {
  forceDestroy: false,
  versioning: false,
  abortIncompleteMultipartUploadDays: 7,
  noncurrentVersionExpirationDays: 30,
};

/**
 * An S3 bucket with every public-access block on, bucket-owner-enforced ownership (no ACLs),
 * default encryption and a policy denying requests that do not use TLS.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket name (a Terraform reference). */
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };

    this.bucket = new S3Bucket(this, 'bucket', { bucket: settings.bucketName, forceDestroy: settings.forceDestroy });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        settings.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: settings.kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });

    const denyInsecureTransport: PolicyStatement = {
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: '*',
      actions: ['s3:*'],
      resources: [this.bucket.arn, `${this.bucket.arn}/*`],
      conditions: { Bool: { 'aws:SecureTransport': ['false'] } },
    };
    // After the public-access block, so S3 never evaluates the policy against a bucket still open.
    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument([denyInsecureTransport, ...(settings.policyStatements ?? [])]),
      dependsOn: [this.publicAccessBlock],
    });

    if (settings.versioning) {
      new S3BucketVersioningA(this, 'versioning', {
        bucket: this.bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      });
    }

    if (settings.accessLogs !== undefined) {
      new S3BucketLoggingA(this, 'access-logs', {
        bucket: this.bucket.id,
        targetBucket: settings.accessLogs.bucketName,
        targetPrefix: settings.accessLogs.prefix,
      });
    }

    const rules = lifecycleRules(settings);
    if (rules.length > 0) {
      new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: this.bucket.id, rule: rules });
    }
  }
}

function lifecycleRules(settings: SecureBucketProps & typeof defaultProps): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [];
  if (settings.abortIncompleteMultipartUploadDays > 0) {
    rules.push({
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: settings.abortIncompleteMultipartUploadDays }],
    });
  }
  if (settings.expireObjects !== undefined && settings.expireObjects.days > 0) {
    rules.push({
      id: 'expire-objects',
      status: 'Enabled',
      filter: [{ prefix: settings.expireObjects.prefix }],
      expiration: [{ days: settings.expireObjects.days }],
    });
  }
  if (settings.versioning && settings.noncurrentVersionExpirationDays > 0) {
    rules.push({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrentVersionExpiration: [{ noncurrentDays: settings.noncurrentVersionExpirationDays }],
    });
  }
  return rules;
}
