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

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** UTC offset of the zone at an instant, in milliseconds, straight from `Intl` (whole seconds; the slow path). */
function exactOffset(t: number, timeZone: string): number {
  const get: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t)) if (p.type !== 'literal') get[p.type] = Number(p.value);
  const asUtc = Date.UTC(get.year, get.month - 1, get.day, get.hour, get.minute, get.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The offset of each UTC hour of the timeline a zone was asked about, per zone: NaN for an hour in
 * which the offset changes. Zones change offset at whole seconds and at most once in any hour, so an
 * hour whose first and last second have the same offset has it throughout. Each hour costs two
 * `Intl` calls the first time; every later question about it is arithmetic, and only the instants
 * in an hour holding a transition are asked of `Intl` itself.
 */
const hourOffsets = new Map<string, Map<number, number>>();
/** A bound on the hours remembered per zone (about eleven years of them); past it the zone starts afresh. */
const MAX_HOURS_PER_ZONE = 100_000;

function hourOffset(hour: number, timeZone: string): number {
  let zone = hourOffsets.get(timeZone);
  if (!zone || zone.size >= MAX_HOURS_PER_ZONE) hourOffsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(hour);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR_MS, timeZone);
    offset = first === exactOffset((hour + 1) * HOUR_MS - 1000, timeZone) ? first : NaN;
    zone.set(hour, offset);
  }
  return offset;
}

/** UTC offset of the zone at an instant, in milliseconds (Berlin in winter: +3 600 000). */
export function offsetAt(instant: Date | number, timeZone: string): number {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (timeZone === 'UTC') return 0;
  const offset = hourOffset(Math.floor(t / HOUR_MS), timeZone);
  return Number.isNaN(offset) ? exactOffset(t, timeZone) : offset;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local date and time of day of an instant in a time zone. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const t = instant.getTime();
  const local = t + offsetAt(t, timeZone);
  const day = Math.floor(local / DAY_MS);
  const msOfDay = local - day * DAY_MS;
  const wall = new Date(day * DAY_MS);
  const h = Math.floor(msOfDay / HOUR_MS);
  const mi = Math.floor((msOfDay % HOUR_MS) / 60_000);
  const s = Math.floor((msOfDay % 60_000) / 1000);
  const ms = t % 1000;
  return {
    date: `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    minuteOfDay: h * 60 + mi + (s + (ms < 0 ? ms + 1000 : ms) / 1000) / 60,
  };
}

/** The local date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return zonedParts(instant, timeZone).date;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minuteOfDay`. In a daylight-saving
 * gap (a wall time that does not exist) the result is the same wall time under the earlier offset,
 * which lands just after the gap; in an overlap the earlier of the two instants.
 */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) + Math.round(minuteOfDay * 60_000);
  // The offsets a day either side (a zone changes offset at most once in two days): the wall time
  // read under each, kept where the zone really has that offset then.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const underBefore = wall - before;
  const underAfter = wall - after;
  const real = [underBefore, underAfter].filter((t, i) => offsetAt(t, timeZone) === (i === 0 ? before : after));
  // An overlap has two: the earlier. A gap has none: the earlier offset, which lands just after the gap.
  return new Date(real.length ? Math.min(...real) : underBefore);
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
