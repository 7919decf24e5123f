import { lastBusinessDays, type RepCalendar } from './rep-calendar';

/**
 * The ops view of high-volume days (reviewed at the quarterly recalibration):
 * - per rep per day, how many handoffs were deferred off that day because it was over the rep's cap
 *   (a handoff deferred twice counts on both days; moves off a day that stopped being a business day
 *   are not cap deferrals and are not counted);
 * - *persistent caps*: reps who hit their cap — at least one handoff deferred off the day — on at
 *   least `minDays` of their last `ofLastBusinessDays` business days ending on `to` (their own
 *   calendar: time zone, working days, out-of-office).
 */
export interface CapDeferral {
  repId: string;
  handoffId: string;
  fromDate: string;
}

export interface RepDayDeferrals {
  repId: string;
  date: string;
  deferredCount: number;
}

export interface PersistentCap {
  repId: string;
  /** The business days in the look-back window on which the rep hit the cap, oldest first. */
  capDays: string[];
  /** The look-back window (the rep's last business days ending on `to`). */
  window: string[];
}

export interface DeferralReportResult {
  days: RepDayDeferrals[];
  persistentCaps: PersistentCap[];
}

export function deferralReport(input: {
  deferrals: CapDeferral[];
  calendars: Map<string, RepCalendar>;
  from: string;
  to: string;
  minDays: number;
  ofLastBusinessDays: number;
}): DeferralReportResult {
  const perDay = new Map<string, Set<string>>();
  for (const d of input.deferrals) {
    const key = `${d.repId}\u0000${d.fromDate}`;
    perDay.set(key, (perDay.get(key) ?? new Set()).add(d.handoffId));
  }
  const days = [...perDay.entries()]
    .map(([key, ids]) => {
      const [repId, date] = key.split('\u0000');
      return { repId, date, deferredCount: ids.size };
    })
    .filter((d) => d.date >= input.from && d.date <= input.to)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0));

  const reps = [...new Set(input.deferrals.map((d) => d.repId))].sort();
  const persistentCaps: PersistentCap[] = [];
  for (const repId of reps) {
    const cal = input.calendars.get(repId);
    if (!cal) continue;
    const window = lastBusinessDays(cal, input.to, input.ofLastBusinessDays);
    const capDays = window.filter((day) => perDay.has(`${repId}\u0000${day}`));
    if (capDays.length >= input.minDays) persistentCaps.push({ repId, capDays, window });
  }
  return { days, persistentCaps };
}
