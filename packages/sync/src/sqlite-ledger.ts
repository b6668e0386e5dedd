import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Allocation, formatUtcSeconds } from '@tracker/core';
import Database from 'better-sqlite3';
import type { Ledger, LedgerLock, LedgerRow, LedgerRowFilter, LedgerState } from './ledger.js';
import { ledgerStates } from './ledger.js';
import { LedgerError } from './ledger-errors.js';
import { acquireLedgerLock } from './ledger-lock.js';
import { prepareLedgerSchema } from './ledger-schema.js';

const MEMORY = ':memory:';
/** Keys per `IN (…)` query: well under SQLite's 32,766 bound parameters, large enough to amortise a query. */
const KEYS_PER_QUERY = 500;
/** Error messages are stored for people to read, not as logs: long ones are cut. */
const MAX_MESSAGE_LENGTH = 1000;
const BUSY_TIMEOUT_MS = 5000;
const WAL_CHECKPOINT_PAGES = 10_000;

const ROW_COLUMNS = `target, key, state, entry_id AS entryId, project_id AS projectId, start, end, attempts,
  last_error_kind AS lastErrorKind, last_error_message AS lastErrorMessage, created_at AS createdAt, updated_at AS updatedAt`;

export interface OpenLedgerOptions {
  /** Open an existing ledger for reading only: no file is created, writes and locks are refused. */
  readonly?: boolean;
}

function capMessage(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

function openDatabase(path: string, readonly: boolean): Database.Database {
  if (path !== MEMORY) {
    if (readonly && !existsSync(path)) {
      throw new LedgerError(
        'not-found',
        path,
        `The ledger ${path} does not exist yet; nothing has been synced with it.`,
      );
    }
    if (!readonly) {
      try {
        mkdirSync(dirname(resolve(path)), { recursive: true });
      } catch (error) {
        throw new LedgerError(
          'cannot-open',
          path,
          `Cannot create the folder for the ledger ${path}: ${(error as Error).message}. Choose a ledger path you can write to.`,
          { cause: error },
        );
      }
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new LedgerError(
      'cannot-open',
      path,
      `Cannot open the ledger ${path}: ${(error as Error).message}. Check the path and its permissions.`,
      { cause: error },
    );
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    prepareLedgerSchema(db, path, { readonly });
    if (!readonly) {
      // WAL + NORMAL: every commit survives a killed process; only a power cut can lose the last few.
      if (path !== MEMORY) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Two commits per entry: checkpoint the WAL every ~40 MB rather than every 4 MB.
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof LedgerError) throw error;
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new LedgerError(
        'not-a-ledger',
        path,
        `${path} is not a SQLite database, so not a tracker ledger. Point the ledger path at a new file or an existing ledger; this file was left untouched.`,
        { cause: error },
      );
    }
    throw new LedgerError(
      'cannot-open',
      path,
      `Cannot read the ledger ${path}: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
}

function createSqliteLedger(db: Database.Database, path: string, readonly: boolean): Ledger {
  const now = () => new Date().toISOString();
  const refuseWrite = (what: string): never => {
    throw new LedgerError('read-only', path, `Cannot ${what}: the ledger ${path} was opened read-only.`);
  };

  const selectOne = db.prepare<[string, string], LedgerRow>(
    `SELECT ${ROW_COLUMNS} FROM allocations WHERE target = ? AND key = ?`,
  );
  const selectMany = db.prepare<unknown[], LedgerRow>(
    `SELECT ${ROW_COLUMNS} FROM allocations WHERE target = ? AND key IN (${Array(KEYS_PER_QUERY).fill('?').join(', ')})`,
  );
  const upsertPending = readonly
    ? undefined
    : db.prepare(`
        INSERT INTO allocations (target, key, state, entry_id, project_id, start, end, attempts, created_at, updated_at)
        VALUES (@target, @key, 'pending', NULL, @projectId, @start, @end, 1, @now, @now)
        ON CONFLICT (target, key) DO UPDATE SET
          state = 'pending', project_id = excluded.project_id, start = excluded.start, end = excluded.end,
          attempts = attempts + 1, updated_at = excluded.updated_at
        WHERE state <> 'done'`);
  const updateDone = readonly
    ? undefined
    : db.prepare(
        "UPDATE allocations SET state = 'done', entry_id = ?, updated_at = ? WHERE target = ? AND key = ?",
      );
  const updateFailed = readonly
    ? undefined
    : db.prepare(`UPDATE allocations SET state = 'failed', last_error_kind = ?, last_error_message = ?, updated_at = ?
        WHERE target = ? AND key = ? AND state <> 'done'`);
  const updatePendingError = readonly
    ? undefined
    : db.prepare(`UPDATE allocations SET last_error_kind = ?, last_error_message = ?, updated_at = ?
        WHERE target = ? AND key = ? AND state = 'pending'`);
  const countAll = db.prepare<[], { state: LedgerState; n: number }>(
    'SELECT state, COUNT(*) AS n FROM allocations GROUP BY state',
  );
  const countTarget = db.prepare<[string], { state: LedgerState; n: number }>(
    'SELECT state, COUNT(*) AS n FROM allocations WHERE target = ? GROUP BY state',
  );
  const selectTargets = db
    .prepare<[], string>('SELECT DISTINCT target FROM allocations ORDER BY target')
    .pluck();
  const locks = new Set<LedgerLock>();

  // Settling writes (done, failed, an error note) wait for the next commit: the next markPending, a read,
  // flush(), close(), or the end of this turn of the event loop. Each commit costs far more than a row,
  // so this halves the commits of a sync. Losing one to a crash in that instant leaves the row `pending`,
  // exactly as a crash just before the write would: the next run looks the entry up.
  interface DeferredWrite {
    run(): number;
    what: string;
    target: string;
    key: string;
  }
  let deferred: DeferredWrite[] = [];
  let flushTimer: NodeJS.Immediate | undefined;
  let flushFailure: { error: unknown } | undefined;

  const runDeferred = (writes: DeferredWrite[]): Error | undefined => {
    let problem: Error | undefined;
    for (const write of writes) {
      // The engine always announces a row before settling it; anything else is a bug, not a service problem.
      if (write.run() === 0 && !problem) {
        problem = new Error(
          `Ledger ${path}: cannot ${write.what} ${write.target} ${write.key}: no such pending row`,
        );
      }
    }
    return problem;
  };
  const commitDeferred = db.transaction(runDeferred);
  const commitWith = db.transaction(<T>(writes: DeferredWrite[], fn: () => T) => {
    const problem = runDeferred(writes);
    const result = fn();
    if (problem) throw problem;
    return result;
  });
  const takeDeferred = (): DeferredWrite[] => {
    if (flushTimer) clearImmediate(flushTimer);
    flushTimer = undefined;
    if (flushFailure) {
      const { error } = flushFailure;
      flushFailure = undefined;
      throw error;
    }
    const writes = deferred;
    deferred = [];
    return writes;
  };
  const flush = () => {
    const writes = takeDeferred();
    if (writes.length === 0) return;
    const problem = commitDeferred(writes);
    if (problem) throw problem;
  };
  const defer = (write: DeferredWrite) => {
    if (readonly) refuseWrite(`${write.what} an allocation`);
    deferred.push(write);
    flushTimer ??= setImmediate(() => {
      flushTimer = undefined;
      try {
        flush();
      } catch (error) {
        flushFailure ??= { error }; // thrown by the next call on this ledger
      }
    });
  };

  return {
    path,
    get(target, key) {
      flush();
      return selectOne.get(target, key);
    },
    getMany(target, keys) {
      flush();
      const found = new Map<string, LedgerRow>();
      const parameters: unknown[] = Array(KEYS_PER_QUERY + 1).fill(null);
      parameters[0] = target;
      for (let offset = 0; offset < keys.length; offset += KEYS_PER_QUERY) {
        const size = Math.min(KEYS_PER_QUERY, keys.length - offset);
        for (let i = 0; i < KEYS_PER_QUERY; i += 1) parameters[i + 1] = i < size ? keys[offset + i] : null;
        for (const row of selectMany.all(...parameters)) found.set(row.key, row);
      }
      return found;
    },
    markPending(target, key, allocation: Allocation) {
      if (!upsertPending) return refuseWrite('mark an allocation pending');
      const parameters = {
        target,
        key,
        projectId: allocation.projectId,
        start: formatUtcSeconds(allocation.start),
        end: formatUtcSeconds(allocation.end),
        now: now(),
      };
      const upsert = () => upsertPending.run(parameters).changes;
      const writes = takeDeferred();
      const changes = writes.length === 0 ? upsert() : (commitWith(writes, upsert) as number);
      if (changes === 0)
        throw new Error(`Ledger ${path}: refusing to mark ${target} ${key} pending: it is already done`);
    },
    markDone(target, key, entryId) {
      const at = now();
      defer({
        run: () => updateDone?.run(entryId, at, target, key).changes ?? 0,
        what: 'mark done',
        target,
        key,
      });
    },
    markFailed(target, key, kind, message) {
      const at = now();
      const text = capMessage(message);
      defer({
        run: () => updateFailed?.run(kind, text, at, target, key).changes ?? 0,
        what: 'mark failed',
        target,
        key,
      });
    },
    notePendingError(target, key, kind, message) {
      const at = now();
      const text = capMessage(message);
      defer({
        run: () => updatePendingError?.run(kind, text, at, target, key).changes ?? 0,
        what: 'note an error on',
        target,
        key,
      });
    },
    flush,
    transaction<T>(fn: () => T): T {
      return commitWith(takeDeferred(), fn) as T;
    },
    counts(target) {
      flush();
      const counts: Record<LedgerState, number> = { pending: 0, done: 0, failed: 0 };
      for (const { state, n } of target === undefined ? countAll.all() : countTarget.all(target))
        counts[state] = n;
      return counts;
    },
    rows(filter: LedgerRowFilter = {}) {
      flush();
      const where: string[] = [];
      const parameters: unknown[] = [];
      if (filter.target !== undefined) {
        where.push('target = ?');
        parameters.push(filter.target);
      }
      if (filter.states !== undefined) {
        const states = filter.states.filter((state) => ledgerStates.includes(state));
        where.push(states.length === 0 ? '0' : `state IN (${states.map(() => '?').join(', ')})`);
        parameters.push(...states);
      }
      let sql = `SELECT ${ROW_COLUMNS} FROM allocations`;
      if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
      sql += ' ORDER BY target, created_at, key';
      if (filter.limit !== undefined) {
        sql += ' LIMIT ?';
        parameters.push(Math.max(0, Math.floor(filter.limit)));
      }
      return db.prepare<unknown[], LedgerRow>(sql).all(...parameters);
    },
    targets() {
      flush();
      return selectTargets.all();
    },
    acquireLock(info) {
      if (readonly) return refuseWrite('lock it for a sync');
      flush();
      const acquired = acquireLedgerLock(db, path, info);
      const lock: LedgerLock = {
        release() {
          locks.delete(lock);
          acquired.release();
        },
        ...(acquired.takenOverFrom ? { takenOverFrom: acquired.takenOverFrom } : {}),
      };
      locks.add(lock);
      return lock;
    },
    close() {
      if (!db.open) return;
      try {
        flush();
      } finally {
        for (const lock of [...locks]) lock.release();
        db.close();
      }
    },
  };
}

/**
 * Opens (creating it and its folder when missing) the SQLite ledger at `path`: WAL, schema checked and
 * migrated. Throws `LedgerError` for a file that is not a ledger or was written by a newer tracker.
 */
export function openLedger(path: string, options: OpenLedgerOptions = {}): Ledger {
  // SQLite has no read-only memory database; an empty one is just as unable to change anything on disk.
  const readonly = options.readonly === true && path !== MEMORY;
  return createSqliteLedger(openDatabase(path, readonly), path, readonly);
}

/** A ledger that lives and dies with the process: for tests and dry runs. */
export function createMemoryLedger(): Ledger {
  return openLedger(MEMORY);
}
