import { addCalendarDays, isoWeekday, localDate, parseClockTime, zonedInstant } from './zoned-time';

/**
 * A rep's working calendar, from the `rep-upserted` profile ownership-svc publishes: time zone,
 * working days and hours, out-of-office periods, daily handoff capacity and team manager.
 *
 * A rep with no profile yet gets DEFAULT_CALENDAR: UTC, Monday–Friday 09:00–17:00, no daily cap, no
 * manager (`known: false` says so on every surface that shows it).
 *
 * - A *business day* is a local date that is one of the working days and still has working time
 *   after out-of-office periods are taken away (out for the morning still works the afternoon; out
 *   for the whole working window does not).
 * - *Working time* is the working window of each business day minus out-of-office periods. SLA
 *   clocks run only in working time.
 *
 * A calendar is a value: build a new one for a changed profile, never change one in place (the
 * working time of each date is remembered per calendar object).
 */
export interface RepCalendar {
  repId: string;
  /** False: no rep-upserted seen for the rep; the defaults apply. */
  known: boolean;
  name: string | null;
  timezone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  /** Minutes after local midnight. */
  startMinute: number;
  /** Minutes after local midnight; after startMinute (overnight shifts are refused at the door). */
  endMinute: number;
  /** Null: no cap. */
  dailyCapacity: number | null;
  managerRepId: string | null;
  active: boolean;
  outOfOffice: { from: Date; to: Date }[];
}

export const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5];

export function defaultCalendar(repId: string): RepCalendar {
  return {
    repId,
    known: false,
    name: null,
    timezone: 'UTC',
    workingDays: DEFAULT_WORKING_DAYS,
    startMinute: 9 * 60,
    endMinute: 17 * 60,
    dailyCapacity: null,
    managerRepId: null,
    active: true,
    outOfOffice: [],
  };
}

/** The fields of a rep profile the calendar reads (the rep table, or rep-upserted). */
export interface RepProfileInput {
  repId: string;
  name: string;
  timezone: string;
  workingDays: number[];
  workingHours: { start: string; end: string };
  dailyCapacity: number;
  managerRepId: string | null;
  active: boolean;
  outOfOffice: { from: string | Date; to: string | Date }[];
}

export function calendarFromProfile(p: RepProfileInput): RepCalendar {
  return {
    repId: p.repId,
    known: true,
    name: p.name,
    timezone: p.timezone,
    workingDays: [...new Set(p.workingDays)].sort(),
    startMinute: parseClockTime(p.workingHours.start),
    endMinute: parseClockTime(p.workingHours.end),
    dailyCapacity: p.dailyCapacity,
    managerRepId: p.managerRepId,
    active: p.active,
    outOfOffice: p.outOfOffice.map((o) => ({ from: new Date(o.from), to: new Date(o.to) })),
  };
}

/** Why a profile cannot drive a calendar; null when it can. */
export function profileProblem(p: Pick<RepProfileInput, 'workingHours' | 'outOfOffice'>): string | null {
  if (parseClockTime(p.workingHours.end) <= parseClockTime(p.workingHours.start)) {
    return `workingHours.end ${p.workingHours.end} must be after workingHours.start ${p.workingHours.start} (overnight shifts are not supported)`;
  }
  const bad = p.outOfOffice.find((o) => new Date(o.to).getTime() <= new Date(o.from).getTime());
  if (bad) return `outOfOffice period ${String(bad.from)}–${String(bad.to)} must end after it starts`;
  return null;
}

export interface Interval {
  start: Date;
  end: Date;
}

/** How far ahead a search for the next business day looks before giving up (a rep out for a year). */
export const BUSINESS_DAY_SEARCH_LIMIT = 400;

/** The working window of a local date, ignoring out-of-office; null on a day off. */
export function workingWindow(cal: RepCalendar, date: string): Interval | null {
  if (!cal.workingDays.includes(isoWeekday(date))) return null;
  return { start: zonedInstant(date, cal.startMinute, cal.timezone), end: zonedInstant(date, cal.endMinute, cal.timezone) };
}

/**
 * The working time already worked out per calendar and date. A calendar is a value (built from a
 * profile, never changed in place), so what it says about a date never changes: the queue planner
 * and the SLA sweep ask about the same few dates over and over.
 */
const intervalsByCalendar = new WeakMap<RepCalendar, Map<string, readonly Interval[]>>();
/** A bound on the dates remembered per calendar (a long business-day search); past it the calendar starts afresh. */
const MAX_DATES_PER_CALENDAR = 2_000;

/** The working time of a local date: its window minus out-of-office periods, in order. */
export function workingIntervals(cal: RepCalendar, date: string): readonly Interval[] {
  let known = intervalsByCalendar.get(cal);
  if (!known || known.size >= MAX_DATES_PER_CALENDAR) intervalsByCalendar.set(cal, (known = new Map()));
  let parts = known.get(date);
  if (!parts) known.set(date, (parts = Object.freeze(computeWorkingIntervals(cal, date))));
  return parts;
}

function computeWorkingIntervals(cal: RepCalendar, date: string): Interval[] {
  const window = workingWindow(cal, date);
  if (!window) return [];
  let parts: Interval[] = [window];
  for (const ooo of cal.outOfOffice) {
    parts = parts.flatMap((p) => {
      if (ooo.to <= p.start || ooo.from >= p.end) return [p];
      const pieces: Interval[] = [];
      if (ooo.from > p.start) pieces.push({ start: p.start, end: ooo.from });
      if (ooo.to < p.end) pieces.push({ start: ooo.to, end: p.end });
      return pieces;
    });
  }
  return parts;
}

export function isBusinessDay(cal: RepCalendar, date: string): boolean {
  return workingIntervals(cal, date).length > 0;
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(cal: RepCalendar, date: string): string {
  let d = date;
  for (let i = 0; i < BUSINESS_DAY_SEARCH_LIMIT; i++) {
    d = addCalendarDays(d, 1);
    if (isBusinessDay(cal, d)) return d;
  }
  // Out of office for longer than the search looks: the next working day, out of office or not.
  d = date;
  for (let i = 0; i < 7; i++) {
    d = addCalendarDays(d, 1);
    if (cal.workingDays.includes(isoWeekday(d))) return d;
  }
  return addCalendarDays(date, 1);
}

/** `date` moved forward by `n` business days (n = 0: `date` itself). */
export function addBusinessDays(cal: RepCalendar, date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextBusinessDay(cal, d);
  return d;
}

/**
 * The business day a handoff arriving at `now` is for: today (local) while today still has working
 * time ahead, otherwise the next business day. Before the day starts it is today; after it ends,
 * on a day off or out of office, the next business day.
 */
export function currentBusinessDay(cal: RepCalendar, now: Date): string {
  const today = localDate(now, cal.timezone);
  if (workingIntervals(cal, today).some((i) => i.end > now)) return today;
  return nextBusinessDay(cal, today);
}

/** The start of the working time of a business day (its first interval), or null on a day off. */
export function startOfBusinessDay(cal: RepCalendar, date: string): Date | null {
  return workingIntervals(cal, date)[0]?.start ?? null;
}

/** The end of the working time of a business day (its last interval), or null on a day off. */
export function endOfBusinessDay(cal: RepCalendar, date: string): Date | null {
  const parts = workingIntervals(cal, date);
  return parts.length ? parts[parts.length - 1].end : null;
}

/**
 * The instant `minutes` of working time after `from`. Time before the first working moment does not
 * count; landing exactly on the end of a working interval stays there.
 */
export function addWorkingMinutes(cal: RepCalendar, from: Date, minutes: number): Date {
  let left = minutes * 60_000;
  let date = localDate(from, cal.timezone);
  for (let i = 0; i < BUSINESS_DAY_SEARCH_LIMIT * 2; i++) {
    for (const part of workingIntervals(cal, date)) {
      const start = Math.max(part.start.getTime(), from.getTime());
      if (start >= part.end.getTime()) continue;
      const room = part.end.getTime() - start;
      if (left <= room) return new Date(start + left);
      left -= room;
    }
    date = addCalendarDays(date, 1);
  }
  throw new Error(`rep ${cal.repId} has no working time within ${BUSINESS_DAY_SEARCH_LIMIT * 2} days of ${from.toISOString()}`);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(cal: RepCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  let date = localDate(from, cal.timezone);
  const last = localDate(to, cal.timezone);
  for (let i = 0; i < BUSINESS_DAY_SEARCH_LIMIT * 2 && date <= last; i++) {
    for (const part of workingIntervals(cal, date)) {
      const start = Math.max(part.start.getTime(), from.getTime());
      const end = Math.min(part.end.getTime(), to.getTime());
      if (end > start) total += end - start;
    }
    date = addCalendarDays(date, 1);
  }
  return total / 60_000;
}

/**
 * The last `count` business days of the rep ending on `until` (inclusive when it is one), oldest
 * first.
 */
export function lastBusinessDays(cal: RepCalendar, until: string, count: number): string[] {
  const days: string[] = [];
  let d = until;
  for (let i = 0; i < BUSINESS_DAY_SEARCH_LIMIT && days.length < count; i++) {
    if (isBusinessDay(cal, d)) days.unshift(d);
    d = addCalendarDays(d, -1);
  }
  return days;
}
