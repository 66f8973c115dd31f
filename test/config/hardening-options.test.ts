import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { resolvePipelineConfig } from '../../config/resolve.js';
import type { PipelineConfig } from '../../config/types.js';

function failureOf(config: PipelineConfig): string {
  try {
    resolvePipelineConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the hardening options of the configuration', () => {
  it('refuses a state key without {stack}: dev and prod would share one state', () => {
    expect(failureOf({ namePrefix: 'imgpipe', stateBackend: { bucket: 'team-state', key: 'imgpipe.tfstate' } })).toContain(
      'stateBackend.key must be a key containing {stack}, got "imgpipe.tfstate"',
    );
  });

  it('fills the state backend: the key per stack, the pipeline region, S3-native locking', () => {
    const { stateBackend } = resolvePipelineConfig({ namePrefix: 'imgpipe', region: 'eu-north-1', stateBackend: { bucket: 'team-state' } });
    expect(stateBackend).toEqual({ bucket: 'team-state', key: '{stack}.tfstate', region: 'eu-north-1', useLockfile: true });
  });

  it('takes only a regional WAFv2 web ACL ARN', () => {
    const cloudFrontAcl = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/0b1c';
    expect(failureOf({ namePrefix: 'imgpipe', upload: { wafWebAclArn: cloudFrontAcl } })).toContain('upload.wafWebAclArn must be a regional WAFv2 web ACL ARN');
  });

  it('keeps the upload function within 1-1000 reserved executions', () => {
    expect(failureOf({ namePrefix: 'imgpipe', uploadFunction: { reservedConcurrency: 0 } })).toContain('uploadFunction.reservedConcurrency must be an integer from 1 to 1000, got 0');
  });
});
