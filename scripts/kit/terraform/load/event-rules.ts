import { KitConfigError } from '../../errors.js';
import { compileEventPattern } from '../../eventbridge/event-pattern.js';
import { compileInputTransformer } from '../../eventbridge/input-transformer.js';
import type { EventRulePlan, EventTargetPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';
import { single, textField, type NotEmulated } from './blocks.js';

/** EventBridge's retry policy when a target sets none (24 hours, 185 retries). */
const retryDefaults = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 } as const;

const targetKinds: readonly [RegExp, EventTargetPlan['kind']][] = [
  [/^arn:aws[\w-]*:states:[^:]+:\d{12}:stateMachine:/, 'states'],
  [/^arn:aws[\w-]*:sqs:/, 'sqs'],
  [/^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:/, 'lambda'],
];

/**
 * `aws_cloudwatch_event_rule` with its `aws_cloudwatch_event_target`s. Each pattern and input
 * transformer is compiled here, so an unsupported operator or a template naming an undefined
 * variable stops the kit at start-up, naming the rule. A rule without a pattern (a schedule) and a
 * target the kit cannot deliver to are named in `gaps`.
 */
export function loadEventRules(model: StackModel, gaps: NotEmulated[]): EventRulePlan[] {
  const targets = model.ofType('aws_cloudwatch_event_target');
  const rules: EventRulePlan[] = [];
  for (const r of model.ofType('aws_cloudwatch_event_rule')) {
    const name = String(model.attribute(r.address, 'name'));
    const eventBusName = textField(model, r, 'event_bus_name') || 'default';
    const patternText = model.field(r, 'event_pattern');
    if (typeof patternText !== 'string' || patternText === '') {
      gaps.push({ address: r.address, reason: 'a rule without event_pattern (a schedule) is not emulated' });
      continue;
    }
    let pattern: unknown;
    try {
      pattern = JSON.parse(patternText) as unknown;
    } catch (error) {
      throw new KitConfigError(r.address, 'event_pattern', `not JSON: ${(error as Error).message}`);
    }
    compileEventPattern(pattern, `${r.address}.event_pattern`);
    const state = textField(model, r, 'state');
    const enabled = state ? state !== 'DISABLED' : model.field(r, 'is_enabled') !== false;
    const mine = targets.filter((t) => textField(model, t, 'rule') === name && (textField(model, t, 'event_bus_name') || 'default') === eventBusName);
    rules.push({
      address: r.address,
      name,
      arn: String(model.attribute(r.address, 'arn')),
      eventBusName,
      pattern,
      enabled,
      targets: mine.flatMap((t) => loadTarget(model, t, gaps)),
    });
  }
  return rules;
}

function loadTarget(model: StackModel, t: TfResource, gaps: NotEmulated[]): EventTargetPlan[] {
  const arn = textField(model, t, 'arn');
  const kind = targetKinds.find(([pattern]) => pattern.test(arn))?.[1];
  if (!kind) {
    gaps.push({ address: t.address, reason: `target ${arn} (only Step Functions, SQS and Lambda targets are delivered)` });
    return [];
  }
  const transformer = single(model.field(t, 'input_transformer'));
  const retry = single(model.field(t, 'retry_policy'));
  const deadLetter = single(model.field(t, 'dead_letter_config'));
  const inputTransformer = transformer
    ? { inputPaths: Object.fromEntries(Object.entries((transformer.input_paths ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])), inputTemplate: String(transformer.input_template ?? '') }
    : undefined;
  if (inputTransformer) compileInputTransformer(inputTransformer, `${t.address}.input_transformer`);
  const input = model.field(t, 'input');
  const inputPath = model.field(t, 'input_path');
  const roleArn = model.field(t, 'role_arn');
  return [
    {
      address: t.address,
      id: textField(model, t, 'target_id') || t.name,
      arn,
      kind,
      ...(typeof roleArn === 'string' && roleArn ? { roleArn } : {}),
      ...(inputTransformer ? { inputTransformer } : {}),
      ...(typeof input === 'string' ? { input } : {}),
      ...(typeof inputPath === 'string' ? { inputPath } : {}),
      retryPolicy: {
        maximumRetryAttempts: retry?.maximum_retry_attempts !== undefined ? Number(retry.maximum_retry_attempts) : retryDefaults.maximumRetryAttempts,
        maximumEventAgeSeconds: retry?.maximum_event_age_in_seconds !== undefined ? Number(retry.maximum_event_age_in_seconds) : retryDefaults.maximumEventAgeSeconds,
      },
      ...(typeof deadLetter?.arn === 'string' && deadLetter.arn ? { deadLetterArn: deadLetter.arn } : {}),
    },
  ];
}
