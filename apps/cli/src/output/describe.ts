import { type Allocation, formatUtcSeconds } from '@tracker/core';

/** `2026-02-04T15:00:00Z → 16:30:00Z (1h 30m)`: one allocation on one line. */
export function describeInterval(allocation: Allocation): string {
  const start = formatUtcSeconds(allocation.start);
  const end = formatUtcSeconds(allocation.end);
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return `${start} → ${sameDay ? end.slice(11) : end} (${formatDuration(allocation.end.getTime() - allocation.start.getTime())})`;
}

export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(ms / 60_000);
  if (totalMinutes < 1) return `${Math.round(ms / 1000)}s`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
