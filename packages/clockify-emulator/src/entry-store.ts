import type { TimeEntry } from './time-entry.js';

interface StoredEntry {
  entry: TimeEntry;
  /** Parsed once so filtering and sorting never re-read the string. */
  startMs: number;
  /** Insertion order, to break ties between entries with the same start. */
  sequence: number;
}

/** The emulator's entries: one Map by id and one per workspace, so every lookup is O(1). */
export interface EntryStore {
  get(id: string): TimeEntry | undefined;
  has(id: string): boolean;
  /** Adds or replaces (same id) an entry. */
  put(entry: TimeEntry, startMs: number): void;
  remove(id: string): boolean;
  /** Entries in insertion order; one workspace's when given. */
  list(workspaceId?: string): TimeEntry[];
  /** One user's entries in a workspace, newest start first. */
  listNewestFirst(
    workspaceId: string,
    userId: string,
    filter: (entry: TimeEntry, startMs: number) => boolean,
  ): TimeEntry[];
  clear(): void;
  readonly size: number;
}

export function createEntryStore(): EntryStore {
  const byId = new Map<string, StoredEntry>();
  const byWorkspace = new Map<string, Map<string, StoredEntry>>();
  let sequence = 0;

  return {
    get: (id) => byId.get(id)?.entry,
    has: (id) => byId.has(id),
    put(entry, startMs) {
      const previous = byId.get(entry.id);
      if (previous && previous.entry.workspaceId !== entry.workspaceId) {
        byWorkspace.get(previous.entry.workspaceId)?.delete(entry.id);
      }
      const stored: StoredEntry = { entry, startMs, sequence: previous?.sequence ?? sequence++ };
      byId.set(entry.id, stored);
      let workspaceEntries = byWorkspace.get(entry.workspaceId);
      if (!workspaceEntries) {
        workspaceEntries = new Map();
        byWorkspace.set(entry.workspaceId, workspaceEntries);
      }
      workspaceEntries.set(entry.id, stored);
    },
    remove(id) {
      const stored = byId.get(id);
      if (!stored) return false;
      byId.delete(id);
      byWorkspace.get(stored.entry.workspaceId)?.delete(id);
      return true;
    },
    list(workspaceId) {
      const source = workspaceId === undefined ? byId : byWorkspace.get(workspaceId);
      if (!source) return [];
      return Array.from(source.values(), (stored) => stored.entry);
    },
    listNewestFirst(workspaceId, userId, filter) {
      const matches: StoredEntry[] = [];
      for (const stored of byWorkspace.get(workspaceId)?.values() ?? []) {
        if (stored.entry.userId === userId && filter(stored.entry, stored.startMs)) matches.push(stored);
      }
      matches.sort((a, b) => b.startMs - a.startMs || b.sequence - a.sequence);
      return matches.map((stored) => stored.entry);
    },
    clear() {
      byId.clear();
      byWorkspace.clear();
    },
    get size() {
      return byId.size;
    },
  };
}
