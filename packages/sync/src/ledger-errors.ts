import type { LockHolder } from './ledger.js';

export type LedgerErrorCode =
  | 'not-found'
  | 'cannot-open'
  | 'not-a-ledger'
  | 'newer-schema'
  | 'older-schema'
  | 'read-only';

/** The ledger cannot be used: its message names the path and what to do; branch on `code`. */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly path: string;

  constructor(code: LedgerErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerError';
    this.code = code;
    this.path = path;
  }
}

/** Another live process is syncing with this ledger. */
export class LedgerLockedError extends Error {
  readonly holder: LockHolder;
  readonly path: string;

  constructor(path: string, holder: LockHolder, detail = '') {
    super(
      `The ledger ${path} is in use by another sync: pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}` +
        `${holder.command ? ` (${holder.command})` : ''}. Wait for it to finish, or stop that process.${detail}`,
    );
    this.name = 'LedgerLockedError';
    this.holder = holder;
    this.path = path;
  }
}
