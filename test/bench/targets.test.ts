import { describe, expect, it } from 'vitest';
import { benchTable } from '../../scripts/bench/table.js';
import { checkTarget, targetSummary } from '../../scripts/bench/targets.js';

describe('bench output', () => {
  it('marks a figure that misses its target, and lists every miss in the closing summary', () => {
    const ms = (n: number): string => `${n.toFixed(0)} ms`;
    const met = checkTarget('latency p50', 80, { atMost: 100 }, ms);
    const missed = checkTarget('speed-up', 1.2, { atLeast: 1.5 }, (n) => `${n.toFixed(2)}x`);
    const refusal = checkTarget('slowest refusal', 1000, { below: 1000 }, ms);

    expect([met.cell, met.mark]).toEqual(['<= 100 ms', 'target <= 100 ms']);
    expect([missed.cell, missed.mark]).toEqual(['MISSED >= 1.50x', 'MISSED: target >= 1.50x']);
    expect(refusal.met).toBe(false);
    expect(targetSummary()).toEqual(['targets: 2 of 3 MISSED', '  MISSED speed-up: 1.20x (target >= 1.50x)', '  MISSED slowest refusal: 1000 ms (target < 1000 ms)']);
  });

  it('writes tables without colour codes', () => {
    const table = benchTable(['measure', 'value']);
    table.push(['ready', '12 ms']);
    const text = table.toString();
    expect(text).toContain('measure');
    expect(text).toContain('12 ms');
    expect(text).not.toMatch(/\u001b\[/);
  });
});
