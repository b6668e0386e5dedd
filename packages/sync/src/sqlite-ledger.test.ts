import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Allocation } from '@tracker/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLedger, type Ledger, LedgerError, openLedger } from './index.js';

const allocation: Allocation = {
  projectId: 'project-1',
  start: new Date('2026-02-02T08:00:00.000Z'),
  end: new Date('2026-02-02T09:30:00.000Z'),
};

let dir: string;
const open: Ledger[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracker-ledger-'));
});
afterEach(() => {
  for (const ledger of open.splice(0)) ledger.close();
  rmSync(dir, { recursive: true, force: true });
});
const track = (ledger: Ledger) => {
  open.push(ledger);
  return ledger;
};

describe('openLedger', () => {
  it('creates the file and its folders, in WAL mode, and keeps rows across a reopen', () => {
    const path = join(dir, 'nested', 'deeper', 'ledger.sqlite');
    const ledger = openLedger(path);
    expect(ledger.path).toBe(path);
    ledger.markPending('clockify://ws-1', 'k1', allocation);
    ledger.markDone('clockify://ws-1', 'k1', 'entry-1');
    ledger.markPending('clockify://ws-1', 'k2', allocation);
    ledger.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const reopened = track(openLedger(path));
    expect(reopened.get('clockify://ws-1', 'k1')).toMatchObject({
      state: 'done',
      entryId: 'entry-1',
      projectId: 'project-1',
      start: '2026-02-02T08:00:00Z',
      end: '2026-02-02T09:30:00Z',
      attempts: 1,
    });
    expect(reopened.get('clockify://ws-1', 'k2')?.state).toBe('pending');
  });

  it('commits markPending before it returns, and settling writes by the end of the event-loop turn', async () => {
    const path = join(dir, 'ledger.sqlite');
    const ledger = track(openLedger(path));
    const other = new Database(path, { readonly: true });
    const stateOnDisk = () => other.prepare("SELECT state FROM allocations WHERE key = 'k'").pluck().get();
    try {
      ledger.markPending('t', 'k', allocation);
      expect(stateOnDisk()).toBe('pending');
      ledger.markDone('t', 'k', 'entry-1');
      await new Promise((resolve) => setImmediate(resolve));
      expect(stateOnDisk()).toBe('done');

      ledger.markPending('t', 'k2', allocation);
      ledger.markFailed('t', 'k2', 'rejected', 'no');
      ledger.markPending('t', 'k3', allocation); // commits the failure along with it
      expect(other.prepare("SELECT state FROM allocations WHERE key = 'k2'").pluck().get()).toBe('failed');
    } finally {
      other.close();
    }
  });

  it('opens read-only: reads work, writes and locks are refused, a missing file says so', () => {
    const path = join(dir, 'ledger.sqlite');
    const writer = openLedger(path);
    writer.markPending('t', 'k', allocation);
    writer.close();

    const reader = track(openLedger(path, { readonly: true }));
    expect(reader.get('t', 'k')?.state).toBe('pending');
    expect(() => reader.markDone('t', 'k', 'e')).toThrow(LedgerError);
    expect(() => reader.acquireLock()).toThrow(/read-only/);

    const missing = join(dir, 'nope.sqlite');
    expect(() => openLedger(missing, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'not-found', message: expect.stringContaining(missing) }),
    );
  });
});

describe('ledger rows', () => {
  it('moves through pending → failed → pending → done, counting attempts and keeping the last error', () => {
    const ledger = track(createMemoryLedger());
    expect(ledger.path).toBe(':memory:');
    ledger.markPending('t', 'k', allocation);
    const first = ledger.get('t', 'k');
    expect(first).toMatchObject({ state: 'pending', attempts: 1, entryId: null, lastErrorKind: null });
    expect(first?.createdAt).toMatch(/Z$/);

    ledger.markFailed('t', 'k', 'rejected', 'bad project');
    expect(ledger.get('t', 'k')).toMatchObject({
      state: 'failed',
      lastErrorKind: 'rejected',
      lastErrorMessage: 'bad project',
    });

    ledger.markPending('t', 'k', allocation);
    ledger.notePendingError('t', 'k', 'no-reply', 'timed out');
    expect(ledger.get('t', 'k')).toMatchObject({ state: 'pending', attempts: 2, lastErrorKind: 'no-reply' });

    ledger.markDone('t', 'k', 'entry-9');
    const done = ledger.get('t', 'k');
    expect(done).toMatchObject({
      state: 'done',
      entryId: 'entry-9',
      attempts: 2,
      createdAt: first?.createdAt,
    });
  });

  it('refuses to mark a done row pending or failed, and to settle a row that was never announced', () => {
    const ledger = track(createMemoryLedger());
    ledger.markPending('t', 'k', allocation);
    ledger.markDone('t', 'k', 'entry-1');
    expect(() => ledger.markPending('t', 'k', allocation)).toThrow(/already done/);
    // Settling writes are checked when they commit.
    ledger.markFailed('t', 'k', 'rejected', 'x');
    expect(() => ledger.flush()).toThrow(/cannot mark failed t k: no such pending row/);
    ledger.markDone('t', 'other', 'entry-2');
    expect(() => ledger.get('t', 'k')).toThrow(/cannot mark done t other/);
    expect(ledger.get('t', 'k')).toMatchObject({ state: 'done', entryId: 'entry-1' });
    expect(ledger.get('t', 'other')).toBeUndefined();
  });

  it('caps stored error messages', () => {
    const ledger = track(createMemoryLedger());
    ledger.markPending('t', 'k', allocation);
    ledger.markFailed('t', 'k', 'rejected', 'x'.repeat(5000));
    expect(ledger.get('t', 'k')?.lastErrorMessage?.length).toBe(1000);
  });

  it('getMany finds exactly the rows asked for, across chunks, per target', () => {
    const ledger = track(createMemoryLedger());
    for (let i = 0; i < 1200; i += 2) ledger.markPending('t', `k${i}`, allocation);
    ledger.markPending('other', 'k1', allocation);
    const keys = Array.from({ length: 1201 }, (_, i) => `k${i}`);
    const rows = ledger.getMany('t', keys);
    expect(rows.size).toBe(600);
    expect(rows.get('k1198')?.key).toBe('k1198');
    expect(rows.has('k1')).toBe(false);
    expect(ledger.getMany('t', []).size).toBe(0);
  });

  it('counts, lists and filters rows and targets', () => {
    const ledger = track(createMemoryLedger());
    ledger.markPending('b', 'k1', allocation);
    ledger.markPending('a', 'k1', allocation);
    ledger.markDone('a', 'k1', 'e1');
    ledger.markPending('a', 'k2', allocation);
    ledger.markFailed('a', 'k2', 'rejected', 'no');
    ledger.markPending('a', 'k3', allocation);
    expect(ledger.counts()).toEqual({ pending: 2, done: 1, failed: 1 });
    expect(ledger.counts('a')).toEqual({ pending: 1, done: 1, failed: 1 });
    expect(ledger.counts('nowhere')).toEqual({ pending: 0, done: 0, failed: 0 });
    expect(ledger.targets()).toEqual(['a', 'b']);
    expect(ledger.rows().map((row) => `${row.target}/${row.key}`)).toEqual(['a/k1', 'a/k2', 'a/k3', 'b/k1']);
    expect(ledger.rows({ target: 'a', states: ['pending', 'failed'] }).map((row) => row.key)).toEqual([
      'k2',
      'k3',
    ]);
    expect(ledger.rows({ states: ['pending'], limit: 1 })).toHaveLength(1);
    expect(ledger.rows({ states: [] })).toEqual([]);
  });
});

describe('ledger files that are not ours', () => {
  it('refuses a ledger written by a newer schema, and leaves it untouched', () => {
    const path = join(dir, 'ledger.sqlite');
    openLedger(path).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openLedger(path)).toThrow(
      expect.objectContaining({
        code: 'newer-schema',
        message: expect.stringMatching(/version 99.*Upgrade tracker/),
      }),
    );
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('refuses an unrelated SQLite database without changing it', () => {
    const path = join(dir, 'app.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    let error: unknown;
    try {
      openLedger(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({
      code: 'not-a-ledger',
      path,
      message: expect.stringMatching(/not a tracker ledger.*customers/),
    });
    const check = new Database(path, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual([
      'customers',
    ]);
    check.close();
  });

  it('refuses a file that is not SQLite at all', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(200));
    expect(() => openLedger(path)).toThrow(
      expect.objectContaining({
        code: 'not-a-ledger',
        message: expect.stringMatching(/not a SQLite database/),
      }),
    );
  });
});
