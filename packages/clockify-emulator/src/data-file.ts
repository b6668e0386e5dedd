import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseInstant } from './clockify-datetime.js';
import type { TimeEntry } from './time-entry.js';

/** What `dataFile` holds: the entries only; the seed comes from options (or `--seed`) on every start. */
export interface DataFileContents {
  version: 1;
  entries: TimeEntry[];
}

export interface LoadedEntry {
  entry: TimeEntry;
  startMs: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEntry(value: unknown, where: string): LoadedEntry {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.workspaceId !== 'string') {
    throw new Error(`${where} is not a time entry (needs id and workspaceId)`);
  }
  if (typeof value.userId !== 'string' || !isRecord(value.timeInterval)) {
    throw new Error(`${where} is not a time entry (needs userId and timeInterval)`);
  }
  const startMs = parseInstant(value.timeInterval.start);
  if (startMs === undefined) throw new Error(`${where}.timeInterval.start is not a date-time`);
  return { entry: value as unknown as TimeEntry, startMs };
}

/** Reads a data file; a missing file means no entries yet. Throws one clear sentence otherwise. */
export async function loadDataFile(path: string): Promise<LoadedEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read data file ${path}: ${(error as Error).message}`);
  }
  let contents: unknown;
  try {
    contents = JSON.parse(text);
  } catch (error) {
    throw new Error(`Data file ${path} is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(contents) || contents.version !== 1 || !Array.isArray(contents.entries)) {
    throw new Error(
      `Data file ${path} is not an emulator data file (expected {"version":1,"entries":[...]})`,
    );
  }
  return contents.entries.map((entry, index) => readEntry(entry, `Data file ${path}: entries[${index}]`));
}

export interface DataFileWriter {
  /** Writes soon; many mutations in a burst become one write. */
  schedule(): void;
  /** Writes now if anything changed; rejects with the first write error since the last flush. */
  flush(): Promise<void>;
}

/** Writes atomically (temp file, then rename), one write at a time, debounced by `debounceMs`. */
export function createDataFileWriter(
  path: string,
  snapshot: () => TimeEntry[],
  debounceMs = 50,
): DataFileWriter {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writeCount = 0;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;

  async function writeOnce(): Promise<void> {
    if (!dirty) return;
    dirty = false;
    const contents: DataFileContents = { version: 1, entries: snapshot() };
    const temporary = `${path}.${process.pid}.${writeCount++}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, JSON.stringify(contents));
      await rename(temporary, path);
    } catch (error) {
      failure ??= error;
      await rm(temporary, { force: true });
    }
  }

  function write(): Promise<void> {
    writing = writing.then(writeOnce);
    return writing;
  }

  return {
    schedule() {
      dirty = true;
      timer ??= setTimeout(() => {
        timer = undefined;
        void write();
      }, debounceMs);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await write();
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw new Error(`Cannot write data file ${path}: ${(error as Error).message}`);
      }
    },
  };
}
