import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles the ceiling per retry, capped at maxMs, with full jitter', () => {
    const top = { baseMs: 100, maxMs: 1000, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, top))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(4, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(0);
    expect(backoffDelay(2, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(100);
  });

  it('defaults to 250 ms growing to 30 s', () => {
    expect(backoffDelay(1, { random: () => 0.999999 })).toBe(249);
    expect(backoffDelay(30, { random: () => 0.999999 })).toBe(29_999);
  });

  it('spreads retries out: two random sources give different waits', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelay(8)));
    expect(waits.size).toBeGreaterThan(10);
    for (const wait of waits) expect(wait).toBeLessThan(30_000);
  });
});
