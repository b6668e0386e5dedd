import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.js';

describe('createTokenBucket', () => {
  it('hands out one slot per interval to callers arriving together, in order', () => {
    const bucket = createTokenBucket({ ratePerSecond: 10, now: () => 1000 });
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([
      0, 100, 200, 300,
    ]);
  });

  it('does not save up unused time beyond the burst', () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 4, now: () => now });
    expect(bucket.reserve()).toBe(0);
    now = 10_000; // a long quiet spell
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 250]);
  });

  it('allows a burst of `burst` calls, then the steady pace', () => {
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 3, now: () => 0 });
    expect([
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
    ]).toEqual([0, 0, 0, 100, 200]);
  });

  it('keeps the average at the rate when callers come late (timers firing late do not lose slots)', () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 50, now: () => now });
    const callTimes: number[] = [];
    // Callers wake 3 ms late every time: the lateness does not add up over 1,000 calls.
    while (callTimes.length < 1000) {
      now += bucket.reserve() + 3;
      callTimes.push(now);
    }
    const span = (callTimes.at(-1) as number) - (callTimes[0] as number);
    const achieved = (callTimes.length - 1) / (span / 1000);
    expect(achieved).toBeGreaterThan(50 * 0.95);
    expect(achieved).toBeLessThanOrEqual(50);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0, now: () => 0 })).toThrow(RangeError);
    expect(() => createTokenBucket({ ratePerSecond: Number.NaN, now: () => 0 })).toThrow(RangeError);
  });
});
