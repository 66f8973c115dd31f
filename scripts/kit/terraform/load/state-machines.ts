import { KitConfigError } from '../../errors.js';
import { prepareDefinition } from '../../stepfunctions/prepare-definition.js';
import type { StateMachinePlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { textField, type NotEmulated } from './blocks.js';

/**
 * `aws_sfn_state_machine`: the definition with its references resolved, parsed and checked as the
 * kit will run it (JSONata and non-Lambda Tasks are refused here, naming the state machine). An
 * EXPRESS state machine runs as a Standard one locally, and is named in `gaps` as not emulated.
 */
export function loadStateMachines(model: StackModel, gaps: NotEmulated[]): StateMachinePlan[] {
  return model.ofType('aws_sfn_state_machine').map((r) => {
    const type = textField(model, r, 'type') || 'STANDARD';
    if (type !== 'STANDARD') gaps.push({ address: r.address, reason: `type ${type}: run as a STANDARD state machine locally (no 5-minute limit, no at-least-once starts, an execution record kept)` });
    const name = String(model.attribute(r.address, 'name'));
    const text = model.field(r, 'definition');
    let definition: unknown;
    try {
      definition = typeof text === 'string' ? (JSON.parse(text) as unknown) : text;
    } catch (error) {
      throw new KitConfigError(r.address, 'definition', `not JSON: ${(error as Error).message}`);
    }
    try {
      prepareDefinition(definition, name);
    } catch (error) {
      throw new KitConfigError(r.address, 'definition', (error as Error).message);
    }
    const roleArn = textField(model, r, 'role_arn');
    return {
      address: r.address,
      name,
      arn: String(model.attribute(r.address, 'arn')),
      type,
      definition,
      ...(roleArn ? { roleArn } : {}),
    };
  });
}
