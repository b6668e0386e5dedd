/**
 * Date-times as Clockify's API reads and writes them. Compiled once: these run on every create.
 * Groups: year, month, day, hour, minute, second?, fraction?, zone (Z or ±hh:mm)?
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The fields of a date-time as written, before any zone is applied. */
export interface DateTimeFields {
  /** `Date.UTC` of the fields as written, whole seconds: the wall-clock reading, not yet an instant. */
  wallClockMs: number;
  /** Minutes east of UTC, `undefined` when the text carries no zone. */
  offsetMinutes: number | undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads `2026-02-04T15:00:00Z` (seconds, fraction and zone optional); `undefined` when malformed. */
export function parseDateTimeFields(text: string): DateTimeFields | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', , zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes: number | undefined;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetHours > 18 || offsetMins > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // The fraction is dropped: Clockify truncates milliseconds rather than rounding them.
  return { wallClockMs: Date.UTC(year, month - 1, day, hour, minute, second), offsetMinutes };
}

/** An instant from a request body: a zone is required (Clockify's `Instant`), milliseconds are truncated. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const fields = parseDateTimeFields(value);
  if (!fields || fields.offsetMinutes === undefined) return undefined;
  return fields.wallClockMs - fields.offsetMinutes * 60_000;
}

/** `2026-02-04T15:00:00Z`: UTC, whole seconds, as Clockify answers. */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** ISO-8601 duration as Clockify (Java's `Duration`) writes it: `PT1H30M`, `PT26H`, `PT0S`. */
export function formatDuration(totalSeconds: number): string {
  if (totalSeconds <= 0) return 'PT0S';
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
}
