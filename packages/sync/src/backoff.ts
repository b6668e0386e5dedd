export interface BackoffOptions {
  /** The first retry waits up to this long. Default 250. */
  baseMs?: number;
  /** No wait is longer. Default 30,000. */
  maxMs?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 250;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/**
 * Exponential backoff with full jitter: a random wait in [0, min(max, base·2^(retry−1))), so clients that
 * failed together do not retry together. `retry` counts from 1.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const max = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(Math.min(1, Math.max(0, random())) * ceiling);
}
