import { afterEach, describe, expect, it } from 'vitest';
import { LambdaRunner } from '../../scripts/kit/lambda/lambda-runner.js';
import type { WorkerSpec } from '../../scripts/kit/lambda/lambda-worker.js';
import { repoRoot } from './support.js';

const spec = (overrides: Partial<WorkerSpec> = {}): WorkerSpec => ({
  functionName: 'behaviours',
  functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:behaviours',
  entry: new URL('./fixtures/handlers/behaviours.ts', import.meta.url).pathname,
  exportName: 'handler',
  memoryMb: 256,
  timeoutSeconds: 5,
  env: { PATH: process.env.PATH ?? '', ONLY_FROM_TERRAFORM: 'yes' },
  cwd: repoRoot,
  ...overrides,
});

describe('the Lambda runner', () => {
  let runner: LambdaRunner;
  afterEach(() => runner.stop());

  it('reuses a warm sandbox and gives it only the environment it was configured with', async () => {
    process.env.KIT_PARENT_ONLY = 'leak';
    runner = new LambdaRunner({ maxWorkersPerFunction: 1 });
    runner.register(spec());
    const first = await runner.invoke('behaviours', { do: 'pid' }, 'test');
    const second = await runner.invoke('arn:aws:lambda:eu-west-1:000000000000:function:behaviours', { do: 'pid' }, 'test');
    delete process.env.KIT_PARENT_ONLY;
    expect(first).toMatchObject({ ok: true, coldStart: true, value: { env: 'yes', leaked: null } });
    expect(second).toMatchObject({ ok: true, coldStart: false });
    expect((second.value as { pid: number }).pid).toBe((first.value as { pid: number }).pid);
  });

  it('hands the handler its event and the caller its result as JSON carries them, large ones too', async () => {
    runner = new LambdaRunner({ maxWorkersPerFunction: 1 });
    runner.register(spec());
    const body = 'A'.repeat(5_000_000);
    const result = await runner.invoke('behaviours', { do: 'echo', missing: undefined, when: new Date(0), body }, 'test');
    expect(result.ok).toBe(true);
    const value = result.value as Record<string, unknown>;
    expect(value).toEqual({
      event: { do: 'echo', when: '1970-01-01T00:00:00.000Z', body },
      hasUndefinedField: false,
      dateType: 'string',
      returnedDate: '1970-01-01T00:00:00.000Z',
    });
    expect('returnedUndefined' in value).toBe(false);
  });

  it('ends an invocation past its timeout as Lambda does, and starts a new sandbox for the next', async () => {
    runner = new LambdaRunner({ maxWorkersPerFunction: 1 });
    runner.register(spec({ timeoutSeconds: 1 }));
    const before = await runner.invoke('behaviours', { do: 'pid' }, 'test');
    const timedOut = await runner.invoke('behaviours', { do: 'hang' }, 'test');
    expect(timedOut).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: expect.stringContaining('Task timed out after 1.00 seconds') } });
    const after = await runner.invoke('behaviours', { do: 'pid' }, 'test');
    expect(after).toMatchObject({ ok: true, coldStart: true });
    expect((after.value as { pid: number }).pid).not.toBe((before.value as { pid: number }).pid);
  });

  it('kills a sandbox that grows past its memory size', async () => {
    runner = new LambdaRunner({ maxWorkersPerFunction: 1 });
    runner.register(spec({ memoryMb: 200, timeoutSeconds: 20 }));
    const result = await runner.invoke('behaviours', { do: 'grow' }, 'test');
    expect(result).toMatchObject({ ok: false, error: { errorType: 'Runtime.OutOfMemory' } });
  });

  it('reports a process exit and a thrown error with their Lambda error types, and logs the error', async () => {
    runner = new LambdaRunner({ maxWorkersPerFunction: 1 });
    runner.register(spec());
    expect(await runner.invoke('behaviours', { do: 'exit' }, 'test')).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: expect.stringContaining('exit status 3') } });
    const thrown = await runner.invoke('behaviours', { do: 'throw' }, 'test');
    expect(thrown).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'bad input' } });
    expect(runner.logs.all().some((l) => l.requestId === thrown.requestId && l.json?.errorMessage === 'bad input')).toBe(true);
  });
});
