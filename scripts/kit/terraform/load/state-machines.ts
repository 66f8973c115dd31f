import { KitConfigError } from '../../errors.js';
import { prepareDefinition } from '../../stepfunctions/prepare-definition.js';
import type { StateMachinePlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { textField } from './blocks.js';

/**
 * `aws_sfn_state_machine`: the definition with its references resolved, parsed and checked as the
 * kit will run it (JSONata and non-Lambda Tasks are refused here, naming the state machine).
 */
export function loadStateMachines(model: StackModel): StateMachinePlan[] {
  return model.ofType('aws_sfn_state_machine').map((r) => {
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
      type: textField(model, r, 'type') || 'STANDARD',
      definition,
      ...(roleArn ? { roleArn } : {}),
    };
  });
}
