/** UTC calendar helpers. Every instant comes in as an argument: nothing here reads the system clock. */
export const DAY_MS = 86_400_000;

/** Fractional days from `from` to `to` (negative when `from` is later). */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

/** Midnight UTC starting the day `at` falls on. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** The last millisecond of the UTC day `at` falls on. */
export function endOfUtcDay(at: Date): Date {
  return new Date(startOfUtcDay(at).getTime() + DAY_MS - 1);
}

/** YYYY-MM-DD of the UTC day `at` falls on. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Calendar days from the day of `from` through the day of `to`, both counted (same day = 1). */
export function calendarDaysInclusive(from: Date, to: Date): number {
  return Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY_MS) + 1;
}

/** Monday 00:00 UTC of the ISO week `at` falls in. */
export function isoWeekStart(at: Date): Date {
  const day = startOfUtcDay(at);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** The ISO-8601 week `at` falls in (UTC), e.g. "2026-W48"; the year is the week's Thursday's. */
export function isoWeek(at: Date): string {
  const thursday = new Date(isoWeekStart(at).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
