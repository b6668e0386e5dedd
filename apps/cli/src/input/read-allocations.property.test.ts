import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAllocation } from '@tracker/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type InputFormat, readAllocations } from '../index.js';

// Deterministic by default; TRACKER_TEST_SEED replays another run. fast-check prints seed and path on failure.
const seed = Number(process.env.TRACKER_TEST_SEED ?? 20260204);
const dir = mkdtempSync(join(tmpdir(), 'tracker-prop-'));
let counter = 0;
const write = (content: string | Uint8Array) => {
  counter += 1;
  const path = join(dir, `input-${counter}`);
  writeFileSync(path, content);
  return path;
};
const formats: InputFormat[] = ['json', 'ndjson', 'csv'];

const allocation = fc
  .record({
    projectId: fc.stringMatching(/^[0-9a-f]{24}$/),
    startSeconds: fc.integer({ min: Date.UTC(1971, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 }),
    durationSeconds: fc.integer({ min: 1, max: 86_400 }),
    key: fc.option(fc.stringMatching(/^[A-Za-z0-9:_-]{1,30}$/), { nil: undefined }),
  })
  .map(({ projectId, startSeconds, durationSeconds, key }) => ({
    projectId,
    start: new Date(startSeconds * 1000),
    end: new Date((startSeconds + durationSeconds) * 1000),
    ...(key === undefined ? {} : { key }),
  }));

function render(format: InputFormat, items: ReturnType<typeof formatAllocation>[]): string {
  if (format === 'json') return JSON.stringify(items);
  if (format === 'ndjson') return items.map((item) => JSON.stringify(item)).join('\n');
  return items.map((item) => [item.projectId, item.start, item.end, item.key ?? ''].join(',')).join('\n');
}

describe('input readers, on generated input', () => {
  it('never throw on arbitrary text or bytes in any format: they return records or located problems', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }),
          fc.json().map((json) => json),
        ),
        fc.constantFrom(...formats),
        async (content, format) => {
          const result = await readAllocations(write(content), { format });
          for (const problem of result.problems) {
            expect(problem.location).toMatch(/^(input|item \d+|line \d+(, column \d+)?)$/);
            expect(problem.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it('round-trip every valid allocation through each format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(allocation, { maxLength: 20, selector: (a) => a.key ?? `${a.start.getTime()}` }),
        fc.constantFrom(...formats),
        async (items, format) => {
          const result = await readAllocations(write(render(format, items.map(formatAllocation))), {
            format,
          });
          expect(result.problems).toEqual([]);
          expect(result.records.map((r) => r.allocation)).toEqual(items);
        },
      ),
      { seed, numRuns: 150 },
    );
  });
});
