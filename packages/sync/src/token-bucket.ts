export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Calls allowed back to back after a quiet spell. Default 1: a steady pace, never a burst. */
  burst?: number;
  now: () => number;
}

export interface TokenBucket {
  /** Reserves the next call slot and returns how many ms to wait for it (0: go now). */
  reserve(): number;
}

/**
 * A token bucket kept as one timestamp (the generic cell rate algorithm): each caller reserves the next free
 * slot, so waiting callers are served in order and the pace holds however late timers fire.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
    throw new RangeError(
      `createTokenBucket: ratePerSecond must be a positive number, not ${options.ratePerSecond}`,
    );
  }
  const interval = 1000 / options.ratePerSecond;
  const tolerance = (Math.max(1, options.burst ?? 1) - 1) * interval;
  let theoreticalArrival = Number.NEGATIVE_INFINITY;
  return {
    reserve() {
      const now = options.now();
      const slot = Math.max(theoreticalArrival, now - tolerance);
      theoreticalArrival = slot + interval;
      return Math.max(0, slot - now);
    },
  };
}
