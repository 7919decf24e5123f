/**
 * ISO-8601 weeks (Monday to Sunday; week 1 is the week with the year's first Thursday), in UTC.
 * A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year
 * (2020, 2026, 2032 …); otherwise 52.
 *
 * The walking skeleton reports every week in UTC. Issue 6 brings the team's time zone: the week's
 * bounds then become the team's local Monday 00:00 to next Monday 00:00 (DST-aware), and only
 * `isoWeekBounds` has to change.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

export interface IsoWeek {
  /** The ISO week-numbering year (can differ from the calendar year around New Year). */
  year: number;
  /** 1..52 or 1..53. */
  week: number;
  /** `2026-W48`. */
  label: string;
  /** Monday 00:00 UTC (inclusive). */
  start: Date;
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date;
}

/** Monday 00:00 UTC of ISO week 1 of `year` (the Monday on or before 4 January). */
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

export function isoWeekBounds(year: number, week: number): IsoWeek {
  const start = week1Monday(year) + (week - 1) * WEEK_MS;
  return { year, week, label: formatIsoWeek(year, week), start: new Date(start), end: new Date(start + WEEK_MS) };
}

/** The ISO week an instant falls in (UTC). */
export function isoWeekOf(instant: Date): IsoWeek {
  const midnight = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  // The Thursday of the same ISO week decides the week-numbering year.
  const thursday = new Date(midnight + (3 - daysSinceMonday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - week1Monday(year)) / WEEK_MS) + 1;
  return isoWeekBounds(year, week);
}

/** The week `offset` weeks after `week` (negative: before), across year ends. */
export function shiftIsoWeek(week: IsoWeek, offset: number): IsoWeek {
  return isoWeekOf(new Date(week.start.getTime() + offset * WEEK_MS));
}

export type IsoWeekParse = { ok: true; week: IsoWeek } | { ok: false; rule: string };

const ISO_WEEK = /^([1-9]\d{3})-W(\d{2})$/;

/** Parses `2026-W48`; the rule says what is wrong (`2027 has 52 ISO weeks; 2027-W53 does not exist`). */
export function parseIsoWeek(value: string): IsoWeekParse {
  const match = ISO_WEEK.exec(value.trim());
  if (!match) return { ok: false, rule: 'must be an ISO week written YYYY-Www, e.g. 2026-W48' };
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = isoWeeksInYear(year);
  if (week < 1 || week > weeks) {
    return { ok: false, rule: `${year} has ${weeks} ISO weeks; ${formatIsoWeek(year, week)} does not exist` };
  }
  return { ok: true, week: isoWeekBounds(year, week) };
}
