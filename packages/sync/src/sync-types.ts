import type { Allocation, SinkErrorKind, TimeSink } from '@tracker/core';
import type { BackoffOptions } from './backoff.js';
import type { Ledger } from './ledger.js';
import type { Sleep } from './sleep.js';

export interface SyncOptions {
  sink: TimeSink;
  ledger: Ledger;
  /** Sink calls in flight at once, 1..64. Default 4. */
  concurrency?: number;
  /** Pace of sink calls (push and find alike); undefined or 0 = unpaced. */
  ratePerSecond?: number;
  /** Total time spent waiting on rate limits and backoff before stopping cleanly. Default 120,000. */
  maxWaitMs?: number;
  /** Failed sink calls per allocation per run before giving up on it. Default 5. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Injectable for tests; must resolve early when `signal` aborts (or reject). */
  sleep?: Sleep;
  /** Clock for pacing and the wait budget, in ms. Default `performance.now`. Inject with `sleep` in tests. */
  now?: () => number;
  signal?: AbortSignal;
  /** Read the ledger, send nothing, write nothing: report what would be created or skipped. */
  dryRun?: boolean;
  /** What the lock records as the holder's command, e.g. `tracker sync week.csv`. */
  command?: string;
  onEvent?: (event: SyncEvent) => void;
}

export type SyncEvent =
  | { type: 'started'; total: number | undefined }
  | { type: 'created'; key: string; allocation: Allocation; entryId: string }
  | { type: 'skipped'; key: string; allocation: Allocation; entryId: string | undefined }
  | { type: 'reconciled'; key: string; allocation: Allocation; entryId: string }
  | { type: 'failed'; key: string; allocation: Allocation; kind: SinkErrorKind | 'unknown'; message: string }
  /** Left unknown: the sink cannot `find`, or the run stopped before it could settle. */
  | { type: 'pending'; key: string; allocation: Allocation; message: string }
  | { type: 'waiting'; ms: number; reason: 'rate-limited' | 'backoff' | 'pacing' }
  | { type: 'would-create'; key: string; allocation: Allocation }
  | { type: 'finished'; report: SyncReport };

export interface SyncFailure {
  key: string;
  allocation: Allocation;
  kind: SinkErrorKind | 'unknown';
  message: string;
  status?: number;
}

export type SyncStopReason =
  | { kind: 'auth' | 'forbidden'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'rate-limited'; message: string }
  | { kind: 'aborted'; message: string };

export interface SyncReport {
  created: number;
  skipped: number;
  reconciled: number;
  failed: number;
  pending: number;
  /** Allocations in the input (an array's length), or read from it before the run stopped. */
  total: number;
  /** Not settled because the run stopped: `total` minus every other count; the next run takes them up. */
  remaining: number;
  /** dryRun only, else 0. */
  wouldCreate: number;
  durationMs: number;
  failures: SyncFailure[];
  pendingKeys: string[];
  stopped?: SyncStopReason;
}
