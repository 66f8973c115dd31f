import { describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/shared/clients.js';

describe('createS3Client', () => {
  it('uses path-style addressing only when AWS_S3_FORCE_PATH_STYLE=true', () => {
    expect(createS3Client({ AWS_S3_FORCE_PATH_STYLE: 'true' }).config.forcePathStyle).toBe(true);
    expect(createS3Client({}).config.forcePathStyle).toBe(false);
    expect(createS3Client({ AWS_S3_FORCE_PATH_STYLE: 'false' }).config.forcePathStyle).toBe(false);
  });
});
