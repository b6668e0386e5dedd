import type { Sleep } from '../sleep.js';

interface Sleeper {
  wakeAt: number;
  order: number;
  resolve: () => void;
}

export interface VirtualClock {
  now: () => number;
  sleep: Sleep;
  /** Every sleep asked for, in ms, in call order. */
  readonly sleeps: number[];
}

/**
 * Time that passes only while everyone sleeps: once the event loop has had two turns with nothing else to
 * do, the earliest sleeper wakes and the clock jumps to its wake time. Tests of waits and pacing run instantly and exactly.
 */
export function createVirtualClock(): VirtualClock {
  let time = 0;
  let order = 0;
  let scheduled = false;
  const sleepers: Sleeper[] = [];
  const sleeps: number[] = [];

  const wakeNext = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order);
    const next = sleepers.shift();
    if (!next) return;
    time = Math.max(time, next.wakeAt);
    next.resolve();
    if (sleepers.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Two turns: work that woken code queued for the next turn (e.g. a group commit) runs before time moves.
    setImmediate(() => setImmediate(wakeNext));
  };

  return {
    now: () => time,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      if (ms <= 0 || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const sleeper: Sleeper = { wakeAt: time + ms, order: order++, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            const at = sleepers.indexOf(sleeper);
            if (at >= 0) sleepers.splice(at, 1);
            resolve();
          },
          { once: true },
        );
        schedule();
      });
    },
  };
}
