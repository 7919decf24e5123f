import { REJECTION_REASONS, type RejectionReason } from '@handoff-graph/contracts';
import type { HandoffOutcome } from './handoff-outcome';
import { shiftIsoWeek, type IsoWeek } from './iso-week';
import { MINUTE_MS } from './time-zone';

export type { HandoffOutcome } from './handoff-outcome';

/**
 * The three numbers the team reports every week (the protocol's "three metrics, not thirty"):
 * median time from delivery to first touch (with the share touched inside the owner's first
 * business day), MQA-to-meeting conversion, rejection rate by reason.
 *
 * The unit is the handoff DELIVERED in the week (an ISO week in the team's time zone): feedback that
 * arrives later still counts toward the week its handoff was delivered in, so a past week's numbers
 * move as late feedback comes in. Each week is reported overall and, on request, per group: the
 * owner (rep), the owner's team, the territory or the scoring model version.
 */
export const METRICS_GROUP_BY = ['OVERALL', 'REP', 'TEAM', 'TERRITORY', 'MODEL_VERSION'] as const;
export type MetricsGroupBy = (typeof METRICS_GROUP_BY)[number];

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
  /** Median over touched handoffs of (first touch − delivery) in elapsed minutes; null when none was touched. */
  medianMinutesToFirstTouch: number | null;
  /** Handoffs whose first business day is over, or that were touched already: the share's denominator. */
  firstBusinessDayDueCount: number;
  /** Of those, touched before the owner's first business day ended. */
  touchedInFirstBusinessDayCount: number;
  /** touchedInFirstBusinessDay / firstBusinessDayDue; null when none is due yet. */
  firstBusinessDayTouchShare: number | null;
  meetingCount: number;
  /** meetings / delivered; null when nothing was delivered. */
  mqaToMeetingConversion: number | null;
  rejectedCount: number;
  /** rejected / delivered; null when nothing was delivered. */
  rejectionRate: number | null;
  /** Every reason with at least one rejection, most frequent first, ties by reason name. */
  rejectionRateByReason: ReasonRate[];
}

/** One group's numbers: `key` is the rep id, team, territory id or model version (null: OVERALL, or not known). */
export interface MetricsGroupRow extends FeedbackMetrics {
  groupBy: MetricsGroupBy;
  key: string | null;
  label: string;
}

export interface WeeklyMetrics extends FeedbackMetrics {
  week: IsoWeek;
  /** The time zone the week's bounds are computed in (the team's). */
  timeZone: string;
  groupBy: MetricsGroupBy;
  /** One row per group, by key (unknown last); OVERALL has exactly one row. */
  rows: MetricsGroupRow[];
}

/** The middle value; with an even count, the mean of the two middle values; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (count: number, of: number): number | null => (of === 0 ? null : count / of);

/**
 * The metrics over a set of delivered handoffs (one week, or one group of a week). `now` decides
 * which untouched handoffs are already due for the first-business-day share.
 */
export function computeMetrics(outcomes: readonly HandoffOutcome[], now: Date): FeedbackMetrics {
  const delivered = outcomes.length;
  const touched = outcomes.filter((o) => o.firstTouchAt !== null);
  const minutesToFirstTouch = touched.map((o) => (o.firstTouchAt!.getTime() - o.deliveredAt.getTime()) / MINUTE_MS);
  const due = outcomes.filter((o) => o.firstTouchAt !== null || now.getTime() >= o.firstBusinessDayEndsAt.getTime()).length;
  const inFirstDay = touched.filter((o) => o.firstTouchAt!.getTime() <= o.firstBusinessDayEndsAt.getTime()).length;
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
    firstTouchedCount: touched.length,
    medianMinutesToFirstTouch: median(minutesToFirstTouch),
    firstBusinessDayDueCount: due,
    touchedInFirstBusinessDayCount: inFirstDay,
    firstBusinessDayTouchShare: ratio(inFirstDay, due),
    meetingCount,
    mqaToMeetingConversion: ratio(meetingCount, delivered),
    rejectedCount,
    rejectionRate: ratio(rejectedCount, delivered),
    rejectionRateByReason,
  };
}

const UNKNOWN_LABEL: Record<Exclude<MetricsGroupBy, 'OVERALL' | 'REP'>, string> = {
  TEAM: 'Unknown team',
  TERRITORY: 'Unknown territory',
  MODEL_VERSION: 'Unknown model version',
};

/** The group an outcome belongs to, and the label to show for it. */
export function groupOf(o: HandoffOutcome, groupBy: MetricsGroupBy): { key: string | null; label: string | null } {
  switch (groupBy) {
    case 'OVERALL':
      return { key: null, label: 'All handoffs' };
    case 'REP':
      return { key: o.ownerRepId, label: o.ownerName };
    case 'TEAM':
      return { key: o.ownerTeam, label: o.ownerTeam };
    case 'TERRITORY':
      return { key: o.territoryId, label: o.territoryName ?? o.territoryId };
    case 'MODEL_VERSION':
      return { key: o.modelVersion, label: o.modelVersion };
  }
}

function labelFor(groupBy: MetricsGroupBy, key: string | null, label: string | null): string {
  if (label !== null) return label;
  if (key !== null) return key;
  return groupBy === 'OVERALL' || groupBy === 'REP' ? 'All handoffs' : UNKNOWN_LABEL[groupBy];
}

/** Compares group keys: ascending by code point, unknown (null) last. */
const byKey = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/** The rows of one set of outcomes: one per group (OVERALL: exactly one, even when empty). */
export function groupMetrics(outcomes: readonly HandoffOutcome[], groupBy: MetricsGroupBy, now: Date): MetricsGroupRow[] {
  if (groupBy === 'OVERALL') {
    return [{ groupBy, key: null, label: labelFor(groupBy, null, null), ...computeMetrics(outcomes, now) }];
  }
  const groups = new Map<string | null, { label: string | null; members: HandoffOutcome[] }>();
  for (const o of outcomes) {
    const { key, label } = groupOf(o, groupBy);
    const group = groups.get(key) ?? { label: null, members: [] };
    group.label ??= label;
    group.members.push(o);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => byKey(a, b))
    .map(([key, { label, members }]) => ({ groupBy, key, label: labelFor(groupBy, key, label), ...computeMetrics(members, now) }));
}

const deliveredIn = (week: IsoWeek) => (o: HandoffOutcome) =>
  o.deliveredAt.getTime() >= week.start.getTime() && o.deliveredAt.getTime() < week.end.getTime();

export interface MetricsOptions {
  groupBy?: MetricsGroupBy;
  /** The clock's now: decides which first business days are over. */
  now: Date;
  /**
   * Which handoffs the grouped rows may count (the viewer's scope, domain/metrics-scope.ts); all when
   * absent. The top-level numbers and OVERALL's single row always count the whole week.
   */
  rowsInclude?: (o: HandoffOutcome) => boolean;
}

/** The week's metrics: only handoffs delivered inside the week count, whenever their feedback came. */
export function weeklyMetrics(week: IsoWeek, outcomes: readonly HandoffOutcome[], { groupBy = 'OVERALL', now, rowsInclude }: MetricsOptions): WeeklyMetrics {
  const inWeek = outcomes.filter(deliveredIn(week));
  const forRows = groupBy === 'OVERALL' || !rowsInclude ? inWeek : inWeek.filter(rowsInclude);
  return { week, timeZone: week.timeZone, ...computeMetrics(inWeek, now), groupBy, rows: groupMetrics(forRows, groupBy, now) };
}

/** The `count` weeks ending with `endingWeek` (inclusive), oldest first: the monthly review's trend. */
export function trendWeeks(endingWeek: IsoWeek, count: number): IsoWeek[] {
  return Array.from({ length: count }, (_, i) => shiftIsoWeek(endingWeek, i - (count - 1)));
}

export function weeklyMetricsTrend(endingWeek: IsoWeek, count: number, outcomes: readonly HandoffOutcome[], options: MetricsOptions): WeeklyMetrics[] {
  return trendWeeks(endingWeek, count).map((week) => weeklyMetrics(week, outcomes, options));
}
