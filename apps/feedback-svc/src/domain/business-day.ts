import { DAY_MS, MINUTE_MS, isoWeekday, wallClockMs, wallMidnight, wallOfDate, zonedWallToUtc } from './time-zone';

/**
 * The owner's first business day with a handoff: the metric "share touched inside the first
 * business day" asks whether the first touch came before that day's working hours ended.
 *
 * A rep's schedule comes from `rep-upserted` (ownership-events): time zone, ISO working days and
 * working hours. When no profile is known for the owner yet, the default is Monday–Friday
 * 09:00–17:00 in the owner's time zone from the handoff (the RepRef in `handoff-created`), or in
 * the team's metrics time zone when even that is unknown.
 *
 * The first business day is the later of
 * - the day of the delivery, when it is a working day and the delivery came before that day's end
 *   of working hours; otherwise the next working day; and
 * - the queue date of `handoff-delivered` when the handoff was queued for a later day (over the
 *   rep's daily cap), moved on to a working day if it is not one.
 * A handoff that reaches the rep less than ACCEPTANCE_WINDOW_MINUTES (15) before that day's end gets
 * the next working day (16:55 → tomorrow, not five minutes), as handoff-svc's SLA clock does with its
 * default acceptance window. It ends at that day's end of working hours, local time (DST-aware).
 * Out-of-office periods do not move it: covering for an absent owner is what the backup is for
 * (handoff-svc's SLA clock, by contrast, skips the owner's out-of-office days).
 *
 * Working hours that end at or before they start (an overnight shift) are read as ending at 24:00.
 */
export interface WorkingSchedule {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /** HH:MM, 24-hour. */
  start: string;
  end: string;
}

/** handoff-svc's default acceptance window: the rep's first minutes with a handoff. */
export const ACCEPTANCE_WINDOW_MINUTES = 15;

export const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5] as const;
export const DEFAULT_WORKING_HOURS = { start: '09:00', end: '17:00' } as const;

export function defaultSchedule(timeZone: string): WorkingSchedule {
  return { timeZone, workingDays: DEFAULT_WORKING_DAYS, ...DEFAULT_WORKING_HOURS };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes after local midnight at which the working day ends (an overnight shift ends at 24:00). */
function endMinutes(schedule: WorkingSchedule): number {
  const start = minutesOf(schedule.start);
  const end = minutesOf(schedule.end);
  return end <= start ? 24 * 60 : end;
}

/** The first working day on or after a wall midnight (a schedule always has at least one working day). */
function workingDayOnOrAfter(midnight: number, schedule: WorkingSchedule): number {
  let day = midnight;
  for (let i = 0; i < 7 && !schedule.workingDays.includes(isoWeekday(day)); i++) day += DAY_MS;
  return day;
}

/** The instant the owner's first business day with the handoff ends. */
export function firstBusinessDayEnd(deliveredAt: Date, queueDate: string | null, schedule: WorkingSchedule): Date {
  const end = endMinutes(schedule) * MINUTE_MS;
  const wall = wallClockMs(deliveredAt, schedule.timeZone);
  const deliveryDay = wallMidnight(wall);
  const workableSameDay = schedule.workingDays.includes(isoWeekday(deliveryDay)) && wall - deliveryDay < end;
  let day = workableSameDay ? deliveryDay : workingDayOnOrAfter(deliveryDay + DAY_MS, schedule);
  if (queueDate !== null && wallOfDate(queueDate) > day) day = workingDayOnOrAfter(wallOfDate(queueDate), schedule);
  const dayStarts = zonedWallToUtc(day + minutesOf(schedule.start) * MINUTE_MS, schedule.timeZone).getTime();
  const clockStarts = Math.max(deliveredAt.getTime(), dayStarts);
  if (zonedWallToUtc(day + end, schedule.timeZone).getTime() - clockStarts < ACCEPTANCE_WINDOW_MINUTES * MINUTE_MS) {
    day = workingDayOnOrAfter(day + DAY_MS, schedule);
  }
  return zonedWallToUtc(day + end, schedule.timeZone);
}
