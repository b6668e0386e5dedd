import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatInputProblem, readAllocations } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'tracker-input-'));
const project = '5f1e2d3c4b5a69788796a5b4';
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const problemsOf = async (path: string, format?: 'json' | 'ndjson' | 'csv') =>
  (await readAllocations(path, { format })).problems.map(formatInputProblem);

describe('readAllocations', () => {
  it('reads a JSON array, converting offsets to UTC', async () => {
    const result = await readAllocations(
      file(
        'a.json',
        JSON.stringify([
          { projectId: project, start: '2026-02-04T16:00:00+01:00', end: '2026-02-04T17:00:00+01:00' },
        ]),
      ),
    );
    expect(result.format).toBe('json');
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.allocation.start.toISOString()).toBe('2026-02-04T15:00:00.000Z');
    expect(result.records[0]?.location).toBe('item 1');
  });

  it('reads NDJSON with line numbers, skipping blank lines', async () => {
    const line = JSON.stringify({
      projectId: project,
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:00:00Z',
    });
    const result = await readAllocations(
      file('a.ndjson', `${line}\n\n${line.replace('15:00', '14:00')}\r\n`),
    );
    expect(result.records.map((r) => r.location)).toEqual(['line 1', 'line 3']);
  });

  it('reads CSV positionally and with a header in any column order, with an optional key', async () => {
    const positional = await readAllocations(
      file(
        'a.csv',
        `${project},2026-02-04T15:00:00Z,2026-02-04T16:00:00Z\n${project},2026-02-04T16:00:00Z,2026-02-04T17:00:00Z,k2\n`,
      ),
    );
    expect(positional.problems).toEqual([]);
    expect(positional.records.map((r) => r.allocation.key)).toEqual([undefined, 'k2']);
    const header = await readAllocations(
      file('b.csv', `end,start,projectId\n2026-02-04T16:00:00Z,2026-02-04T15:00:00Z,"${project}"\n`),
    );
    expect(header.problems).toEqual([]);
    expect(header.records[0]?.location).toBe('line 2');
    expect(header.records[0]?.allocation.projectId).toBe(project);
  });

  it('sniffs the format of stdin', async () => {
    const stdin = Readable.from([
      `[{"projectId":"${project}","start":"2026-02-04T15:00:00Z","end":"2026-02-04T16:00:00Z"}]`,
    ]);
    const result = await readAllocations('-', { stdin });
    expect(result.format).toBe('json');
    expect(result.records).toHaveLength(1);
  });

  it('lists every problem with its line and field', async () => {
    const problems = await problemsOf(
      file(
        'bad.csv',
        `projectId,start,end\n${project},2026-02-04T15:00:00,2026-02-04T16:00:00Z\n${project},2026-02-04T15:00:00Z\n,2026-02-04T15:00:00Z,2026-02-04T16:00:00Z\n`,
      ),
    );
    expect(problems).toEqual([
      'line 2: start: "2026-02-04T15:00:00" has no time zone; add Z or an offset like +01:00',
      'line 3: expected 3 columns (projectId,start,end), found 2',
      'line 4: projectId: must be a non-empty project id',
    ]);
  });

  it('locates JSON syntax errors and refuses a non-array', async () => {
    expect(await problemsOf(file('bad.ndjson', '{"projectId": 1}\n{oops}\n'))).toEqual([
      expect.stringMatching(/^line 1: projectId: must be a string/),
      expect.stringMatching(/^line 1: start: is required/),
      expect.stringMatching(/^line 1: end: is required/),
      expect.stringMatching(/^line 2, column 2: not valid JSON/),
    ]);
    expect(await problemsOf(file('obj.json', '{"projectId": "x"}'), 'json')).toEqual([
      expect.stringMatching(/^input: expected a JSON array/),
    ]);
    expect(await problemsOf(file('trail.json', '[]\n  x'), 'json')).toEqual([
      expect.stringMatching(/^input: line 2, column 3: not valid JSON/),
    ]);
  });

  it('refuses one key used for two different allocations', async () => {
    const records = [
      { projectId: project, start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', key: 'k' },
      { projectId: project, start: '2026-02-04T17:00:00Z', end: '2026-02-04T18:00:00Z', key: 'k' },
    ];
    expect(await problemsOf(file('dup.json', JSON.stringify(records)))).toEqual([
      'item 2: key: "k" is already used by item 1 for a different allocation; keys must be unique',
    ]);
  });

  it('reports an unterminated CSV quote with its line', async () => {
    const problems = await problemsOf(
      file(
        'q.csv',
        `${project},2026-02-04T15:00:00Z,2026-02-04T16:00:00Z\n"${project},2026-02-04T15:00:00Z\n`,
      ),
    );
    expect(problems).toEqual([expect.stringMatching(/^line \d+: not valid CSV: /)]);
  });
});
