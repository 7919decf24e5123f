/**
 * Calendar arithmetic in a rep's IANA time zone, with nothing but `Intl` (no time-zone database of
 * our own). Dates are local calendar dates as `YYYY-MM-DD`; times of day are minutes after local
 * midnight. Pure: every function takes the instant it works on.
 */

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

export interface ZonedParts {
  /** The local calendar date, YYYY-MM-DD. */
  date: string;
  /** Minutes after local midnight (seconds included as a fraction). */
  minuteOfDay: number;
}

function rawParts(instant: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const get: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') get[p.type] = Number(p.value);
  return { y: get.year, mo: get.month, d: get.day, h: get.hour, mi: get.minute, s: get.second };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local date and time of day of an instant in a time zone. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const p = rawParts(instant, timeZone);
  const ms = instant.getTime() % 1000;
  return {
    date: `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`,
    minuteOfDay: p.h * 60 + p.mi + (p.s + (ms < 0 ? ms + 1000 : ms) / 1000) / 60,
  };
}

/** The local date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return zonedParts(instant, timeZone).date;
}

/** UTC offset of the zone at an instant, in milliseconds (Berlin in winter: +3 600 000). */
function offsetAt(instant: Date, timeZone: string): number {
  const p = rawParts(instant, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minuteOfDay`. In a daylight-saving
 * gap (a wall time that does not exist) the result is the same wall time under the earlier offset,
 * which lands just after the gap; in an overlap the earlier of the two instants.
 */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) + Math.round(minuteOfDay * 60_000);
  const first = wall - offsetAt(new Date(wall), timeZone);
  const second = wall - offsetAt(new Date(first), timeZone);
  if (first === second) return new Date(first);
  return new Date(Math.min(first, second));
}

/** `date` plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

/** "09:30" → 570. */
export function parseClockTime(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** 570 → "09:30". */
export function formatClockTime(minuteOfDay: number): string {
  const whole = Math.floor(minuteOfDay);
  return `${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}

/** "2026-11-24 14:17 Europe/Berlin": an instant as the rep reads it. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.date} ${formatClockTime(p.minuteOfDay)} ${timeZone}`;
}
