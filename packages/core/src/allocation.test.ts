import { describe, expect, it } from 'vitest';
import {
  allocationKey,
  allocationSchema,
  formatAllocation,
  formatAllocationProblems,
  formatUtcSeconds,
  parseAllocation,
} from './index.js';

const project = '5f1e2d3c4b5a69788796a5b4';

function problemsOf(input: unknown): string {
  const result = parseAllocation(input);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.allocation)}`);
  return formatAllocationProblems(result.problems);
}

describe('allocationSchema', () => {
  it('reads Z timestamps as UTC', () => {
    const allocation = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:30:00Z',
    });
    expect(allocation.start.toISOString()).toBe('2026-02-04T15:00:00.000Z');
    expect(allocation.end.toISOString()).toBe('2026-02-04T16:30:00.000Z');
    expect(allocation).not.toHaveProperty('key');
  });

  it('converts +02:00 and -05:30 offsets to UTC', () => {
    const plus = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T17:00:00+02:00',
      end: '2026-02-04T18:00:00+0200',
    });
    expect(formatUtcSeconds(plus.start)).toBe('2026-02-04T15:00:00Z');
    expect(formatUtcSeconds(plus.end)).toBe('2026-02-04T16:00:00Z');
    const minus = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T09:30:00-05:30',
      end: '2026-02-04T23:45:10-05:30',
    });
    expect(formatUtcSeconds(minus.start)).toBe('2026-02-04T15:00:00Z');
    expect(formatUtcSeconds(minus.end)).toBe('2026-02-05T05:15:10Z');
  });

  it('truncates fractional seconds, never rounds them up', () => {
    const allocation = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T15:00:00.999Z',
      end: '2026-02-04T15:00:01.000001+00:00',
    });
    expect(allocation.start.getTime() % 1000).toBe(0);
    expect(formatUtcSeconds(allocation.start)).toBe('2026-02-04T15:00:00Z');
    expect(formatUtcSeconds(allocation.end)).toBe('2026-02-04T15:00:01Z');
  });

  it('keeps a caller key', () => {
    const allocation = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:00:00Z',
      key: 'ticket-42',
    });
    expect(allocation.key).toBe('ticket-42');
  });

  it('refuses a zone-less timestamp, naming the field and the fix', () => {
    expect(
      problemsOf({ projectId: project, start: '2026-02-04T15:00:00', end: '2026-02-04T16:00:00Z' }),
    ).toBe('start: "2026-02-04T15:00:00" has no time zone; add Z or an offset like +01:00');
  });

  it('refuses malformed and impossible timestamps', () => {
    expect(problemsOf({ projectId: project, start: 'yesterday', end: '2026-02-04T16:00:00Z' })).toMatch(
      /^start: "yesterday" is not an ISO-8601 timestamp/,
    );
    expect(
      problemsOf({ projectId: project, start: '2026-02-04T15:00:00Z', end: '2026-02-30T16:00:00Z' }),
    ).toMatch(/^end: .*day 30/);
    expect(
      problemsOf({ projectId: project, start: '2026-02-04T24:00:00Z', end: '2026-02-05T16:00:00Z' }),
    ).toMatch(/^start: .*hour 24/);
    expect(problemsOf({ projectId: project, start: '2026-02-04', end: '2026-02-05T16:00:00Z' })).toMatch(
      /^start: .*date without a time/,
    );
    expect(problemsOf({ projectId: project, start: 1770217200000, end: '2026-02-05T16:00:00Z' })).toMatch(
      /^start: /,
    );
  });

  it('refuses a reversed or empty interval, also once truncated', () => {
    expect(
      problemsOf({ projectId: project, start: '2026-02-04T16:00:00Z', end: '2026-02-04T15:00:00Z' }),
    ).toBe(
      'end: 2026-02-04T15:00:00Z is not after start 2026-02-04T16:00:00Z; an allocation needs end > start',
    );
    expect(
      problemsOf({ projectId: project, start: '2026-02-04T15:00:00.100Z', end: '2026-02-04T15:00:00.900Z' }),
    ).toMatch(/^end: .*not after start/);
  });

  it('refuses a missing or blank project id and unknown fields', () => {
    expect(problemsOf({ start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' })).toBe(
      'projectId: is required',
    );
    expect(problemsOf({ projectId: '  ', start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' })).toBe(
      'projectId: must be a non-empty project id',
    );
    expect(
      problemsOf({
        projectId: project,
        start: '2026-02-04T15:00:00Z',
        end: '2026-02-04T16:00:00Z',
        kye: 'x',
      }),
    ).toMatch(/unknown field "kye"/);
    expect(problemsOf('not an object')).toMatch(/must be an object/);
  });

  it('round-trips through formatAllocation', () => {
    const allocation = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T17:00:00+02:00',
      end: '2026-02-04T18:00:00+02:00',
      key: 'k',
    });
    expect(allocationSchema.parse(formatAllocation(allocation))).toEqual(allocation);
  });
});

describe('allocationKey', () => {
  it('gives the same key to the same instants written in different offsets', () => {
    const utc = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:00:00Z',
    });
    const berlin = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T16:00:00+01:00',
      end: '2026-02-04T17:00:00.5+01:00',
    });
    expect(allocationKey(berlin)).toBe(allocationKey(utc));
    expect(allocationKey(utc)).toMatch(/^sha256:[0-9a-f]{32}$/);
  });

  it('differs when the project or an instant differs by one second', () => {
    const base = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:00:00Z',
    });
    const later = { ...base, end: new Date(base.end.getTime() + 1000) };
    const other = { ...base, projectId: `${project.slice(0, -1)}5` };
    expect(new Set([allocationKey(base), allocationKey(later), allocationKey(other)]).size).toBe(3);
  });

  it('uses the caller key when given', () => {
    const allocation = allocationSchema.parse({
      projectId: project,
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:00:00Z',
      key: 'ticket-42',
    });
    expect(allocationKey(allocation)).toBe('ticket-42');
  });
});

describe('formatUtcSeconds', () => {
  it('prints UTC whole seconds with Z', () => {
    expect(formatUtcSeconds(new Date('2026-02-04T15:00:00.987Z'))).toBe('2026-02-04T15:00:00Z');
    expect(() => formatUtcSeconds(new Date(Number.NaN))).toThrow(RangeError);
  });
});
