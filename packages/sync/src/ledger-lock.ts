import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { LedgerLock, LockHolder } from './ledger.js';
import { LedgerLockedError } from './ledger-errors.js';

// Lock tokens held by this process, so a lock row with our own pid can be told apart from a stale one whose pid
// the system has since given to us.
const heldTokens = new Set<string>();

/** True while `pid` names a running process (EPERM: it runs, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockRow {
  token: string;
  pid: number;
  hostname: string;
  startedAt: string;
  command: string | null;
}

function toHolder(row: LockRow): LockHolder {
  const holder: LockHolder = { pid: row.pid, hostname: row.hostname, startedAt: row.startedAt };
  if (row.command !== null) holder.command = row.command;
  return holder;
}

function isStale(row: LockRow, host: string): boolean {
  if (row.hostname !== host) return false;
  if (row.pid === process.pid) return !heldTokens.has(row.token);
  return !isProcessAlive(row.pid);
}

/** Takes the ledger's one lock row inside an IMMEDIATE transaction, so two processes cannot both win. */
export function acquireLedgerLock(db: Database, path: string, info: { command?: string } = {}): LedgerLock {
  const host = hostname();
  const token = randomUUID();
  const select = db.prepare<[], LockRow>(
    'SELECT token, pid, hostname, started_at AS startedAt, command FROM sync_lock WHERE id = 1',
  );
  const insert = db.prepare(
    'INSERT OR REPLACE INTO sync_lock (id, token, pid, hostname, started_at, command) VALUES (1, ?, ?, ?, ?, ?)',
  );
  const previous = db
    .transaction((): LockRow | undefined => {
      const existing = select.get();
      if (existing && !isStale(existing, host)) {
        const detail =
          existing.hostname === host
            ? ''
            : ' It was taken on another machine, so tracker cannot tell from here whether that sync still runs.';
        throw new LedgerLockedError(path, toHolder(existing), detail);
      }
      insert.run(token, process.pid, host, new Date().toISOString(), info.command ?? null);
      return existing;
    })
    .immediate();
  heldTokens.add(token);
  const release = db.prepare('DELETE FROM sync_lock WHERE token = ?');
  let released = false;
  const lock: LedgerLock = {
    release() {
      if (released) return;
      released = true;
      heldTokens.delete(token);
      if (db.open) release.run(token);
    },
    ...(previous ? { takenOverFrom: toHolder(previous) } : {}),
  };
  return lock;
}
