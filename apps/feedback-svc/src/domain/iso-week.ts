import { DAY_MS, wallClockMs, wallMidnight, zonedWallToUtc } from './time-zone';

/**
 * ISO-8601 weeks (Monday to Sunday; week 1 is the week with the year's first Thursday) in a time
 * zone: a week runs from its local Monday 00:00 to the next local Monday 00:00, so a week with a
 * DST change is 167 or 169 hours long (Europe/Berlin 2026-W43 ends an hour later in UTC than it
 * started). A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year
 * (2020, 2026, 2032 …); otherwise 52.
 *
 * Calendar maths is done on wall times (see time-zone.ts); only the bounds become instants.
 */
const WEEK_MS = 7 * DAY_MS;

export interface IsoWeek {
  /** The ISO week-numbering year (can differ from the calendar year around New Year). */
  year: number;
  /** 1..52 or 1..53. */
  week: number;
  /** `2026-W48`. */
  label: string;
  /** The IANA time zone the bounds are in. */
  timeZone: string;
  /** Local Monday 00:00 (inclusive), as an instant. */
  start: Date;
  /** The next local Monday 00:00 (exclusive), as an instant. */
  end: Date;
}

/** Wall midnight of the Monday of ISO week 1 of `year` (the Monday on or before 4 January). */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const daysSinceMonday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - daysSinceMonday * DAY_MS;
}

/** 52 or 53. */
export function isoWeeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / WEEK_MS);
}

export function formatIsoWeek(year: number, week: number): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO year and week of a wall time's calendar day. */
function isoWeekNumberOfWall(wallMs: number): { year: number; week: number } {
  const midnight = wallMidnight(wallMs);
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  // The Thursday of the same ISO week decides the week-numbering year.
  const thursday = new Date(midnight + (3 - daysSinceMonday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  return { year, week: Math.floor((thursday.getTime() - week1Monday(year)) / WEEK_MS) + 1 };
}

export function isoWeekBounds(year: number, week: number, timeZone = 'UTC'): IsoWeek {
  const monday = week1Monday(year) + (week - 1) * WEEK_MS;
  return {
    year,
    week,
    label: formatIsoWeek(year, week),
    timeZone,
    start: zonedWallToUtc(monday, timeZone),
    end: zonedWallToUtc(monday + WEEK_MS, timeZone),
  };
}

/** The ISO week an instant falls in, read on the wall clock of `timeZone`. */
export function isoWeekOf(instant: Date, timeZone = 'UTC'): IsoWeek {
  const { year, week } = isoWeekNumberOfWall(wallClockMs(instant, timeZone));
  return isoWeekBounds(year, week, timeZone);
}

/** The week `offset` weeks after `week` (negative: before), across year ends, in the same time zone. */
export function shiftIsoWeek(week: IsoWeek, offset: number): IsoWeek {
  const monday = week1Monday(week.year) + (week.week - 1 + offset) * WEEK_MS;
  const shifted = isoWeekNumberOfWall(monday);
  return isoWeekBounds(shifted.year, shifted.week, week.timeZone);
}

/** How many weeks from `from` to `to` inclusive (1 for the same week; ≤ 0 when `to` is earlier). */
export function isoWeekSpan(from: IsoWeek, to: IsoWeek): number {
  return Math.round((week1Monday(to.year) + (to.week - 1) * WEEK_MS - (week1Monday(from.year) + (from.week - 1) * WEEK_MS)) / WEEK_MS) + 1;
}

export type IsoWeekParse = { ok: true; week: IsoWeek } | { ok: false; rule: string };

const ISO_WEEK = /^([1-9]\d{3})-W(\d{2})$/;

/** Parses `2026-W48`; the rule says what is wrong (`2027 has 52 ISO weeks; 2027-W53 does not exist`). */
export function parseIsoWeek(value: string, timeZone = 'UTC'): IsoWeekParse {
  const match = ISO_WEEK.exec(value.trim());
  if (!match) return { ok: false, rule: 'must be an ISO week written YYYY-Www, e.g. 2026-W48' };
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = isoWeeksInYear(year);
  if (week < 1 || week > weeks) {
    return { ok: false, rule: `${year} has ${weeks} ISO weeks; ${formatIsoWeek(year, week)} does not exist` };
  }
  return { ok: true, week: isoWeekBounds(year, week, timeZone) };
}
