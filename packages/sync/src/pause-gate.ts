import type { Sleep } from './sleep.js';

export interface PauseGate {
  /**
   * Holds every caller of `pass` until `ms` from now. Returns false, and pauses nothing, when the total
   * time paused in this run would pass the budget.
   */
  pause(ms: number): boolean;
  /** Resolves once no pause is in force. */
  pass(): Promise<void>;
  /** Wall-clock time paused so far (overlapping pauses count once). */
  readonly pausedMs: number;
  /** Pauses begun or lengthened so far: a caller that sees it change while it waited knows one came in. */
  readonly pauses: number;
}

/** One pause shared by all workers: while one waits out a 429, the others wait too instead of collecting more. */
export function createPauseGate(options: {
  budgetMs: number;
  now: () => number;
  sleep: Sleep;
  signal: AbortSignal;
}): PauseGate {
  let until = Number.NEGATIVE_INFINITY;
  let pausedMs = 0;
  let pauses = 0;
  let wake: Promise<void> | undefined;
  return {
    get pausedMs() {
      return pausedMs;
    },
    get pauses() {
      return pauses;
    },
    pause(ms) {
      const now = options.now();
      const end = now + Math.max(0, ms);
      if (end <= until) return true;
      const added = end - Math.max(now, until);
      if (pausedMs + added > options.budgetMs) return false;
      pausedMs += added;
      pauses += 1;
      until = end;
      wake = options.sleep(end - now, options.signal);
      return true;
    },
    async pass() {
      while (wake) {
        const current = wake;
        await current;
        if (wake === current) wake = undefined;
      }
    },
  };
}
