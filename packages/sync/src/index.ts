export type { BackoffOptions } from './backoff.js';
export type {
  Ledger,
  LedgerLock,
  LedgerRow,
  LedgerRowFilter,
  LedgerState,
  LockHolder,
} from './ledger.js';
export { LedgerError, type LedgerErrorCode, LedgerLockedError } from './ledger-errors.js';
export { LEDGER_APPLICATION_ID, latestSchemaVersion } from './ledger-schema.js';
export type { Sleep } from './sleep.js';
export { createMemoryLedger, type OpenLedgerOptions, openLedger } from './sqlite-ledger.js';
export { syncAllocations } from './sync-allocations.js';
export type { SyncEvent, SyncFailure, SyncOptions, SyncReport, SyncStopReason } from './sync-types.js';
