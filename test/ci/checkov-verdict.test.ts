import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { skipFor, skipsFileSchema, verdictOf, type CheckovSkip } from '../../scripts/ci/checkov-verdict.js';

const skips: CheckovSkip[] = [
  { check: 'CKV_AWS_117', why: 'the functions reach only AWS endpoints' },
  { check: 'CKV_AWS_145', notIn: ['prod'], why: 'kms is off by default outside prod' },
  { check: 'CKV_AWS_145', resources: ['access-logs_bucket_'], why: 'log delivery needs SSE-S3' },
];
const failure = (checkId: string, resource: string) => ({ checkId, checkName: checkId, resource });

describe('the checkov verdict', () => {
  it('counts a failure covered by a skip as skipped, and any other as failed', () => {
    const verdict = verdictOf('dev', 80, [failure('CKV_AWS_117', 'resource.process_function_BC9E'), failure('CKV_AWS_50', 'resource.process_function_BC9E')], skips);
    expect(verdict).toMatchObject({ passed: 80, failed: 1, skipped: 1 });
    expect(verdict.unskipped.map((f) => f.checkId)).toEqual(['CKV_AWS_50']);
  });

  it('does not skip a check in a stack where it must pass, except on the resources a skip names', () => {
    expect(skipFor(failure('CKV_AWS_145', 'aws_s3_bucket.uploads_bucket_5561'), 'dev', skips)).toBeDefined();
    expect(skipFor(failure('CKV_AWS_145', 'aws_s3_bucket.uploads_bucket_5561'), 'prod', skips)).toBeUndefined();
    expect(skipFor(failure('CKV_AWS_145', 'aws_s3_bucket.access-logs_bucket_7E52'), 'prod', skips)?.why).toBe('log delivery needs SSE-S3');
  });

  it('reads the checked-in skips: every entry a known check id with its reason, no entry twice', () => {
    const { skips: checkedIn } = skipsFileSchema.parse(JSON.parse(readFileSync('checkov/skips.json', 'utf8')));
    const scopes = checkedIn.map((s) => JSON.stringify([s.check, s.notIn ?? [], s.resources ?? []]));
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('refuses a skip without a reason', () => {
    expect(skipsFileSchema.safeParse({ skips: [{ check: 'CKV_AWS_117', why: '' }] }).success).toBe(false);
  });
});
