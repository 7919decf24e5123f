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
