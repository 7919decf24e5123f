import { REJECTION_REASONS, type RejectionReason } from '@handoff-graph/contracts';
import { shiftIsoWeek, type IsoWeek } from './iso-week';

/**
 * The three numbers the team reports every week (the protocol's "three metrics, not thirty"):
 * median time from delivery to first touch, MQA-to-meeting conversion, rejection rate by reason.
 *
 * The unit is the handoff DELIVERED in the week: feedback that arrives later still counts toward
 * the week its handoff was delivered in, so a past week's numbers move as late feedback comes in.
 *
 * `HandoffOutcome` carries the owner, backup, territory, model version and queue date although the
 * skeleton does not group by them yet: issue 6's `groupBy` partitions outcomes by one of those keys
 * and runs `computeMetrics` on each part.
 */
export interface HandoffOutcome {
  handoffId: string;
  deliveredAt: Date;
  ownerRepId: string;
  backupRepId: string;
  territoryId: string | null;
  modelVersion: string | null;
  queueDate: string | null;
  acceptedAt: Date | null;
  firstTouchAt: Date | null;
  meetingAt: Date | null;
  rejection: { reason: RejectionReason; at: Date } | null;
}

export interface ReasonRate {
  reason: RejectionReason;
  count: number;
  /** count / delivered. */
  rate: number;
}

export interface FeedbackMetrics {
  deliveredCount: number;
  acceptedCount: number;
  firstTouchedCount: number;
  /** Median over touched handoffs of (first touch − delivery) in minutes; null when none was touched. */
  medianMinutesToFirstTouch: number | null;
  meetingCount: number;
  /** meetings / delivered; null when nothing was delivered. */
  mqaToMeetingConversion: number | null;
  rejectedCount: number;
  /** rejected / delivered; null when nothing was delivered. */
  rejectionRate: number | null;
  /** Every reason with at least one rejection, most frequent first, ties by reason name. */
  rejectionRateByReason: ReasonRate[];
}

export interface WeeklyMetrics extends FeedbackMetrics {
  week: IsoWeek;
  /** The time zone the week's bounds are computed in (UTC until issue 6 brings the team's). */
  timeZone: 'UTC';
}

const MINUTE_MS = 60_000;

/** The middle value; with an even count, the mean of the two middle values; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (count: number, of: number): number | null => (of === 0 ? null : count / of);

/** The metrics over a set of delivered handoffs (one week, or later one group of a week). */
export function computeMetrics(outcomes: readonly HandoffOutcome[]): FeedbackMetrics {
  const delivered = outcomes.length;
  const minutesToFirstTouch = outcomes
    .filter((o) => o.firstTouchAt !== null)
    .map((o) => (o.firstTouchAt!.getTime() - o.deliveredAt.getTime()) / MINUTE_MS);
  const meetingCount = outcomes.filter((o) => o.meetingAt !== null).length;

  const byReason = new Map<RejectionReason, number>();
  for (const o of outcomes) {
    if (o.rejection) byReason.set(o.rejection.reason, (byReason.get(o.rejection.reason) ?? 0) + 1);
  }
  const rejectedCount = [...byReason.values()].reduce((a, b) => a + b, 0);
  const rejectionRateByReason = REJECTION_REASONS.filter((r) => byReason.has(r))
    .map((reason) => ({ reason, count: byReason.get(reason)!, rate: byReason.get(reason)! / delivered }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

  return {
    deliveredCount: delivered,
    acceptedCount: outcomes.filter((o) => o.acceptedAt !== null).length,
    firstTouchedCount: minutesToFirstTouch.length,
    medianMinutesToFirstTouch: median(minutesToFirstTouch),
    meetingCount,
    mqaToMeetingConversion: ratio(meetingCount, delivered),
    rejectedCount,
    rejectionRate: ratio(rejectedCount, delivered),
    rejectionRateByReason,
  };
}

const deliveredIn = (week: IsoWeek) => (o: HandoffOutcome) =>
  o.deliveredAt.getTime() >= week.start.getTime() && o.deliveredAt.getTime() < week.end.getTime();

/** The week's metrics: only handoffs delivered inside the week count, whenever their feedback came. */
export function weeklyMetrics(week: IsoWeek, outcomes: readonly HandoffOutcome[]): WeeklyMetrics {
  return { week, timeZone: 'UTC', ...computeMetrics(outcomes.filter(deliveredIn(week))) };
}

/** The `count` weeks ending with `endingWeek` (inclusive), oldest first: the monthly review's trend. */
export function trendWeeks(endingWeek: IsoWeek, count: number): IsoWeek[] {
  return Array.from({ length: count }, (_, i) => shiftIsoWeek(endingWeek, i - (count - 1)));
}

export function weeklyMetricsTrend(endingWeek: IsoWeek, count: number, outcomes: readonly HandoffOutcome[]): WeeklyMetrics[] {
  return trendWeeks(endingWeek, count).map((week) => weeklyMetrics(week, outcomes));
}
