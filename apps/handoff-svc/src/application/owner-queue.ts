import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import {
  correlationOf,
  findHandoffs,
  insertDeferrals,
  lockOwnerQueue,
  ownerQueueItems,
  rankQueueDay,
  standingOnQueueDay,
  updatePlacements,
} from '../data/handoff.repository';
import { calendarOf } from '../data/rep.repository';
import { arrivalFitsOnDay, planQueue, type Placement, type QueueItem } from '../domain/queue';
import { currentBusinessDay, type RepCalendar } from '../domain/rep-calendar';
import { addCalendarDays, localDate } from '../domain/zoned-time';
import { handoffDelivered } from '../events/handoff-events.producer';

/** How far back a profile change looks for handoffs placed under the old calendar. */
const MISPLACED_LOOKBACK_DAYS = 3;

/** A handoff about to join an owner's queue (not stored yet, or moving in from another owner). */
export interface Arrival {
  handoffId: string;
  priority: number;
  createdAt: Date;
  /** True unless the rep already acted on it (a re-routed accepted handoff). */
  movable: boolean;
}

export interface OwnerQueueChange {
  calendar: RepCalendar;
  /** Where the arrival lands (queue day = its intended day when not deferred). */
  arrival: (Placement & { intendedDate: string }) | null;
  /** Applies the plan to the others (ranks, moves, deferral records) and returns the re-announcements, caused by `causeEventId`. */
  apply(causeEventId: string | null): Promise<EventEnvelope[]>;
}

/**
 * Plans one owner's queues under the owner's lock: the arrival (if any) joins the owner's current
 * business day, and the cap, the time zone, working days and out-of-office days decide where
 * everything lands (domain/queue.ts). `fromToday` re-plans from the rep's local today instead (or the
 * earliest recent day holding a handoff placed under the old calendar) — used when the rep's profile
 * changed, so handoffs on a day that became a day off, or placed before the rep's time zone was
 * known, move too.
 * The caller stores the arrival with `arrival`'s placement, then calls `apply`.
 */
export async function planOwnerQueue(
  m: EntityManager,
  ownerRepId: string,
  now: Date,
  options: { arrival?: Arrival; fromToday?: boolean } = {},
): Promise<OwnerQueueChange> {
  await lockOwnerQueue(m, ownerRepId);
  const calendar = await calendarOf(m, ownerRepId);
  const day = currentBusinessDay(calendar, now);
  if (options.arrival && !options.fromToday) {
    // The common case: the owner's day has room. Only that day's ranks change (domain/queue.ts
    // arrivalFitsOnDay), so the arrival is ranked by one count over the day, and the day re-ranked in
    // SQL, instead of reading and planning every handoff the owner has queued.
    const arrival = { ...options.arrival, intendedDate: day };
    const standing = await standingOnQueueDay(m, ownerRepId, day, arrival);
    if (arrivalFitsOnDay(calendar, day, standing.onDay)) {
      return {
        calendar,
        arrival: { queueDate: day, rank: standing.ahead + 1, intendedDate: day },
        apply: async () => {
          await rankQueueDay(m, ownerRepId, day);
          return [];
        },
      };
    }
  }
  // Each stored handoff may not sit before the business day that was current for the owner when it
  // joined the queue — under the calendar as it is now (it differs after a profile change).
  const withEarliest = <T extends { queuedAt: Date }>(i: T) => ({ ...i, earliestDate: currentBusinessDay(calendar, i.queuedAt) });
  let fromDay = day;
  let stored: (QueueItem & { rank: number; queuedAt: Date })[];
  if (options.fromToday) {
    // After a profile change: from the rep's local today, or from an earlier day still holding a handoff placed under the old calendar.
    const today = localDate(now, calendar.timezone);
    const recent = (await ownerQueueItems(m, ownerRepId, addCalendarDays(today, -MISPLACED_LOOKBACK_DAYS))).map(withEarliest);
    const misplaced = recent.filter((i) => i.movable && i.queueDate < i.earliestDate).map((i) => i.queueDate);
    fromDay = [today, ...misplaced].sort()[0];
    stored = recent.filter((i) => i.queueDate >= fromDay);
  } else {
    stored = (await ownerQueueItems(m, ownerRepId, day)).map(withEarliest);
  }
  stored = stored.filter((i) => i.handoffId !== options.arrival?.handoffId);
  const items: QueueItem[] = [...stored];
  if (options.arrival) items.push({ ...options.arrival, queueDate: day, intendedDate: day, earliestDate: day });
  const plan = planQueue(calendar, fromDay, items);
  const arrival = options.arrival ? { ...plan.placements.get(options.arrival.handoffId)!, intendedDate: day } : null;

  const apply = async (causeEventId: string | null): Promise<EventEnvelope[]> => {
    const changed = stored.filter((i) => {
      const p = plan.placements.get(i.handoffId);
      return p && (p.queueDate !== i.queueDate || p.rank !== i.rank);
    });
    await updatePlacements(
      m,
      changed.map((i) => ({ id: i.handoffId, ...plan.placements.get(i.handoffId)! })),
    );
    await insertDeferrals(
      m,
      plan.deferrals.map((d) => ({ handoffId: d.handoffId, ownerRepId, fromDate: d.fromDate, toDate: d.toDate, reason: d.reason, deferredAt: now })),
    );
    // Handoffs that moved to another day are announced again: partners see where each is queued now.
    const moved = changed.filter((i) => plan.placements.get(i.handoffId)!.queueDate !== i.queueDate).map((i) => i.handoffId);
    const events: EventEnvelope[] = [];
    for (const h of await findHandoffs(m, moved)) {
      events.push(handoffDelivered(h, { eventId: causeEventId, correlationId: await correlationOf(m, h.qualificationId) }, now));
    }
    return events;
  };
  return { calendar, arrival, apply };
}
