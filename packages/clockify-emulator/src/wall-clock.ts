// One formatter per zone, made once: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far `timeZone`'s clocks are ahead of UTC at the instant `utcMs`, in milliseconds. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallClock = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wallClock - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which clocks in `timeZone` read `wallClockMs` (a `Date.UTC` of the reading). The second pass
 * corrects the offset when the first guess fell on the other side of a daylight-saving change.
 */
export function wallClockToInstant(wallClockMs: number, timeZone: string): number {
  const firstGuess = wallClockMs - zoneOffsetMs(timeZone, wallClockMs);
  const correctedOffset = zoneOffsetMs(timeZone, firstGuess);
  return wallClockMs - correctedOffset;
}
