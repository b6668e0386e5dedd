/** The exit codes scripts can rely on (architecture.md, "The app"). */
export const ExitCode = {
  /** Everything synced. */
  ok: 0,
  /** Some allocations failed or are left unknown; the rest synced. */
  someFailed: 1,
  /** Bad usage, config or input: nothing was sent. */
  usage: 2,
  /** The key is missing, refused, or not allowed here. */
  auth: 3,
  /** The service could not be reached. */
  unreachable: 4,
  /** Rate-limited: run again later to resume. */
  rateLimited: 75,
  /** Interrupted (Ctrl-C): what finished is recorded; run again to resume. */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
