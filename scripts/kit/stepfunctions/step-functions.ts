import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { KitError } from '../errors.js';
import type { BusEvent } from '../eventbridge/s3-events.js';
import { executionStatusChangeEvent, type ExecutionRecord, type ExecutionStatusDetail } from './execution-record.js';
import { lambdaTaskHandler, type FunctionInvoker } from './lambda-task.js';
import { prepareDefinition, type PrepareOptions } from './prepare-definition.js';

export interface StateMachineSpec {
  readonly name: string;
  readonly arn: string;
  /** The ASL definition (object or JSON text). */
  readonly definition: unknown;
  readonly roleArn?: string;
}

/** A Step Functions API error (`StateMachineDoesNotExist`, `InvalidExecutionInput`, ...). */
export class StepFunctionsError extends KitError {
  override readonly name = 'StepFunctionsError';
  /** EventBridge sends a delivery that cannot succeed (no such state machine, bad input) to the DLQ without retrying. */
  readonly retryable = false;
  readonly statusCode = 400;
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export interface StepFunctionsEvents {
  /** Each status change (RUNNING, then SUCCEEDED / FAILED / TIMED_OUT / ABORTED) in AWS's event shape. */
  statusChange: [BusEvent<ExecutionStatusDetail>];
  /** Notes about a loaded state machine (a Task timeout the kit filled in, scaled retries). */
  note: [string];
  idle: [];
}

export interface StepFunctionsOptions {
  readonly region: string;
  readonly accountId: string;
  /** Runs the functions Task states name (the kit's LambdaRunner fits). */
  readonly functions: FunctionInvoker;
  readonly retryIntervalScale?: PrepareOptions['retryIntervalScale'];
}

interface LoadedStateMachine {
  readonly spec: StateMachineSpec;
  readonly machine: StateMachine;
  readonly handlers: Record<string, (input: unknown) => Promise<unknown>>;
}

/**
 * Definitions asl-validator has already accepted in this process: it takes 1.4-3 s per state
 * machine here, so an identical definition (a re-apply, the next test) is not validated again.
 */
const validatedDefinitions = new Set<string>();

/** Names StartExecution accepts: 1-80 characters, none of whitespace, brackets, wildcards, control characters. */
const validName = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;

/**
 * Standard state machines run by aws-local-stepfunctions: StartExecution (returns at once, runs in
 * the background), DescribeExecution, StopExecution, and every execution kept as a record. Each
 * status change is emitted as the `Step Functions Execution Status Change` event, for the bus.
 */
export class StepFunctions extends EventEmitter<StepFunctionsEvents> {
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<ExecutionRecord>; stop?: { error?: string; cause?: string } }>();

  constructor(private readonly options: StepFunctionsOptions) {
    super();
  }

  /** Replaces the state machines (idempotent apply). Throws, naming the state machine, on a definition the kit cannot run. */
  setStateMachines(specs: readonly StateMachineSpec[]): void {
    const loaded = specs.map((spec) => this.load(spec));
    this.machines.clear();
    for (const machine of loaded) this.machines.set(machine.spec.arn, machine);
  }

  stateMachineArns(): string[] {
    return [...this.machines.keys()];
  }

  private load(spec: StateMachineSpec): LoadedStateMachine {
    let source = spec.definition;
    if (typeof source === 'string') {
      try {
        source = JSON.parse(source) as unknown;
      } catch (error) {
        throw new StepFunctionsError('InvalidDefinition', `state machine ${spec.name}: the definition is not JSON: ${(error as Error).message}`);
      }
    }
    const prepared = prepareDefinition(source, spec.name, { retryIntervalScale: this.options.retryIntervalScale ?? 1 });
    for (const note of prepared.notes) this.emit('note', note);
    let machine: StateMachine;
    const key = JSON.stringify(prepared.definition);
    try {
      const validationOptions = validatedDefinitions.has(key) ? { noValidate: true } : { checkArn: true, checkPaths: true };
      machine = new StateMachine(prepared.definition as unknown as StateMachineDefinition, { validationOptions });
      validatedDefinitions.add(key);
    } catch (error) {
      throw new StepFunctionsError('InvalidDefinition', `state machine ${spec.name}: ${(error as Error).message}`);
    }
    const trigger = `states:${spec.name}`;
    const handlers = Object.fromEntries(prepared.taskStates.map((task) => [task.name, lambdaTaskHandler(task, this.options.functions, trigger)]));
    return { spec, machine, handlers };
  }

  /** StartExecution: validates as the API does, then runs the execution in the background. */
  startExecution(request: { stateMachineArn: string; input?: string; name?: string }): { executionArn: string; startDate: Date } {
    const loaded = this.machines.get(request.stateMachineArn);
    if (!loaded) throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    const inputText = request.input ?? '{}';
    let input: unknown;
    try {
      input = JSON.parse(inputText) as unknown;
    } catch (error) {
      throw new StepFunctionsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
    }
    if (Buffer.byteLength(inputText) > 256 * 1024) throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is over 256 KB');
    const name = request.name ?? randomUUID();
    if (!validName.test(name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // A Standard execution of the same name and input that is still running is returned as is.
      if (existing.status === 'RUNNING' && existing.input === inputText) return { executionArn, startDate: existing.startDate };
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = { executionArn, name, stateMachineArn: request.stateMachineArn, status: 'RUNNING', input: inputText, startDate: new Date() };
    this.update(record);
    const context = {
      Execution: { Id: executionArn, Name: name, RoleArn: loaded.spec.roleArn ?? '' },
      StateMachine: { Id: loaded.spec.arn, Name: loaded.spec.name },
    };
    const run = loaded.machine.run(input as never, { overrides: { taskResourceLocalHandlers: loaded.handlers as never }, context });
    const entry: { abort: () => void; done: Promise<ExecutionRecord>; stop?: { error?: string; cause?: string } } = {
      abort: run.abort,
      done: run.result.then(
        (output) => this.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
        (error: unknown) => this.finish(record, this.failure(error, entry.stop)),
      ),
    };
    this.running.set(executionArn, entry);
    return { executionArn, startDate: record.startDate };
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (!record) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /** Every execution so far, oldest first. */
  listExecutions(stateMachineArn?: string): ExecutionRecord[] {
    return [...this.executions.values()].filter((e) => stateMachineArn === undefined || e.stateMachineArn === stateMachineArn);
  }

  /** Resolves with the execution once it has stopped. */
  async waitForExecution(executionArn: string): Promise<ExecutionRecord> {
    return (await this.running.get(executionArn)?.done) ?? this.describeExecution(executionArn);
  }

  /** StopExecution: the execution ends ABORTED with the given error and cause. */
  async stopExecution(executionArn: string, details: { error?: string; cause?: string } = {}): Promise<ExecutionRecord> {
    const entry = this.running.get(executionArn);
    if (!entry) return this.describeExecution(executionArn);
    entry.stop = details;
    entry.abort();
    return entry.done;
  }

  get active(): number {
    return this.running.size;
  }

  /** Aborts every running execution (the kit is stopping). */
  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((arn) => this.stopExecution(arn, { cause: 'the local kit stopped' })));
  }

  private failure(error: unknown, stop: { error?: string; cause?: string } | undefined): Partial<ExecutionRecord> {
    if (error instanceof ExecutionAbortedError) return { status: 'ABORTED', ...stop };
    if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
    const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error instanceof Error ? error : new Error(String(error));
    // A Fail state without Error / Cause: aws-local-stepfunctions fills in its own placeholders.
    const failState = cause.name === 'FailStateError';
    return {
      status: 'FAILED',
      ...(failState ? {} : { error: cause.name }),
      ...(cause.message && !(failState && cause.message === 'Execution failed because of a Fail state') ? { cause: cause.message } : {}),
    };
  }

  private finish(record: ExecutionRecord, outcome: Partial<ExecutionRecord>): ExecutionRecord {
    const finished: ExecutionRecord = { ...record, ...outcome, stopDate: new Date() };
    this.running.delete(record.executionArn);
    this.update(finished);
    if (this.running.size === 0) this.emit('idle');
    return finished;
  }

  private update(record: ExecutionRecord): void {
    this.executions.set(record.executionArn, record);
    this.emit('statusChange', executionStatusChangeEvent(record, this.options.region, this.options.accountId));
  }
}
