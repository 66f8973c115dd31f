import { describe, expect, it } from 'vitest';
import { SecureBucket } from '../../modules/secure-bucket/index.js';
import { expectResourceWithProperties, onlyResource, resourcesOf, statementWithSid, synthScope } from './terraform-json.js';

describe('SecureBucket', () => {
  const defaults = synthScope((scope) => new SecureBucket(scope, 'uploads', { bucketName: 'team-uploads-123' }));

  it('creates the named bucket and keeps non-empty buckets on destroy by default', () => {
    expectResourceWithProperties(defaults, 'aws_s3_bucket', { bucket: 'team-uploads-123', force_destroy: false });
  });

  it('blocks every kind of public access', () => {
    expect(onlyResource(defaults, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('disables ACLs through bucket-owner-enforced ownership', () => {
    expect(onlyResource(defaults, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('encrypts with S3-managed keys unless a KMS key is given', () => {
    expect(onlyResource(defaults, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    const kms = synthScope((scope) => new SecureBucket(scope, 'b', { bucketName: 'b', kmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/k' }));
    expect(onlyResource(kms, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-west-1:1:key/k' },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('denies every request not made over TLS, on the bucket and its objects', () => {
    const policy = onlyResource(defaults, 'aws_s3_bucket_policy');
    const deny = statementWithSid(policy.policy, 'DenyInsecureTransport');
    const bucket = Object.keys(resourcesOf(defaults, 'aws_s3_bucket'))[0];
    expect(deny).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: [`\${aws_s3_bucket.${bucket}.arn}`, `\${aws_s3_bucket.${bucket}.arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
    });
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  it('aborts incomplete multipart uploads, and has no versioning or expiry unless asked', () => {
    expect(onlyResource(defaults, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    expect(resourcesOf(defaults, 'aws_s3_bucket_versioning')).toEqual({});
  });

  it('versions, expires objects under a prefix and cleans old versions when configured', () => {
    const json = synthScope(
      (scope) =>
        new SecureBucket(scope, 'b', {
          bucketName: 'b',
          versioning: true,
          forceDestroy: true,
          expireObjects: { prefix: 'images/', days: 30 },
        }),
    );
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(onlyResource(json, 'aws_s3_bucket').force_destroy).toBe(true);
    const rules = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule as { id: string }[];
    expect(rules).toContainEqual({ id: 'expire-objects', status: 'Enabled', filter: [{ prefix: 'images/' }], expiration: [{ days: 30 }] });
    expect(rules).toContainEqual({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
  });
});
