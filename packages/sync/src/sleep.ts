/** Waits `ms`, or less when `signal` aborts. The engine checks the signal itself afterwards. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** An injected sleep may reject on abort (as `timers/promises` does): that is a wake-up, not an error. */
export function wakeOnAbort(sleep: Sleep): Sleep {
  return async (ms, signal) => {
    try {
      await sleep(ms, signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
  };
}
