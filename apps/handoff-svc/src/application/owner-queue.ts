import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { calendarsAndQueueDayTails, lockOwnerQueues, moveQueuedHandoffs, ownerQueueItems, queueRanks, type OwnerQueueRead } from '../data/handoff.repository';
import { calendarOf } from '../data/rep.repository';
import { cascadeArrival, planQueue, rankAtTheEnd, tailWith, type Deferral, type QueueItem } from '../domain/queue';
import { currentBusinessDay, type RepCalendar } from '../domain/rep-calendar';
import { addCalendarDays, localDate } from '../domain/zoned-time';
import { handoffDelivered } from '../events/handoff-events.producer';

/** The day tails an arrival's cascade reads start the day before today in UTC: no time zone's current business day is earlier. */
const tailsFrom = (now: Date) => addCalendarDays(now.toISOString().slice(0, 10), -1);

/** How far back a profile change looks for handoffs placed under the old calendar. */
const MISPLACED_LOOKBACK_DAYS = 3;

type QueueMove = { handoffId: string; queueDate: string };

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
  arrival: { queueDate: string; intendedDate: string } | null;
  /** The plan moves handoffs already queued (not only the arrival). */
  movesOthers: boolean;
  /**
   * Applies the plan to the others (moves, deferral records), caused by `causeEventId`; returns the
   * re-announcements of the handoffs that moved and the arrival's rank on its day (the arrival must
   * be stored by then) — `arrivalRank` when the caller read it already (insertHandoff's `rank`).
   */
  apply(causeEventId: string | null, arrivalRank?: number | null): Promise<{ announcements: EventEnvelope[]; arrivalRank: number | null }>;
}

/**
 * Plans one owner's queues under the owner's lock: the arrival (if any) joins the owner's current
 * business day, and the cap, the time zone, working days and out-of-office days decide where
 * everything lands (domain/queue.ts). A movable arrival is placed by its cascade from the day tails
 * (`cascadeArrival`: a few rows per queued day, however long the queues); the whole plan is read and
 * planned only for an arrival the rep already acted on and for `fromToday`, which re-plans from the
 * rep's local today instead (or the earliest recent day holding a handoff placed under the old
 * calendar) — used when the rep's profile changed, so handoffs on a day that became a day off, or
 * placed before the rep's time zone was known, move too.
 * The caller stores the arrival with `arrival`'s placement, then calls `apply`.
 */
export async function planOwnerQueue(
  m: EntityManager,
  ownerRepId: string,
  now: Date,
  options: {
    arrival?: Arrival;
    fromToday?: boolean;
    ownerLocked?: boolean;
    /** The owner's calendar and tails as the caller holds them under the owner's lock, stored queue and all (RunQueues); else read here. */
    read?: OwnerQueueRead;
  } = {},
): Promise<OwnerQueueChange> {
  if (!options.ownerLocked) await lockOwnerQueues(m, [ownerRepId]);
  // An arrival's cascade reads the calendar and the day tails in one statement, from the day before
  // today in UTC (no time zone's current business day is earlier); days before the owner's current
  // business day are dropped below.
  const read =
    options.arrival && !options.fromToday
      ? (options.read ?? (await calendarsAndQueueDayTails(m, [ownerRepId], tailsFrom(now))).get(ownerRepId)!)
      : { calendar: await calendarOf(m, ownerRepId), tails: null };
  const calendar = read.calendar;
  const day = currentBusinessDay(calendar, now);
  const changes = (arrivalDate: string | null, moved: QueueMove[], deferrals: Deferral[]): OwnerQueueChange => ({
    calendar,
    arrival: options.arrival && arrivalDate ? { queueDate: arrivalDate, intendedDate: day } : null,
    movesOthers: moved.length > 0,
    apply: async (causeEventId, knownArrivalRank) => {
      const movedHandoffs = await moveQueuedHandoffs(
        m,
        moved,
        deferrals.map((d) => ({ handoffId: d.handoffId, ownerRepId, fromDate: d.fromDate, toDate: d.toDate, reason: d.reason, deferredAt: now })),
      );
      const arrivalId = options.arrival?.handoffId;
      const readArrivalRank = arrivalId !== undefined && (knownArrivalRank === undefined || knownArrivalRank === null);
      const ranks = await queueRanks(m, [...moved.map((x) => x.handoffId), ...(readArrivalRank ? [arrivalId] : [])]);
      if (arrivalId && !readArrivalRank) ranks.set(arrivalId, knownArrivalRank!);
      // Handoffs that moved to another day are announced again: partners see where each is queued now.
      const order = new Map(moved.map((x, i) => [x.handoffId, i]));
      const announcements = movedHandoffs
        .sort((x, y) => order.get(x.id)! - order.get(y.id)!)
        .map((h) => handoffDelivered(h, ranks.get(h.id)!, { eventId: causeEventId, correlationId: h.correlationId }, now));
      return { announcements, arrivalRank: arrivalId ? (ranks.get(arrivalId) ?? null) : null };
    },
  });

  if (options.arrival && read.tails) {
    const arrival: QueueItem = { ...options.arrival, queueDate: day, intendedDate: day, earliestDate: day };
    const tails = new Map([...read.tails].filter(([queueDate]) => queueDate >= day));
    const cascade = cascadeArrival(calendar, day, arrival, tails);
    if (cascade) return changes(cascade.arrivalDate, cascade.moved, cascade.deferrals);
  }
  // Each stored handoff may not sit before the business day that was current for the owner when it
  // joined the queue — under the calendar as it is now (it differs after a profile change).
  const withEarliest = <T extends { queuedAt: Date }>(i: T) => ({ ...i, earliestDate: currentBusinessDay(calendar, i.queuedAt) });
  let fromDay = day;
  let stored: (QueueItem & { queuedAt: Date })[];
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
  const moved = stored.flatMap((i) => {
    const queueDate = plan.placements.get(i.handoffId)?.queueDate;
    return queueDate && queueDate !== i.queueDate ? [{ handoffId: i.handoffId, queueDate }] : [];
  });
  return changes(options.arrival ? plan.placements.get(options.arrival.handoffId)!.queueDate : null, moved, plan.deferrals);
}

/** Where `RunQueues.place` put an arrival: its day, the day it was meant for, its own deferrals on the way. */
export interface RunPlacement {
  queueDate: string;
  intendedDate: string;
  deferrals: Deferral[];
  calendar: RepCalendar;
  /** Its rank on that day when it joined it last in queue order (every handoff there is ahead); null: the insert counts it. */
  rank: number | null;
}

/**
 * Placing a run of arrivals (storeHalvesAndAssemble, under the owners' queue locks) without a read
 * per arrival: the owners' calendars and day tails are read in one statement and kept in memory
 * while each arrival lands on a day with room or gives way itself over full days — then only the
 * day it lands on changes (one more handoff; its last and last movable ones are the later of the
 * two: `tailWith`), so the tails stay what the database would answer once the run's arrivals are
 * stored. An arrival that lands behind the day's last handoff takes rank count + 1 (`rankAtTheEnd`)
 * without counting the day. An arrival that pushes a queued handoff on (or needs the whole plan)
 * changes what the tails cannot follow: `place` answers `plan` with the owner's calendar and tails
 * (for planOwnerQueue, once the run's arrivals so far are stored), and the owner is read again
 * (`load`) before its next arrival.
 */
export class RunQueues {
  private readonly known = new Map<string, OwnerQueueRead>();

  constructor(private readonly m: EntityManager) {}

  /** Reads the owners' calendars and day tails (the caller holds their queue locks and has stored the run's arrivals placed so far). */
  async load(ownerRepIds: readonly string[], now: Date): Promise<void> {
    for (const [owner, read] of await calendarsAndQueueDayTails(this.m, ownerRepIds, tailsFrom(now))) this.known.set(owner, read);
  }

  /**
   * Places the arrival in memory: 'unknown' — `load` the owner first; `plan` — only planOwnerQueue
   * will do, given this read of the owner (which is then forgotten here).
   */
  place(ownerRepId: string, arrival: Arrival, now: Date): RunPlacement | 'unknown' | { plan: OwnerQueueRead } {
    const owner = this.known.get(ownerRepId);
    if (!owner) return 'unknown';
    const day = currentBusinessDay(owner.calendar, now);
    const item: QueueItem = { ...arrival, queueDate: day, intendedDate: day, earliestDate: day };
    const cascade = cascadeArrival(owner.calendar, day, item, owner.tails);
    if (!cascade || cascade.moved.length > 0) {
      this.known.delete(ownerRepId);
      return { plan: owner };
    }
    const landed = { ...item, queueDate: cascade.arrivalDate };
    const tail = owner.tails.get(cascade.arrivalDate);
    owner.tails.set(cascade.arrivalDate, tailWith(tail, landed));
    return { queueDate: cascade.arrivalDate, intendedDate: day, deferrals: cascade.deferrals, calendar: owner.calendar, rank: rankAtTheEnd(tail, landed) };
  }
}
