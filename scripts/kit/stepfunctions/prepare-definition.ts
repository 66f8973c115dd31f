import { KitError } from '../errors.js';

/** A state machine definition the kit refuses to run: names the state machine, the state and why. */
export class StateMachineDefinitionError extends KitError {
  override readonly name = 'StateMachineDefinitionError';
  constructor(stateMachine: string, reason: string) {
    super('StateMachineDefinition', `state machine ${stateMachine}: ${reason}`);
  }
}

/** AWS's Task timeout when `TimeoutSeconds` is absent ("Task workflow state": 99999999 s). */
export const awsDefaultTaskTimeoutSeconds = 99_999_999;
/** The longest a Node timer waits (2^31-1 ms); a longer one fires at once, so the kit caps there (about 24.8 days). */
export const maxTimerSeconds = Math.floor(0x7fffffff / 1000);

/** Task resources the kit runs: the optimized Lambda integration and plain function ARNs. */
export const lambdaInvokeResource = 'arn:aws:states:::lambda:invoke';
const functionArn = /^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;

export interface TaskState {
  readonly name: string;
  readonly resource: string;
  /** `lambda:invoke` (Parameters.FunctionName, Payload) or a function ARN (the input is the payload). */
  readonly integration: 'lambda:invoke' | 'function-arn';
}

export interface PreparedDefinition {
  /** A copy of the definition with the kit's adjustments (timeouts filled in, retry waits scaled). */
  readonly definition: Record<string, unknown>;
  readonly taskStates: readonly TaskState[];
  /** What the kit changed and why, to print when the state machine is loaded. */
  readonly notes: readonly string[];
}

export interface PrepareOptions {
  /** Factor applied to Retry `IntervalSeconds` and `MaxDelaySeconds` (1 = AWS's waits; tests use a small one). @default 1 */
  readonly retryIntervalScale?: number;
}

type StateMap = Record<string, Record<string, unknown>>;

/**
 * Checks and adjusts an ASL definition before aws-local-stepfunctions runs it:
 * - `QueryLanguage: "JSONata"` (top level or any state) is refused: the library would silently
 *   evaluate JSONata fields as JSONPath;
 * - a Task whose Resource is not a Lambda invocation is refused (the library would call real AWS);
 * - a Task without `TimeoutSeconds` / `TimeoutSecondsPath` gets AWS's default instead of the
 *   library's silent 60 s (capped to the longest Node timer), with a note saying so;
 * - Retry waits are multiplied by `retryIntervalScale`, so tests need not wait 2 s, 4 s, 8 s.
 */
export function prepareDefinition(source: unknown, stateMachine: string, options: PrepareOptions = {}): PreparedDefinition {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) throw new StateMachineDefinitionError(stateMachine, 'the definition is not a JSON object');
  const definition = structuredClone(source) as Record<string, unknown>;
  const scale = options.retryIntervalScale ?? 1;
  const taskStates: TaskState[] = [];
  const notes: string[] = [];
  if (definition.QueryLanguage === 'JSONata') {
    throw new StateMachineDefinitionError(stateMachine, 'QueryLanguage "JSONata" is not supported by the local kit (aws-local-stepfunctions runs JSONPath only); use JSONPath');
  }
  if (typeof definition.TimeoutSeconds === 'number' && definition.TimeoutSeconds > maxTimerSeconds) {
    notes.push(`state machine ${stateMachine}: TimeoutSeconds ${definition.TimeoutSeconds} is capped at ${maxTimerSeconds} s locally (the longest Node timer)`);
    definition.TimeoutSeconds = maxTimerSeconds;
  }

  const visit = (states: unknown, path: string): void => {
    if (states === null || typeof states !== 'object') throw new StateMachineDefinitionError(stateMachine, `${path || 'States'} is not an object of states`);
    for (const [name, state] of Object.entries(states as StateMap)) {
      const where = `${path}${name}`;
      if (state.QueryLanguage === 'JSONata') {
        throw new StateMachineDefinitionError(stateMachine, `state "${where}" sets QueryLanguage "JSONata", which the local kit does not support (aws-local-stepfunctions runs JSONPath only)`);
      }
      if (state.Type === 'Task') taskStates.push(prepareTask(state, name, where, stateMachine, notes));
      for (const retrier of Array.isArray(state.Retry) ? (state.Retry as Record<string, unknown>[]) : []) {
        if (scale === 1) continue;
        retrier.IntervalSeconds = (typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1) * scale;
        if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds *= scale;
      }
      for (const branch of Array.isArray(state.Branches) ? (state.Branches as Record<string, unknown>[]) : []) visit(branch.States, `${where}/`);
      for (const field of ['Iterator', 'ItemProcessor'] as const) {
        const inner = state[field] as Record<string, unknown> | undefined;
        if (inner) visit(inner.States, `${where}/`);
      }
    }
  };
  visit(definition.States, '');
  if (scale !== 1) notes.push(`state machine ${stateMachine}: Retry intervals scaled by ${scale} locally`);

  const byName = new Map<string, string>();
  for (const task of taskStates) {
    const other = byName.get(task.name);
    // aws-local-stepfunctions keys Task handlers by state name, nested states included.
    if (other !== undefined && other !== task.resource) throw new StateMachineDefinitionError(stateMachine, `two Task states are named "${task.name}" with different resources; the local kit needs distinct names`);
    byName.set(task.name, task.resource);
  }
  return { definition, taskStates, notes };
}

function prepareTask(state: Record<string, unknown>, name: string, where: string, stateMachine: string, notes: string[]): TaskState {
  const resource = String(state.Resource ?? '');
  const integration = resource === lambdaInvokeResource ? 'lambda:invoke' : functionArn.test(resource) ? 'function-arn' : undefined;
  if (!integration) {
    throw new StateMachineDefinitionError(stateMachine, `Task "${where}" uses ${resource}; the local kit runs only ${lambdaInvokeResource} and Lambda function ARNs`);
  }
  if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
    state.TimeoutSeconds = Math.min(awsDefaultTaskTimeoutSeconds, maxTimerSeconds);
    notes.push(`state machine ${stateMachine}: Task "${where}" sets no TimeoutSeconds; AWS then waits up to ${awsDefaultTaskTimeoutSeconds} s (the kit: ${maxTimerSeconds} s, its longest timer), not aws-local-stepfunctions' 60 s. Set one.`);
  } else if (typeof state.TimeoutSeconds === 'number' && state.TimeoutSeconds > maxTimerSeconds) {
    state.TimeoutSeconds = maxTimerSeconds;
  }
  return { name, resource, integration };
}
