import { describe, expect, it } from 'vitest';
import { assertLeastPrivilege, policyDocument } from '../../modules/iam/policy-document.js';

describe('policyDocument', () => {
  it('renders statements in IAM JSON, leaving out what is not set', () => {
    expect(JSON.parse(policyDocument([{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }]))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
    });
  });
});

describe('assertLeastPrivilege', () => {
  it.each([
    [{ actions: ['*'], resources: ['arn:aws:s3:::b/*'] }, /wildcard action "\*"/],
    [{ actions: ['sqs:*'], resources: ['arn:aws:sqs:eu-west-1:1:q'] }, /wildcard action "sqs:\*"/],
    [{ actions: ['s3:PutObject'], resources: ['*'] }, /on resource "\*"/],
  ])('refuses %j', (statement, message) => {
    expect(() => assertLeastPrivilege('fn', [statement])).toThrow(message);
  });

  it('allows logs on "*", and broad denies', () => {
    expect(() => assertLeastPrivilege('fn', [{ actions: ['logs:PutLogEvents'], resources: ['*'] }])).not.toThrow();
    expect(() => assertLeastPrivilege('fn', [{ effect: 'Deny', actions: ['s3:*'], resources: ['*'] }])).not.toThrow();
  });
});
