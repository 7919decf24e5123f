import type { ScoreContributor, ScoringSnapshot, SignalType } from '@handoff-graph/contracts';
import { evidenceText } from './evidence';
import type { ScoringModel } from './scoring-model';
import type { ScoringSignal } from './signal';
import { DAY_MS, daysBetween, endOfUtcDay, startOfUtcDay, utcDate } from './time';

/** Signals older than this many days (at the as-of time) no longer count. */
export const LOOKBACK_DAYS = 90;
/** Days in a snapshot's trend. */
export const TREND_DAYS = 14;
/** Contributors a snapshot names. */
export const TOP_CONTRIBUTORS = 3;
/** How far back a caller must load signals to compute a snapshot (score window + trend). */
export const SNAPSHOT_HISTORY_DAYS = LOOKBACK_DAYS + TREND_DAYS;

export function round1(value: number): number {
  const rounded = Math.round(value * 10) / 10;
  return rounded === 0 ? 0 : rounded; // no -0
}

/** `points × 0.5^(ageDays / halfLifeDays)`. */
export function decayedPoints(points: number, halfLifeDays: number, ageDays: number): number {
  return points * 0.5 ** (ageDays / halfLifeDays);
}

/** Counts at `asOf`: not in the future and at most LOOKBACK_DAYS old. */
export function countsAt(signal: ScoringSignal, asOf: Date): boolean {
  const age = daysBetween(signal.occurredAt, asOf);
  return age >= 0 && age <= LOOKBACK_DAYS;
}

/** One signal type's share of a score. */
export interface TypeContribution {
  signalType: SignalType;
  label: string;
  /** Sum of the decayed points, capped at the type's capPoints (not rounded). */
  points: number;
  /** Sum before the cap. */
  uncappedPoints: number;
  /** The signals that count, most recent first. */
  signals: ScoringSignal[];
}

/** Per signal type with at least one counting signal: decayed points summed and capped. */
export function contributionsByType(signals: ScoringSignal[], model: ScoringModel, asOf: Date): TypeContribution[] {
  const byType = new Map<SignalType, TypeContribution>();
  for (const signal of signals) {
    if (!countsAt(signal, asOf)) continue;
    const rule = model.rules[signal.signalType];
    let entry = byType.get(signal.signalType);
    if (!entry) {
      entry = { signalType: signal.signalType, label: rule.label, points: 0, uncappedPoints: 0, signals: [] };
      byType.set(signal.signalType, entry);
    }
    entry.uncappedPoints += decayedPoints(rule.points, rule.halfLifeDays, daysBetween(signal.occurredAt, asOf));
    entry.signals.push(signal);
  }
  for (const entry of byType.values()) {
    entry.points = Math.min(entry.uncappedPoints, model.rules[entry.signalType].capPoints);
    entry.signals.sort(mostRecentFirst);
  }
  return [...byType.values()];
}

function mostRecentFirst(a: ScoringSignal, b: ScoringSignal): number {
  return b.occurredAt.getTime() - a.occurredAt.getTime() || a.signalId.localeCompare(b.signalId);
}

/** The account score at `asOf`: per-type capped contributions summed, clamped to 0–100, one decimal. */
export function score(signals: ScoringSignal[], model: ScoringModel, asOf: Date): number {
  const total = contributionsByType(signals, model, asOf).reduce((sum, c) => sum + c.points, 0);
  return round1(Math.min(100, Math.max(0, total)));
}

/**
 * The top three signal types by points (ties: the one with the most recent signal, then by type),
 * each named, with its points, evidence text and every signal id behind it.
 */
export function topContributors(signals: ScoringSignal[], model: ScoringModel, asOf: Date): ScoreContributor[] {
  return contributionsByType(signals, model, asOf)
    .filter((c) => c.points > 0)
    .sort(
      (a, b) =>
        b.points - a.points ||
        b.signals[0].occurredAt.getTime() - a.signals[0].occurredAt.getTime() ||
        a.signalType.localeCompare(b.signalType),
    )
    .slice(0, TOP_CONTRIBUTORS)
    .map((c) => {
      const points = round1(c.points);
      return {
        signalType: c.signalType,
        label: c.label,
        points,
        evidence: evidenceText(c.signalType, c.signals, points, asOf),
        signalIds: c.signals.map((s) => s.signalId),
      };
    });
}

/**
 * The score at the end of each of the 14 UTC days ending on `asOf`'s day, oldest first. The last
 * point is the score at `asOf` itself (the day is not over yet); delta = last − first.
 */
export function trend(signals: ScoringSignal[], model: ScoringModel, asOf: Date): ScoringSnapshot['trend'] {
  const today = startOfUtcDay(asOf).getTime();
  const daily = Array.from({ length: TREND_DAYS }, (_, i) => {
    const daysBack = TREND_DAYS - 1 - i;
    const day = new Date(today - daysBack * DAY_MS);
    const at = daysBack === 0 ? asOf : endOfUtcDay(day);
    return { date: utcDate(day), score: score(signals, model, at) };
  });
  return { daily, delta: round1(daily[daily.length - 1].score - daily[0].score) };
}

/**
 * The snapshot a rep reads: score, threshold, top three contributors, 14-day trend, model version
 * and computed-at. Null when no signal counts at `asOf` (there is nothing to explain).
 */
export function scoringSnapshot(signals: ScoringSignal[], model: ScoringModel, asOf: Date): ScoringSnapshot | null {
  const contributors = topContributors(signals, model, asOf);
  if (contributors.length === 0) return null;
  return {
    score: score(signals, model, asOf),
    threshold: model.threshold,
    contributors,
    trend: trend(signals, model, asOf),
    modelVersion: model.version,
    computedAt: asOf.toISOString(),
  };
}
