import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatUtcSeconds, parseTimestamp } from './timestamp.js';

/** A block of development time to record: one allocation becomes exactly one time entry. */
export interface Allocation {
  projectId: string;
  /** UTC instant, whole seconds. */
  start: Date;
  /** UTC instant, whole seconds, after `start`. */
  end: Date;
  /** Caller's own idempotency key; when absent, one is derived from project and times. */
  key?: string;
}

const timestamp = z
  .union([z.string(), z.date()], {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : `must be an ISO-8601 timestamp string with a zone, like 2026-02-04T15:00:00Z, not ${typeOf(issue.input)}`,
  })
  .transform((value, ctx): Date => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'is an invalid Date' });
        return z.NEVER;
      }
      return new Date(value.getTime() - (((value.getTime() % 1000) + 1000) % 1000));
    }
    const parsed = parseTimestamp(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return z.NEVER;
    }
    return parsed.date;
  });

const nonBlank = (what: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? 'is required' : `must be a string, not ${typeOf(issue.input)}`,
    })
    .trim()
    .min(1, { error: `must be a non-empty ${what}` });

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Parses the wire form `{ projectId, start, end, key? }`. Times are ISO-8601 with a zone (`Z` or `±hh:mm`),
 * converted to UTC and truncated to whole seconds; `end` must be after `start` once truncated. Unknown fields
 * are refused so that a typo (`"kye"`) is caught rather than silently ignored.
 */
export const allocationSchema = z
  .strictObject(
    {
      projectId: nonBlank('project id'),
      start: timestamp,
      end: timestamp,
      key: nonBlank('key').max(200, { error: 'must be at most 200 characters' }).optional(),
    },
    {
      error: (issue) => {
        if (issue.code === 'unrecognized_keys') {
          return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; expected projectId, start, end and optionally key`;
        }
        return `must be an object like {"projectId": "...", "start": "...Z", "end": "...Z"}, not ${typeOf(issue.input)}`;
      },
    },
  )
  .superRefine((value, ctx) => {
    if (value.end.getTime() <= value.start.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `${formatUtcSeconds(value.end)} is not after start ${formatUtcSeconds(value.start)}; an allocation needs end > start`,
      });
    }
  })
  .transform((value): Allocation => {
    const allocation: Allocation = { projectId: value.projectId, start: value.start, end: value.end };
    if (value.key !== undefined) allocation.key = value.key;
    return allocation;
  });

export type AllocationInput = z.input<typeof allocationSchema>;

/** One thing wrong with an input record: the field (empty for the record itself) and what was wrong. */
export interface AllocationProblem {
  field: string;
  message: string;
}

export type AllocationParseResult =
  | { ok: true; allocation: Allocation }
  | { ok: false; problems: AllocationProblem[] };

/** Parses one record without throwing; each problem names its field (`start: "…" has no time zone; …`). */
export function parseAllocation(input: unknown): AllocationParseResult {
  const result = allocationSchema.safeParse(input);
  if (result.success) return { ok: true, allocation: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

/** Renders problems as `field: message` lines. */
export function formatAllocationProblems(problems: readonly AllocationProblem[]): string {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
}

/**
 * The allocation's identity in the ledger: its own `key`, else a hash of project and UTC instants, so the
 * same interval written with another offset maps to the same entry.
 */
export function allocationKey(allocation: Allocation): string {
  if (allocation.key !== undefined) return allocation.key;
  const digest = createHash('sha256')
    .update(
      `${allocation.projectId}\n${formatUtcSeconds(allocation.start)}\n${formatUtcSeconds(allocation.end)}`,
    )
    .digest('hex');
  return `sha256:${digest.slice(0, 32)}`;
}

/** The wire form of an allocation (what `allocationSchema` parses back to the same value). */
export function formatAllocation(allocation: Allocation): {
  projectId: string;
  start: string;
  end: string;
  key?: string;
} {
  const wire: { projectId: string; start: string; end: string; key?: string } = {
    projectId: allocation.projectId,
    start: formatUtcSeconds(allocation.start),
    end: formatUtcSeconds(allocation.end),
  };
  if (allocation.key !== undefined) wire.key = allocation.key;
  return wire;
}
