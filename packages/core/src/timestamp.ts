/**
 * Strict ISO-8601 / RFC 3339 timestamps: a date, a time and a zone. A timestamp without a zone is refused,
 * never guessed, because "15:00" means a different instant on every laptop.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type TimestampResult = { ok: true; date: Date } | { ok: false; reason: string };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses an ISO-8601 timestamp with a zone into a UTC `Date` truncated to whole seconds. */
export function parseTimestamp(text: string): TimestampResult {
  const quoted = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  const trimmed = text.trim();
  if (DATE_ONLY.test(trimmed)) {
    return {
      ok: false,
      reason: `${quoted} is a date without a time; give a time and a zone, like 2026-02-04T15:00:00Z`,
    };
  }
  const match = TIMESTAMP.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      reason: `${quoted} is not an ISO-8601 timestamp; expected a form like 2026-02-04T15:00:00Z or 2026-02-04T16:00:00+01:00`,
    };
  }
  const [, y, mo, d, h, mi, s = '0', , zulu, sign, oh, om] = match;
  if (!zulu && !sign) {
    return { ok: false, reason: `${quoted} has no time zone; add Z or an offset like +01:00` };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return { ok: false, reason: `${quoted} has month ${mo}; months run 01 to 12` };
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `${quoted} has day ${d}, which ${y}-${mo} does not have` };
  }
  if (hour > 23) return { ok: false, reason: `${quoted} has hour ${h}; hours run 00 to 23` };
  if (minute > 59) return { ok: false, reason: `${quoted} has minute ${mi}; minutes run 00 to 59` };
  if (second > 59) return { ok: false, reason: `${quoted} has second ${s}; seconds run 00 to 59` };
  let offsetMinutes = 0;
  if (sign) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 23 || offsetMins > 59) {
      return { ok: false, reason: `${quoted} has an impossible offset ${sign}${oh}:${om}` };
    }
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // Fractional seconds are dropped (truncated, not rounded): Clockify stores whole seconds.
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const date = new Date(utcMs);
  if (Number.isNaN(date.getTime()) || year < 1) {
    return { ok: false, reason: `${quoted} is outside the range of dates tracker handles` };
  }
  return { ok: true, date };
}

/** Formats a date as Clockify wants it: UTC, whole seconds, `Z` (`2026-02-04T15:00:00Z`). */
export function formatUtcSeconds(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('formatUtcSeconds: invalid Date');
  return `${new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().slice(0, 19)}Z`;
}
