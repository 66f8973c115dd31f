import { describe, expect, it } from 'vitest';
import { coverageLines } from '../../scripts/kit/coverage-lines.js';
import { loadPlan } from '../../scripts/kit/terraform/load-plan.js';
import { repoRoot, synthesizedStack, testEnv } from './support.js';

const firstLine = (stack: 'dev' | 'direct' | 'state-machine'): string | undefined => coverageLines(loadPlan(synthesizedStack(stack), { stack, repoRoot, env: testEnv }))[0];

describe('the line saying what the kit built from a stack', () => {
  it('counts the queue flow\'s parts', () => {
    expect(firstLine('dev')).toBe('stack dev: 2 buckets, 2 queues, 16 notification entries, 2 functions, 1 event source mapping, 1 API route');
  });

  it('counts the direct flow\'s Lambda notification entries, no queue but its DLQ, and its metadata table', () => {
    expect(firstLine('direct')).toBe('stack direct: 2 buckets, 1 queue, 16 notification entries, 2 functions, 0 event source mappings, 1 API route, 1 DynamoDB table');
  });

  it('names the EventBridge parts of the state-machine flow, and counts POST /executions as a route', () => {
    expect(firstLine('state-machine')).toBe(
      'stack state-machine: 2 buckets, 1 queue, 0 notification entries, 1 bucket notifying EventBridge, 2 EventBridge rules, 1 state machine, 2 functions, 0 event source mappings, 2 API routes',
    );
  });
});
