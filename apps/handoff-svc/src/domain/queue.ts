import type { CommitteeRole, ScoringSnapshot } from '@handoff-graph/contracts';
import { addBusinessDays, isBusinessDay, nextBusinessDay, type RepCalendar } from './rep-calendar';

/**
 * The rep queue on high-volume days.
 *
 * **Priority** (higher first):
 *
 *     priority = score + 0.5 × clamp(trend.delta, −20, +20) + fit
 *
 * - `score`: the account score of the handoff's scoring snapshot (0–100);
 * - `trend.delta`: the 14-day score change of the snapshot; rising accounts move up, at most ±10;
 * - `fit`: persona fit of the primary contact's buying-committee role — ECONOMIC_BUYER 10,
 *   DECISION_MAKER 8, CHAMPION 6, TECHNICAL_EVALUATOR 4, INFLUENCER 2, USER 0.
 * Rounded to two decimals. Example: score 72, delta +12, economic buyer → 72 + 6 + 10 = 88.
 *
 * **Queue order** on one day: handoffs meant for an earlier day (carried over) first, then by
 * priority, then the earlier created, then the id. So a handoff deferred from Monday opens Tuesday's
 * queue in the order it had on Monday ("keeping rank") and is never starved by fresher arrivals.
 *
 * **Daily cap**: a business day holds at most the rep's `dailyCapacity` handoffs. Handoffs the rep
 * already acted on (accepted, rejected, touched…) or that were escalated stay where they are and
 * count against the cap; the others may move. When a day is over its cap, the lowest-ranked movable
 * handoffs go to the next business day (the rep's time zone, working days, out-of-office days
 * skipped), where they rank ahead of that day's own arrivals; nothing is dropped. A handoff is moved
 * at most MAX_DEFERRAL_BUSINESS_DAYS business days past the day it was meant for: there it stays,
 * over the cap if need be (a capacity of 0 therefore parks handoffs five business days out and
 * shows as a persistent cap). Handoffs never move to an earlier day.
 *
 * **Profile changes**: a handoff is never queued before the business day that was current for the
 * owner when it joined the queue (`earliestDate`). When the owner's profile arrives or changes after
 * handoffs were queued (a new time zone or hours, a new out-of-office period), those that would now
 * sit on a day the owner does not work, or on a day whose working hours were already over when they
 * arrived, move forward to the right day (OUTSIDE_WORKING_TIME / NOT_A_BUSINESS_DAY).
 */

export const FIT_POINTS: Record<CommitteeRole, number> = {
  ECONOMIC_BUYER: 10,
  DECISION_MAKER: 8,
  CHAMPION: 6,
  TECHNICAL_EVALUATOR: 4,
  INFLUENCER: 2,
  USER: 0,
};
export const TREND_WEIGHT = 0.5;
export const TREND_CAP = 20;
export const MAX_DEFERRAL_BUSINESS_DAYS = 5;

export function priorityOf(snapshot: Pick<ScoringSnapshot, 'score' | 'trend'>, contactRole: CommitteeRole | null): number {
  const trend = Math.max(-TREND_CAP, Math.min(TREND_CAP, snapshot.trend.delta));
  const fit = contactRole ? FIT_POINTS[contactRole] : 0;
  return Math.round((snapshot.score + TREND_WEIGHT * trend + fit) * 100) / 100;
}

/** One handoff in an owner's queue. */
export interface QueueItem {
  handoffId: string;
  priority: number;
  createdAt: Date;
  /** The day whose queue holds it now. */
  queueDate: string;
  /** The business day it was first meant for (before any deferral). */
  intendedDate: string;
  /** False once the rep acted on it or it was escalated: it stays on its day. */
  movable: boolean;
  /** The owner's current business day when it joined the queue, under the owner's calendar now; defaults to `intendedDate`. */
  earliestDate?: string;
}

export interface Placement {
  queueDate: string;
  /** 1 = first in that day's queue. */
  rank: number;
}

export type DeferralReason = 'CAPACITY' | 'NOT_A_BUSINESS_DAY' | 'OUTSIDE_WORKING_TIME';

export interface Deferral {
  handoffId: string;
  fromDate: string;
  toDate: string;
  reason: DeferralReason;
}

export interface QueuePlan {
  /** Every item on or after the first planned day: its day and rank. */
  placements: Map<string, Placement>;
  /** Each move by one business day (a handoff moved twice has two). */
  deferrals: Deferral[];
  /** Days left over the cap (only by handoffs that could not move). */
  overCapDays: string[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What a handoff's place in queue order depends on. */
export type QueueOrderKey = Pick<QueueItem, 'handoffId' | 'priority' | 'createdAt' | 'intendedDate'>;

export function compareQueueItems(a: QueueOrderKey, b: QueueOrderKey): number {
  return (
    byId(a.intendedDate, b.intendedDate) ||
    b.priority - a.priority ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    byId(a.handoffId, b.handoffId)
  );
}

/** One day of an owner's queue as an arrival's cascade needs it (`cascadeArrival`). */
export interface QueueDayTail {
  /** Every handoff queued on the day (movable or not). */
  count: number;
  /** The movable handoff last in that day's queue order, if any: the first to give way. */
  lastMovable: QueueItem | null;
}

/** A day's tail that also knows the handoff last in the day's queue order, movable or not. */
export interface RankedQueueDayTail extends QueueDayTail {
  last: QueueOrderKey | null;
}

/**
 * The rank a handoff joining the day takes when it is last in the day's queue order: every handoff
 * already on the day is ahead of it (`count` + 1; 1 on an empty day). Null when one of them sorts
 * after it: only counting the rows ahead of it tells its rank.
 */
export function rankAtTheEnd(tail: RankedQueueDayTail | undefined, joining: QueueOrderKey): number | null {
  if (!tail || tail.count === 0) return 1;
  return tail.last && compareQueueItems(tail.last, joining) < 0 ? tail.count + 1 : null;
}

/** The tail once `joining` is on the day. */
export function tailWith(tail: RankedQueueDayTail | undefined, joining: QueueItem): RankedQueueDayTail {
  const later = <T extends QueueOrderKey>(x: T | null | undefined, y: T): T => (x && compareQueueItems(x, y) > 0 ? x : y);
  return {
    count: (tail?.count ?? 0) + 1,
    lastMovable: joining.movable ? later(tail?.lastMovable, joining) : (tail?.lastMovable ?? null),
    last: later(tail?.last, joining),
  };
}

export interface ArrivalCascade {
  /** The day the arrival lands on (its rank there is read from the stored queue). */
  arrivalDate: string;
  /** Handoffs already queued that the arrival pushed one business day on, each with its new day. */
  moved: { handoffId: string; queueDate: string }[];
  /** One per push (the arrival's own, if it was pushed, included). */
  deferrals: Deferral[];
  overCapDays: string[];
}

/**
 * Where an arrival joining `day` (the owner's current business day) lands, and what it pushes on,
 * without planning the owner's whole queue. It holds when the queue from `day` on is as
 * `planQueue` left it (planning it again changes nothing), which every write of this service keeps
 * so: then adding one movable handoff changes the plan only along one chain. The day takes the
 * arrival; if that puts it over the cap, the handoff last in queue order among its movable ones and
 * the arrival gives way to the next business day (where, meant for an earlier day, it ranks ahead
 * of that day's own), and so on, until a day has room, or the handoff to give way has been moved
 * MAX_DEFERRAL_BUSINESS_DAYS already and stays over the cap. The last in queue order is meant for
 * the latest day, so if it may not move, none on that day may. Each step reads only the day's
 * count and last movable handoff (`tails`; a day missing from it holds nothing).
 *
 * Null when only the whole plan will do: an arrival the rep already acted on (it may not move), or
 * a `day` that is no business day.
 */
export function cascadeArrival(cal: RepCalendar, day: string, arrival: QueueItem, tails: ReadonlyMap<string, QueueDayTail>): ArrivalCascade | null {
  if (!arrival.movable || !isBusinessDay(cal, day)) return null;
  let arrivalDate = day;
  const moved = new Map<string, string>();
  const deferrals: Deferral[] = [];
  const overCapDays: string[] = [];
  let carried = arrival;
  for (let d = day, guard = 0; guard < 10_000; guard++) {
    const tail = tails.get(d);
    if (cal.dailyCapacity === null || (tail?.count ?? 0) + 1 <= cal.dailyCapacity) break;
    const last = tail?.lastMovable && compareQueueItems(tail.lastMovable, carried) > 0 ? tail.lastMovable : carried;
    if (d >= addBusinessDays(cal, last.intendedDate, MAX_DEFERRAL_BUSINESS_DAYS)) {
      overCapDays.push(d);
      break;
    }
    const next = nextBusinessDay(cal, d);
    deferrals.push({ handoffId: last.handoffId, fromDate: d, toDate: next, reason: 'CAPACITY' });
    if (last === arrival) arrivalDate = next;
    else moved.set(last.handoffId, next);
    carried = last;
    d = next;
  }
  return { arrivalDate, moved: [...moved].map(([handoffId, queueDate]) => ({ handoffId, queueDate })), deferrals, overCapDays };
}

/**
 * Plans one owner's queues from `fromDay` (the rep's current business day) on. Items queued before
 * `fromDay` are past queues and are left alone. Deterministic, and planning a plan's result again
 * changes nothing.
 */
export function planQueue(cal: RepCalendar, fromDay: string, items: QueueItem[]): QueuePlan {
  const future = items.filter((i) => i.queueDate >= fromDay);
  const days = new Map<string, QueueItem[]>();
  for (const i of future) {
    const onDay = days.get(i.queueDate);
    if (onDay) onDay.push(i);
    else days.set(i.queueDate, [i]);
  }
  const itemDays = [...days.keys()].sort();
  const placements = new Map<string, Placement>();
  const deferrals: Deferral[] = [];
  const overCapDays: string[] = [];
  // The last day a handoff may be moved to depends only on the day it was meant for: once per day.
  const limit = new Map<string, string>();
  const limitOf = (i: QueueItem) => {
    let l = limit.get(i.intendedDate);
    if (!l) limit.set(i.intendedDate, (l = addBusinessDays(cal, i.intendedDate, MAX_DEFERRAL_BUSINESS_DAYS)));
    return l;
  };
  const place = (d: string, onDay: QueueItem[]) =>
    [...onDay].sort(compareQueueItems).forEach((i, n) => placements.set(i.handoffId, { queueDate: d, rank: n + 1 }));

  let pending: QueueItem[] = [];
  let d = fromDay;
  for (let guard = 0; guard < 10_000; guard++) {
    const onDay = days.get(d) ?? [];
    const fixed = onDay.filter((i) => !i.movable);
    const movable = onDay.filter((i) => i.movable);
    if (!isBusinessDay(cal, d)) {
      place(d, fixed);
      const next = nextBusinessDay(cal, d);
      for (const i of movable) deferrals.push({ handoffId: i.handoffId, fromDate: d, toDate: next, reason: 'NOT_A_BUSINESS_DAY' });
      pending = [...pending, ...movable];
    } else {
      const early = (i: QueueItem) => (i.earliestDate ?? i.intendedDate) > d;
      const tooEarly = movable.filter(early);
      const waiting = pending.filter(early);
      const pool = [...pending.filter((i) => !early(i)), ...movable.filter((i) => !early(i))].sort(compareQueueItems);
      const room = cal.dailyCapacity === null ? Infinity : Math.max(0, cal.dailyCapacity - fixed.length);
      const forced = pool.filter((i) => d >= limitOf(i));
      const free = pool.filter((i) => d < limitOf(i));
      const keep = [...forced, ...free.slice(0, Math.max(0, room - forced.length))];
      const carry = free.slice(Math.max(0, room - forced.length));
      place(d, [...fixed, ...keep]);
      if (cal.dailyCapacity !== null && fixed.length + keep.length > cal.dailyCapacity) overCapDays.push(d);
      const next = carry.length || tooEarly.length ? nextBusinessDay(cal, d) : d;
      for (const i of tooEarly) deferrals.push({ handoffId: i.handoffId, fromDate: d, toDate: next, reason: 'OUTSIDE_WORKING_TIME' });
      for (const i of carry) deferrals.push({ handoffId: i.handoffId, fromDate: d, toDate: next, reason: 'CAPACITY' });
      pending = [...waiting, ...tooEarly, ...carry];
    }
    const laterItemDay = itemDays.find((x) => x > d);
    if (pending.length === 0 && !laterItemDay) break;
    const nextBusiness = nextBusinessDay(cal, d);
    d = laterItemDay && laterItemDay < nextBusiness ? laterItemDay : nextBusiness;
  }
  return { placements, deferrals, overCapDays };
}
