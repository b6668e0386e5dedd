import { describe, expect, it } from 'vitest';
import { createPauseGate } from './pause-gate.js';
import { createVirtualClock } from './testing/virtual-clock.js';

describe('createPauseGate', () => {
  it('holds passers until the latest pause ends, counting overlapping pauses once', async () => {
    const clock = createVirtualClock();
    const gate = createPauseGate({
      budgetMs: 10_000,
      now: clock.now,
      sleep: clock.sleep,
      signal: new AbortController().signal,
    });
    expect(gate.pause(1000)).toBe(true);
    expect(gate.pause(400)).toBe(true); // inside the first pause: adds nothing
    expect(gate.pauses).toBe(1);
    const passed: number[] = [];
    const waiters = [
      gate.pass().then(() => passed.push(clock.now())),
      gate.pass().then(() => passed.push(clock.now())),
    ];
    await clock.sleep(300);
    expect(gate.pause(1000)).toBe(true); // now ends at 1300: 300 more
    expect(gate.pauses).toBe(2);
    await Promise.all(waiters);
    expect(passed).toEqual([1300, 1300]);
    expect(gate.pausedMs).toBe(1300);
    await gate.pass();
  });

  it('refuses a pause that would pass the budget, and pauses nothing then', async () => {
    const clock = createVirtualClock();
    const gate = createPauseGate({
      budgetMs: 1500,
      now: clock.now,
      sleep: clock.sleep,
      signal: new AbortController().signal,
    });
    expect(gate.pause(1000)).toBe(true);
    await gate.pass();
    expect(gate.pause(600)).toBe(false);
    expect(gate.pausedMs).toBe(1000);
    expect(gate.pauses).toBe(1);
    expect(gate.pause(500)).toBe(true);
  });
});
