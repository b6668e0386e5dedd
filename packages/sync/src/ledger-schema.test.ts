import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_APPLICATION_ID, latestSchemaVersion, openLedger } from './index.js';
import { type LedgerMigration, ledgerMigrations, prepareLedgerSchema } from './ledger-schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracker-schema-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const allocation = {
  projectId: 'p',
  start: new Date('2026-02-02T08:00:00Z'),
  end: new Date('2026-02-02T09:00:00Z'),
};

describe('ledger schema', () => {
  it('stamps a new ledger with the application id and the latest version', () => {
    const path = join(dir, 'ledger.sqlite');
    openLedger(path).close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(LEDGER_APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    raw.close();
  });

  it('migrates an older ledger forward and keeps its rows', () => {
    const path = join(dir, 'ledger.sqlite');
    const ledger = openLedger(path);
    ledger.markPending('t', 'k', allocation);
    ledger.markDone('t', 'k', 'entry-1');
    ledger.close();

    const next: LedgerMigration = {
      version: latestSchemaVersion() + 1,
      description: 'remember a note per row',
      up: (db) => db.exec("ALTER TABLE allocations ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
    };
    const db = new Database(path);
    prepareLedgerSchema(db, path, { migrations: [...ledgerMigrations, next] });
    expect(db.pragma('user_version', { simple: true })).toBe(next.version);
    expect(db.prepare('SELECT key, state, entry_id AS entryId, note FROM allocations').all()).toEqual([
      { key: 'k', state: 'done', entryId: 'entry-1', note: '' },
    ]);
    // Running it again is a no-op.
    prepareLedgerSchema(db, path, { migrations: [...ledgerMigrations, next] });
    db.close();

    // And this version of tracker now refuses that newer file.
    expect(() => openLedger(path)).toThrow(expect.objectContaining({ code: 'newer-schema' }));
  });

  it('rolls a failed migration back completely', () => {
    const path = join(dir, 'ledger.sqlite');
    openLedger(path).close();
    const broken: LedgerMigration = {
      version: latestSchemaVersion() + 1,
      description: 'half done',
      up: (db) => {
        db.exec('CREATE TABLE extra (id INTEGER)');
        throw new Error('disk on fire');
      },
    };
    const db = new Database(path);
    expect(() => prepareLedgerSchema(db, path, { migrations: [...ledgerMigrations, broken] })).toThrow(
      'disk on fire',
    );
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'extra'").all()).toEqual([]);
    db.close();
  });

  it('refuses to upgrade a ledger opened read-only', () => {
    const path = join(dir, 'ledger.sqlite');
    openLedger(path).close();
    const db = new Database(path, { readonly: true });
    const next: LedgerMigration = { version: latestSchemaVersion() + 1, description: 'x', up: () => {} };
    expect(() =>
      prepareLedgerSchema(db, path, { readonly: true, migrations: [...ledgerMigrations, next] }),
    ).toThrow(expect.objectContaining({ code: 'older-schema' }));
    db.close();
  });
});
