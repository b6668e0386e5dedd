import type { Database } from 'better-sqlite3';
import { LedgerError } from './ledger-errors.js';

/** Marks a SQLite file as a tracker ledger (`PRAGMA application_id`), so we never write into a stranger's file. */
export const LEDGER_APPLICATION_ID = 0x54726b4c; // "TrkL"

export interface LedgerMigration {
  /** The `user_version` the schema has once this step has run. */
  version: number;
  description: string;
  up(db: Database): void;
}

/** Every schema step, in order. Append new steps; never edit one that has shipped. */
export const ledgerMigrations: readonly LedgerMigration[] = [
  {
    version: 1,
    description: 'allocations and the sync lock',
    up(db) {
      db.exec(`
        CREATE TABLE allocations (
          target TEXT NOT NULL,
          key TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
          entry_id TEXT,
          project_id TEXT NOT NULL,
          start TEXT NOT NULL,
          end TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error_kind TEXT,
          last_error_message TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (target, key)
        ) WITHOUT ROWID;
        CREATE TABLE sync_lock (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          token TEXT NOT NULL,
          pid INTEGER NOT NULL,
          hostname TEXT NOT NULL,
          started_at TEXT NOT NULL,
          command TEXT
        );
      `);
    },
  },
];

export function latestSchemaVersion(migrations: readonly LedgerMigration[] = ledgerMigrations): number {
  return migrations.at(-1)?.version ?? 0;
}

interface SchemaStatus {
  applicationId: number;
  version: number;
  objects: string[];
}

function readStatus(db: Database): SchemaStatus {
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    version: db.pragma('user_version', { simple: true }) as number,
    objects: db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all(),
  };
}

function refuseStranger(path: string, status: SchemaStatus): LedgerError {
  const shown = status.objects.slice(0, 5).join(', ') + (status.objects.length > 5 ? ', …' : '');
  return new LedgerError(
    'not-a-ledger',
    path,
    `${path} is a SQLite database but not a tracker ledger (application_id ${status.applicationId}, tables: ${shown}). ` +
      'Point the ledger path at a new file or an existing tracker ledger; this file was left untouched.',
  );
}

/**
 * Checks that `db` is a tracker ledger this version understands, and brings an older one (or a brand-new,
 * empty file) up to date in one transaction.
 */
export function prepareLedgerSchema(
  db: Database,
  path: string,
  options: { readonly?: boolean; migrations?: readonly LedgerMigration[] } = {},
): void {
  const migrations = options.migrations ?? ledgerMigrations;
  const latest = latestSchemaVersion(migrations);
  const check = (status: SchemaStatus): 'ready' | 'migrate' => {
    const fresh = status.applicationId === 0 && status.version === 0 && status.objects.length === 0;
    if (!fresh && status.applicationId !== LEDGER_APPLICATION_ID) throw refuseStranger(path, status);
    if (status.version > latest) {
      throw new LedgerError(
        'newer-schema',
        path,
        `The ledger ${path} has schema version ${status.version}, written by a newer tracker; this version knows up to ${latest}. ` +
          'Upgrade tracker (or use another ledger path); the file was left untouched.',
      );
    }
    return status.version === latest ? 'ready' : 'migrate';
  };

  if (check(readStatus(db)) === 'ready') return;
  if (options.readonly) {
    throw new LedgerError(
      'older-schema',
      path,
      `The ledger ${path} has an older schema and cannot be upgraded while opened read-only. Run a sync (or open it writable) once to upgrade it.`,
    );
  }
  // IMMEDIATE: a second process opening the same new file waits here, then sees the schema already in place.
  db.transaction(() => {
    const status = readStatus(db);
    if (check(status) === 'ready') return;
    for (const migration of migrations) {
      if (migration.version > status.version) migration.up(db);
    }
    db.pragma(`application_id = ${LEDGER_APPLICATION_ID}`);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}
