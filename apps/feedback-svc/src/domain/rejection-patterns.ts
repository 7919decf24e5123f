import { REJECTION_REASONS, type RejectionReason } from '@handoff-graph/contracts';
import type { HandoffOutcome } from './handoff-outcome';
import { isoWeekOf, shiftIsoWeek, type IsoWeek } from './iso-week';

/**
 * The weekly rejection-pattern report that marketing operations reviews and the scoring
 * recalibration reads: rejection reasons concentrated on one value of a dimension of the handoff —
 * the snapshot's top contributor (its signal type), the territory, the playbook rule that wrote the
 * next action, or the scoring model version.
 *
 * Over the handoffs delivered in the week (team time zone) and rejected (whenever), a
 * (dimension, value, reason) is a pattern when
 * - at least MIN_PATTERN_COUNT (2) rejections of that value give the reason (one is an anecdote), and
 * - they are at least MIN_PATTERN_SHARE (half) of that value's rejections (the reason dominates it).
 * Handoffs whose value is not known (handoff-created not received) are left out of that dimension.
 * Patterns are listed by dimension (the order below), then count, then share (both descending),
 * then value and reason.
 */
export const PATTERN_DIMENSIONS = ['TOP_CONTRIBUTOR', 'TERRITORY', 'PLAYBOOK_RULE', 'MODEL_VERSION'] as const;
export type PatternDimension = (typeof PATTERN_DIMENSIONS)[number];

export const MIN_PATTERN_COUNT = 2;
export const MIN_PATTERN_SHARE = 0.5;

export interface RejectionPattern {
  dimension: PatternDimension;
  value: string;
  reason: RejectionReason;
  /** Rejections of this value with this reason. */
  count: number;
  /** count / rejections of this value. */
  share: number;
  /** Rejections of this value in the week (any reason). */
  valueRejectedCount: number;
  /** Handoffs of this value delivered in the week. */
  valueDeliveredCount: number;
}

export interface RejectionPatternReport {
  week: IsoWeek;
  deliveredCount: number;
  rejectedCount: number;
  patterns: RejectionPattern[];
}

function valueOf(o: HandoffOutcome, dimension: PatternDimension): string | null {
  switch (dimension) {
    case 'TOP_CONTRIBUTOR':
      return o.topContributor;
    case 'TERRITORY':
      return o.territoryId;
    case 'PLAYBOOK_RULE':
      return o.playbookRuleId;
    case 'MODEL_VERSION':
      return o.modelVersion;
  }
}

const reasonOrder = (r: RejectionReason) => REJECTION_REASONS.indexOf(r);

/** The report over the outcomes delivered in `week` (others are ignored). */
export function rejectionPatternReport(week: IsoWeek, outcomes: readonly HandoffOutcome[]): RejectionPatternReport {
  const inWeek = outcomes.filter((o) => o.deliveredAt.getTime() >= week.start.getTime() && o.deliveredAt.getTime() < week.end.getTime());
  const patterns: RejectionPattern[] = [];
  for (const dimension of PATTERN_DIMENSIONS) {
    const byValue = new Map<string, { delivered: number; rejected: number; reasons: Map<RejectionReason, number> }>();
    for (const o of inWeek) {
      const value = valueOf(o, dimension);
      if (value === null) continue;
      const tally = byValue.get(value) ?? { delivered: 0, rejected: 0, reasons: new Map() };
      tally.delivered += 1;
      if (o.rejection) {
        tally.rejected += 1;
        tally.reasons.set(o.rejection.reason, (tally.reasons.get(o.rejection.reason) ?? 0) + 1);
      }
      byValue.set(value, tally);
    }
    const found: RejectionPattern[] = [];
    for (const [value, tally] of byValue) {
      for (const [reason, count] of tally.reasons) {
        const share = count / tally.rejected;
        if (count >= MIN_PATTERN_COUNT && share >= MIN_PATTERN_SHARE) {
          found.push({ dimension, value, reason, count, share, valueRejectedCount: tally.rejected, valueDeliveredCount: tally.delivered });
        }
      }
    }
    found.sort(
      (a, b) =>
        b.count - a.count ||
        b.share - a.share ||
        (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) ||
        reasonOrder(a.reason) - reasonOrder(b.reason),
    );
    patterns.push(...found);
  }
  return { week, deliveredCount: inWeek.length, rejectedCount: inWeek.filter((o) => o.rejection !== null).length, patterns };
}

/**
 * The week the background job should have published by `now`: the previous week (team time zone),
 * once it closed and `graceMs` passed so late Sunday feedback lands first; null before that.
 */
export function reportDueWeek(now: Date, timeZone: string, graceMs: number): IsoWeek | null {
  const previous = shiftIsoWeek(isoWeekOf(now, timeZone), -1);
  return now.getTime() >= previous.end.getTime() + graceMs ? previous : null;
}

/** A report is published for a closed week only: the mutation refuses the current or a future week. */
export function weekClosed(week: IsoWeek, now: Date): boolean {
  return now.getTime() >= week.end.getTime();
}
