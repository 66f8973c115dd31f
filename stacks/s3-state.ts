import { S3Backend, type TerraformStack } from 'cdktf';
import type { ResolvedPipelineConfig } from '../config/resolved.js';

/**
 * Keeps the stack's state in S3 at the configured key, `{stack}` replaced by the stack's id (one
 * configuration builds dev and prod: they must not share a state). `use_lockfile` (S3-native locking,
 * terraform 1.10+) is written as an override because cdktf 0.21's S3Backend does not type it.
 */
export function addS3Backend(stack: TerraformStack, backend: NonNullable<ResolvedPipelineConfig['stateBackend']>): S3Backend {
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key.replaceAll('{stack}', stack.node.id),
    region: backend.region,
    encrypt: true,
  });
  if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
  return s3;
}
