import { describe, expect, it } from 'vitest';
import { createSendWindow, SEND_WINDOW_MARGIN } from './send-window.js';

describe('createSendWindow', () => {
  it('allows floor(rate) sends per window of that many sends at the rate, plus the margin', () => {
    expect(createSendWindow({ ratePerSecond: 50, now: () => 0 })).toMatchObject({
      limit: 50,
      windowMs: 1000 * (1 + SEND_WINDOW_MARGIN),
    });
    const fractional = createSendWindow({ ratePerSecond: 2.5, now: () => 0 });
    expect(fractional.limit).toBe(2);
    expect(fractional.windowMs).toBeCloseTo(800 * (1 + SEND_WINDOW_MARGIN), 9);
    const slow = createSendWindow({ ratePerSecond: 0.5, now: () => 0 });
    expect(slow.limit).toBe(1);
    expect(slow.windowMs).toBeCloseTo(2000 * (1 + SEND_WINDOW_MARGIN), 9);
  });

  it('admits `limit` sends at once, then makes the next wait until the oldest leaves the window', () => {
    let now = 100;
    const window = createSendWindow({ ratePerSecond: 3, now: () => now });
    expect([window.admit(), window.admit(), window.admit()]).toEqual([0, 0, 0]);
    const wait = window.admit();
    expect(wait).toBeCloseTo(window.windowMs, 9);
    expect(window.admit()).toBeCloseTo(wait, 9); // a refusal records nothing
    now = 99 + window.windowMs;
    expect(window.admit()).toBeCloseTo(1, 9);
    now = 100 + window.windowMs; // the sends of t=100 leave the window: room for three, then full again
    expect([window.admit(), window.admit(), window.admit()]).toEqual([0, 0, 0]);
    expect(window.admit()).toBeCloseTo(window.windowMs, 9);
  });

  it('never lets more than `limit` sends into any window, whatever the callers do', () => {
    let now = 0;
    const window = createSendWindow({ ratePerSecond: 10, now: () => now });
    const sentAt: number[] = [];
    // Callers come every 7 ms and, when refused, come back after the wait plus a late timer.
    for (let step = 0; sentAt.length < 200 && step < 10_000; step += 1) {
      const wait = window.admit();
      if (wait === 0) sentAt.push(now);
      now += wait > 0 ? wait + (step % 3) : 7;
    }
    expect(sentAt).toHaveLength(200);
    for (let i = window.limit; i < sentAt.length; i += 1) {
      expect((sentAt[i] as number) - (sentAt[i - window.limit] as number)).toBeGreaterThanOrEqual(
        window.windowMs,
      );
    }
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createSendWindow({ ratePerSecond: 0, now: () => 0 })).toThrow(RangeError);
    expect(() => createSendWindow({ ratePerSecond: Number.POSITIVE_INFINITY, now: () => 0 })).toThrow(
      RangeError,
    );
  });
});
