import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../scripts/kit/terraform/load-plan.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { repoRoot, resourcesOf, synthesizedStack, testEnv } from './support.js';

const load = (tf: TfJson, stack: string) => loadPlan(tf, { stack, repoRoot, env: testEnv });

describe('coverage of the eventbridge and direct stacks', () => {
  it.each(['state-machine', 'direct'] as const)('emulates or sets off the path every resource of the synthesized %s stack', (stack) => {
    const plan = load(synthesizedStack(stack), stack);
    expect(plan.coverage.notEmulated).toEqual([]);
    const tf = synthesizedStack(stack);
    const addresses = (blocks: object | undefined, prefix: string): string[] => Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${prefix}${type}.${name}`));
    const declared = [...addresses(tf.resource, ''), ...addresses(tf.data, 'data.')];
    expect([...plan.coverage.emulated, ...plan.coverage.offPath].sort()).toEqual(declared.sort());
  });

  it('counts the bus, the rules, the state machine and the executions API as emulated in the state-machine stack', () => {
    const types = new Set(load(synthesizedStack('state-machine'), 'state-machine').coverage.emulated.map((a) => a.split('.')[0]));
    for (const type of ['aws_s3_bucket_notification', 'aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_sfn_state_machine', 'aws_api_gateway_model', 'aws_api_gateway_request_validator', 'aws_api_gateway_integration_response']) {
      expect(types).toContain(type);
    }
  });

  it('names an EXPRESS state machine as not emulated: it runs as a Standard one locally', () => {
    const tf = synthesizedStack('state-machine');
    const [name, machine] = Object.entries(resourcesOf(tf, 'aws_sfn_state_machine'))[0]!;
    machine.type = 'EXPRESS';
    expect(load(tf, 'state-machine').coverage.notEmulated).toEqual([{ address: `aws_sfn_state_machine.${name}`, reason: expect.stringContaining('type EXPRESS: run as a STANDARD state machine locally') }]);
  });
});
