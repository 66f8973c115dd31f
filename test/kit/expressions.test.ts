import { describe, expect, it } from 'vitest';
import { evaluate } from '../../scripts/kit/terraform/expression-evaluator.js';
import { hasInterpolation, parseTemplate } from '../../scripts/kit/terraform/expression-parser.js';

const refs: Record<string, unknown> = {
  'aws_sqs_queue.queue_dlq_441322FF.arn': 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process-dlq',
  'data.aws_caller_identity.caller.account_id': '000000000000',
  'aws_api_gateway_api_key.api_api-key_BB72D5B4.id': 'abc',
  'aws_lambda_function.f.environment.0.variables': { A: '1' },
};
const lookup = (path: readonly (string | number)[]): unknown => {
  const key = path.join('.');
  if (!(key in refs)) throw new Error(`unknown ${key}`);
  return refs[key];
};
const resolve = (text: string): unknown => evaluate(parseTemplate(text), lookup);

describe('Terraform expressions as cdktf writes them', () => {
  it('interpolates references inside a string', () => {
    expect(resolve('imgpipe-dev-uploads-${data.aws_caller_identity.caller.account_id}')).toBe('imgpipe-dev-uploads-000000000000');
  });

  it('resolves the JSON.stringify form of a redrive policy to valid JSON', () => {
    const value = resolve('{"deadLetterTargetArn":"${aws_sqs_queue.queue_dlq_441322FF.arn}","maxReceiveCount":3}');
    expect(JSON.parse(value as string)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process-dlq', maxReceiveCount: 3 });
  });

  it('evaluates jsonencode of an object expression (Fn.jsonencode)', () => {
    const value = resolve('${jsonencode({"maxReceiveCount" = 3, "deadLetterTargetArn" = aws_sqs_queue.queue_dlq_441322FF.arn})}');
    expect(JSON.parse(value as string)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process-dlq', maxReceiveCount: 3 });
  });

  it('keeps the type of a whole-string reference and follows indexes', () => {
    expect(resolve('${aws_lambda_function.f.environment[0].variables}')).toEqual({ A: '1' });
  });

  it('reads resource names with dashes (cdktf ids)', () => {
    expect(resolve('${aws_api_gateway_api_key.api_api-key_BB72D5B4.id}')).toBe('abc');
  });

  it('evaluates join over a tuple and nested string templates', () => {
    expect(resolve('${join("/", ["a", "b-${data.aws_caller_identity.caller.account_id}"])}')).toBe('a/b-000000000000');
  });

  it('treats $${ as a literal and reports plain strings as not interpolated', () => {
    expect(hasInterpolation('no refs here')).toBe(false);
    expect(hasInterpolation('$${literal}')).toBe(false);
    expect(resolve('cost $${x} for ${data.aws_caller_identity.caller.account_id}')).toBe('cost ${x} for 000000000000');
  });

  it('names a function it does not support', () => {
    expect(() => resolve('${templatefile("x.tpl", {})}')).toThrow(/templatefile is not supported/);
  });
});
