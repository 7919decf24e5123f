/**
 * Wall-clock arithmetic in IANA time zones with nothing but `Intl` (no date library).
 *
 * A "wall time" is a local reading (2026-10-25 02:30 in Europe/Berlin) written as the milliseconds
 * of that same reading in UTC (`Date.UTC(2026, 9, 25, 2, 30)`). Calendar arithmetic (next day,
 * next Monday, plus one ISO week) is done on wall times with plain UTC maths, and only the bounds
 * are turned into instants with `zonedWallToUtc`. That is what keeps a week that contains a DST
 * change 167 or 169 hours long instead of sliding by an hour.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for names `Intl` knows (Europe/Berlin, America/New_York, UTC…). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time an instant reads in `timeZone` (see the file comment). */
export function wallClockMs(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(wholeSeconds))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall + (ms - wholeSeconds);
}

/** UTC offset of `timeZone` at an instant, in ms (Berlin in winter: +3 600 000). */
export function offsetMs(instantMs: number, timeZone: string): number {
  return wallClockMs(new Date(instantMs), timeZone) - instantMs;
}

/**
 * The instant a wall time happens in `timeZone`.
 * - Ambiguous (the repeated hour when clocks go back): the EARLIER instant.
 * - Non-existent (the skipped hour when clocks go forward): the wall time is read with the offset
 *   before the change, i.e. it moves forward by the gap; the first skipped minute maps exactly to the
 *   change, so the start of a day that begins at 01:00 (America/Santiago) is that 01:00.
 * Assumes at most one offset change within a day either side, true of every real zone.
 */
export function zonedWallToUtc(wallMs: number, timeZone: string): Date {
  const before = offsetMs(wallMs - DAY_MS, timeZone);
  const after = offsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [...new Set([wallMs - before, wallMs - after])].sort((a, b) => a - b);
  const valid = candidates.filter((c) => wallClockMs(new Date(c), timeZone) === wallMs);
  return new Date(valid.length > 0 ? valid[0] : wallMs - before);
}

/** The local calendar date of an instant in `timeZone`, YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** Midnight (as a wall time) of the wall time's day. */
export function wallMidnight(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS) * DAY_MS;
}

/** ISO weekday of a wall time: 1 = Monday … 7 = Sunday. */
export function isoWeekday(wallMs: number): number {
  return ((new Date(wallMs).getUTCDay() + 6) % 7) + 1;
}

/** `2026-10-25` → its wall midnight. */
export function wallOfDate(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}
