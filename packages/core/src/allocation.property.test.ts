import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocationKey,
  allocationSchema,
  formatAllocation,
  parseAllocation,
  parseTimestamp,
} from './index.js';

// Deterministic by default; TRACKER_TEST_SEED replays another run. fast-check prints the seed and path on failure.
const seed = Number(process.env.TRACKER_TEST_SEED ?? 20260204);
const runs = { seed, numRuns: 300 };

const MIN = Date.UTC(1971, 0, 1) / 1000;
const MAX = Date.UTC(2099, 11, 31) / 1000;
const instantSeconds = fc.integer({ min: MIN, max: MAX });
const wireAllocation = fc
  .record({
    projectId: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0),
    startSeconds: instantSeconds,
    durationSeconds: fc.integer({ min: 1, max: 7 * 24 * 3600 }),
    key: fc.option(
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0),
      { nil: undefined },
    ),
  })
  .map(({ projectId, startSeconds, durationSeconds, key }) => ({
    projectId,
    start: new Date(startSeconds * 1000),
    end: new Date((startSeconds + durationSeconds) * 1000),
    ...(key === undefined ? {} : { key }),
  }));

function withOffset(date: Date, offsetMinutes: number, fraction: string): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

describe('allocation parsing, on generated input', () => {
  it('never throws on arbitrary values: either an allocation or located problems', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = parseAllocation(value);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('never throws on arbitrary record-shaped input with string fields', () => {
    const field = fc.oneof(
      fc.string(),
      fc.constantFrom('2026-02-04T15:00:00Z', '2026-13-01T00:00:00Z', '2026-02-04T15:00:00', ''),
    );
    fc.assert(
      fc.property(
        fc.record({ projectId: field, start: field, end: field }, { requiredKeys: [] }),
        (value) => {
          expect(() => parseAllocation(value)).not.toThrow();
        },
      ),
      runs,
    );
  });

  it('parseTimestamp never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => void parseTimestamp(text)),
      runs,
    );
  });

  it('round-trips every valid allocation through format → parse', () => {
    fc.assert(
      fc.property(wireAllocation, (allocation) => {
        expect(allocationSchema.parse(formatAllocation(allocation))).toEqual(allocation);
      }),
      runs,
    );
  });

  it('gives the same key to the same instants written with any offset and fraction', () => {
    fc.assert(
      fc.property(
        wireAllocation,
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.constantFrom('', '.0', '.5', '.999999'),
        (allocation, offset, fraction) => {
          const { key: _key, ...unkeyed } = allocation;
          const shifted = allocationSchema.parse({
            projectId: unkeyed.projectId,
            start: withOffset(unkeyed.start, offset, fraction),
            end: withOffset(unkeyed.end, offset, fraction),
          });
          expect(allocationKey(shifted)).toBe(allocationKey(unkeyed));
        },
      ),
      runs,
    );
  });
});
