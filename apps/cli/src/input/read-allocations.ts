import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { type Allocation, formatUtcSeconds, parseAllocation } from '@tracker/core';
import { parse as parseCsv } from 'csv-parse';
import { describeJsonSyntaxError } from './json-syntax.js';

export const inputFormats = ['json', 'ndjson', 'csv'] as const;
export type InputFormat = (typeof inputFormats)[number];

/** One valid allocation and where it came from (`line 4`, `item 2`), for messages about it later. */
export interface InputRecord {
  allocation: Allocation;
  location: string;
}

/** One thing wrong with the input: where, which field (if one), and what. */
export interface InputProblem {
  location: string;
  field?: string;
  message: string;
}

export interface InputReadResult {
  format: InputFormat;
  records: InputRecord[];
  problems: InputProblem[];
}

export interface ReadAllocationsOptions {
  format?: InputFormat | undefined;
  /** Stream used for `-` (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

const CSV_COLUMNS = ['projectId', 'start', 'end', 'key'] as const;

/** The format a file name implies, or undefined when its extension says nothing. */
export function formatFromPath(path: string): InputFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case '.json':
      return 'json';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.csv':
      return 'csv';
    default:
      return undefined;
  }
}

/** Guesses from content: `[` is a JSON array, `{` is NDJSON, anything else CSV. */
export function sniffFormat(text: string): InputFormat {
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'ndjson';
  return 'csv';
}

/**
 * Reads and validates every record of an input (a path, or `-` for stdin). Never throws for bad content:
 * every problem is returned with its location, so the caller can refuse the whole input at once.
 */
export async function readAllocations(
  source: string,
  options: ReadAllocationsOptions = {},
): Promise<InputReadResult> {
  const fromStdin = source === '-';
  let format = options.format ?? (fromStdin ? undefined : formatFromPath(source));
  let text: string | undefined;
  if (format === undefined || format === 'json') {
    text = fromStdin ? await readStream(options.stdin ?? process.stdin) : await readFile(source, 'utf8');
    format ??= sniffFormat(text);
  }
  const open = (): NodeJS.ReadableStream =>
    text !== undefined
      ? Readable.from([text])
      : fromStdin
        ? (options.stdin ?? process.stdin)
        : createReadStream(source);
  const result = await (format === 'json'
    ? readJsonArray(text ?? '')
    : format === 'ndjson'
      ? readNdjson(open())
      : readCsv(open()));
  return {
    format,
    records: result.records,
    problems: [...result.problems, ...findKeyConflicts(result.records)],
  };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

interface Collected {
  records: InputRecord[];
  problems: InputProblem[];
}

function collect(collected: Collected, location: string, value: unknown): void {
  const parsed = parseAllocation(value);
  if (parsed.ok) {
    collected.records.push({ allocation: parsed.allocation, location });
    return;
  }
  for (const problem of parsed.problems) {
    collected.problems.push(
      problem.field
        ? { location, field: problem.field, message: problem.message }
        : { location, message: problem.message },
    );
  }
}

async function readJsonArray(text: string): Promise<Collected> {
  const collected: Collected = { records: [], problems: [] };
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return collected;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    collected.problems.push({ location: 'input', message: describeJsonSyntaxError(error, body) });
    return collected;
  }
  if (!Array.isArray(value)) {
    collected.problems.push({
      location: 'input',
      message: 'expected a JSON array of allocations ([{"projectId": …, "start": …, "end": …}, …])',
    });
    return collected;
  }
  for (const [index, item] of value.entries()) collect(collected, `item ${index + 1}`, item);
  return collected;
}

async function readNdjson(stream: NodeJS.ReadableStream): Promise<Collected> {
  const collected: Collected = { records: [], problems: [] };
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const rawLine of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const detail = describeJsonSyntaxError(error, line);
      const column = /^line 1, (column \d+): /.exec(detail);
      collected.problems.push(
        column
          ? { location: `line ${lineNumber}, ${column[1]}`, message: detail.slice(column[0].length) }
          : { location: `line ${lineNumber}`, message: detail },
      );
      continue;
    }
    collect(collected, `line ${lineNumber}`, value);
  }
  return collected;
}

async function readCsv(stream: NodeJS.ReadableStream): Promise<Collected> {
  const collected: Collected = { records: [], problems: [] };
  const parser = stream.pipe(
    parseCsv({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      comment: '#',
      comment_no_infix: true,
    }),
  );
  let columns: readonly string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const location = `line ${info.lines}`;
      if (columns === undefined) {
        if (looksLikeHeader(record)) {
          const header = readCsvHeader(record, location, collected);
          columns = header ?? CSV_COLUMNS;
          continue;
        }
        columns = CSV_COLUMNS;
      }
      if (record.length < 3 || record.length > columns.length) {
        collected.problems.push({
          location,
          message: `expected ${columns.length === 3 ? '3' : '3 or 4'} columns (${columns.join(',')}), found ${record.length}`,
        });
        continue;
      }
      const value: Record<string, string> = {};
      record.forEach((cell, index) => {
        const column = columns?.[index];
        if (column && !(column === 'key' && cell === '')) value[column] = cell;
      });
      collect(collected, location, value);
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    collected.problems.push({
      location: lines ? `line ${lines}` : 'input',
      message: `not valid CSV: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}`,
    });
  }
  return collected;
}

/** A first row whose cells are mostly column names (not ids and timestamps) is a header. */
function looksLikeHeader(record: readonly string[]): boolean {
  const names = new Set(CSV_COLUMNS.map((name) => name.toLowerCase()));
  return record.filter((cell) => names.has(cell.toLowerCase())).length >= Math.min(2, record.length);
}

function readCsvHeader(record: string[], location: string, collected: Collected): string[] | undefined {
  const known = new Map(CSV_COLUMNS.map((name) => [name.toLowerCase(), name]));
  const header: string[] = [];
  for (const cell of record) {
    const name = known.get(cell.toLowerCase());
    if (!name) {
      collected.problems.push({
        location,
        message: `unknown CSV column "${cell}"; expected ${CSV_COLUMNS.join(',')} (key optional)`,
      });
      return undefined;
    }
    header.push(name);
  }
  for (const required of ['projectId', 'start', 'end']) {
    if (!header.includes(required))
      collected.problems.push({ location, message: `CSV header lacks the "${required}" column` });
  }
  return header;
}

/** Two records with one `key` but different contents would silently drop one: refuse that. */
function findKeyConflicts(records: readonly InputRecord[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Map<string, { signature: string; location: string }>();
  for (const { allocation, location } of records) {
    if (allocation.key === undefined) continue;
    const signature = `${allocation.projectId} ${formatUtcSeconds(allocation.start)} ${formatUtcSeconds(allocation.end)}`;
    const earlier = seen.get(allocation.key);
    if (!earlier) seen.set(allocation.key, { signature, location });
    else if (earlier.signature !== signature) {
      problems.push({
        location,
        field: 'key',
        message: `"${allocation.key}" is already used by ${earlier.location} for a different allocation; keys must be unique`,
      });
    }
  }
  return problems;
}

/** `line 4: start: "…" has no time zone; …` */
export function formatInputProblem(problem: InputProblem): string {
  return `${problem.location}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}
