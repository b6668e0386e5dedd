import type { Allocation } from '@tracker/core';

/** `pending`: a request may have been sent, outcome unknown · `done`: created · `failed`: certainly not created. */
export type LedgerState = 'pending' | 'done' | 'failed';

export const ledgerStates: readonly LedgerState[] = ['pending', 'done', 'failed'];

/** One allocation as the ledger remembers it, per target. Times are UTC `Z` strings. */
export interface LedgerRow {
  target: string;
  key: string;
  state: LedgerState;
  entryId: string | null;
  projectId: string;
  start: string;
  end: string;
  /** Requests sent for this allocation, over all runs. */
  attempts: number;
  lastErrorKind: string | null;
  lastErrorMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LedgerRowFilter {
  target?: string;
  states?: LedgerState[];
  limit?: number;
}

/** Who holds a ledger's lock. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  command?: string;
}

export interface LedgerLock {
  /** Releases the lock; calling it twice is harmless. */
  release(): void;
  /** Set when the lock of a process that no longer runs was taken over. */
  readonly takenOverFrom?: LockHolder;
}

/**
 * What the engine remembers between runs: `(target, key)` → state. `markPending` commits before it returns
 * (or with the `transaction` it runs in), so a `pending` row is on disk before the request it announces is
 * sent. The settling writes (`markDone`, `markFailed`, `notePendingError`) commit with the next
 * `markPending`, transaction, read, `flush()` or `close()`, or at the end of the current event-loop turn,
 * whichever comes first: far fewer commits, and a crash in between leaves the row `pending`, which the next
 * run settles with `find`.
 */
export interface Ledger {
  /** `:memory:` for a memory ledger. */
  readonly path: string;
  get(target: string, key: string): LedgerRow | undefined;
  /** Rows for many keys at once (missing keys are absent from the map). */
  getMany(target: string, keys: readonly string[]): Map<string, LedgerRow>;
  /** Announces a request: state `pending`, attempts + 1. Refuses to touch a `done` row. */
  markPending(target: string, key: string, allocation: Allocation): void;
  markDone(target: string, key: string, entryId: string): void;
  /** The last request certainly created nothing: retried on the next run. */
  markFailed(target: string, key: string, kind: string, message: string): void;
  /** The outcome is unknown: the row stays `pending`, and records why. */
  notePendingError(target: string, key: string, kind: string, message: string): void;
  /** Runs `fn` in one transaction: the writes in it commit together when it returns, or not at all. */
  transaction<T>(fn: () => T): T;
  /** Commits settling writes now; throws what a deferred commit failed with. */
  flush(): void;
  counts(target?: string): Record<LedgerState, number>;
  rows(filter?: LedgerRowFilter): LedgerRow[];
  targets(): string[];
  /** One sync per ledger: throws `LedgerLockedError` while a live process holds it; takes over a dead one's. */
  acquireLock(info?: { command?: string }): LedgerLock;
  /** Closes the database, releasing a lock this ledger still holds. */
  close(): void;
}
