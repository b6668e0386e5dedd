import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LedgerLockedError, openLedger } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const childScript = join(here, 'testing', 'ledger-child.ts');

let dir: string;
let path: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracker-lock-'));
  path = join(dir, 'ledger.sqlite');
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function lockError(action: () => unknown): LedgerLockedError {
  try {
    action();
  } catch (error) {
    expect((error as Error).name).toBe('LedgerLockedError');
    return error as LedgerLockedError;
  }
  throw new Error('expected LedgerLockedError');
}

/**
 * Starts the child that locks the ledger and marks `key` pending; resolves once it says so, with the pid of
 * the process running the script (tsx runs it in a grandchild).
 */
function startChild(key: string): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(tsx, ['--conditions=source', childScript, path, 'fake://ws', key], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.stdout?.on('data', (chunk) => {
      stdout += String(chunk);
      const ready = /ready (\d+)/.exec(stdout);
      if (ready) resolve({ child, pid: Number(ready[1]) });
    });
    child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });

async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`process ${pid} is still running`);
}

describe('ledger lock', () => {
  it('refuses a second holder in the same process with who holds it, and frees the lock on release', () => {
    const first = openLedger(path);
    const second = openLedger(path);
    try {
      const lock = first.acquireLock({ command: 'tracker sync week.csv' });
      const error = lockError(() => second.acquireLock());
      expect(error.holder).toMatchObject({
        pid: process.pid,
        hostname: hostname(),
        command: 'tracker sync week.csv',
      });
      expect(Date.parse(error.holder.startedAt)).not.toBeNaN();
      expect(error.message).toContain(path);
      lock.release();
      lock.release();
      second.acquireLock().release();
    } finally {
      first.close();
      second.close();
    }
  });

  it('releases a held lock on close', () => {
    const first = openLedger(path);
    first.acquireLock();
    first.close();
    const second = openLedger(path);
    expect(() => second.acquireLock().release()).not.toThrow();
    second.close();
  });

  it('takes over a lock that names this pid but no live holder (the pid was reused)', () => {
    openLedger(path).close();
    const raw = new Database(path);
    raw
      .prepare('INSERT INTO sync_lock (id, token, pid, hostname, started_at) VALUES (1, ?, ?, ?, ?)')
      .run('old-token', process.pid, hostname(), '2020-01-01T00:00:00.000Z');
    raw.close();
    const ledger = openLedger(path);
    const lock = ledger.acquireLock();
    expect(lock.takenOverFrom).toMatchObject({ pid: process.pid, startedAt: '2020-01-01T00:00:00.000Z' });
    ledger.close();
  });

  it('never takes over a lock from another host (it cannot tell whether that process lives)', () => {
    openLedger(path).close();
    const raw = new Database(path);
    raw
      .prepare('INSERT INTO sync_lock (id, token, pid, hostname, started_at) VALUES (1, ?, ?, ?, ?)')
      .run('t', 999_999, 'build-box-7', '2020-01-01T00:00:00.000Z');
    raw.close();
    const ledger = openLedger(path);
    const error = lockError(() => ledger.acquireLock());
    expect(error.holder.hostname).toBe('build-box-7');
    expect(error.message).toMatch(/another machine/);
    ledger.close();
  });

  it('a live process holds it; once killed mid-sync its pending row survives and its lock is taken over', async () => {
    const { child, pid } = await startChild('crash-key');
    const ledger = openLedger(path);
    try {
      const error = lockError(() => ledger.acquireLock());
      expect(error.holder).toMatchObject({ pid, command: 'ledger-child' });

      process.kill(pid, 'SIGKILL');
      await waitUntilGone(pid);
      await exited(child);

      ledger.close();
      const reopened = openLedger(path);
      expect(reopened.get('fake://ws', 'crash-key')).toMatchObject({ state: 'pending', attempts: 1 });
      const lock = reopened.acquireLock();
      expect(lock.takenOverFrom?.pid).toBe(pid);
      reopened.close();
    } finally {
      ledger.close();
    }
  }, 20_000);
});
