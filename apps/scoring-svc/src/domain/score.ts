import type { Firmographics, ScoreContributor, ScoringSnapshot, SignalType } from '@handoff-graph/contracts';
import { evidenceText } from './evidence';
import { FIT_LABEL, fitContribution, fitEvidence } from './fit';
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

/** A raw total (capped per type, plus fit) as the score a rep reads: clamped to 0–100, one decimal. */
export function clampScore(total: number): number {
  return round1(Math.min(100, Math.max(0, total)));
}

/**
 * The account score at `asOf`: per-type capped contributions summed, plus the firmographic fit
 * (when the model scores fit and the account's firmographics are known), clamped to 0–100, one
 * decimal. A pure function of (signals, firmographics, model, asOf).
 */
export function score(signals: ScoringSignal[], model: ScoringModel, asOf: Date, firmographics: Firmographics | null = null): number {
  const total = contributionsByType(signals, model, asOf).reduce((sum, c) => sum + c.points, 0);
  return clampScore(total + (fitContribution(model.fit, firmographics)?.points ?? 0));
}

/** Every part of a score, for the full explanation: one per signal type that counts, and the fit. */
export interface ScoreComponent {
  kind: 'SIGNAL' | 'FIT';
  /** Null for the fit component. */
  signalType: SignalType | null;
  label: string;
  /** Points it adds (after its cap), one decimal. */
  points: number;
  /** Points before the cap, one decimal. */
  uncappedPoints: number;
  capped: boolean;
  evidence: string;
  /** The signals behind it, most recent first (empty for fit). */
  signalIds: string[];
}

/**
 * Every component of the score at `asOf`, largest first (ties: the signal types in contributor
 * order, then fit): what explainScore shows beyond the snapshot's top three.
 */
export function scoreComponents(signals: ScoringSignal[], model: ScoringModel, asOf: Date, firmographics: Firmographics | null = null): ScoreComponent[] {
  const bySignals: ScoreComponent[] = rankedContributions(signals, model, asOf).map((c) => {
    const points = round1(c.points);
    return {
      kind: 'SIGNAL',
      signalType: c.signalType,
      label: c.label,
      points,
      uncappedPoints: round1(c.uncappedPoints),
      capped: c.uncappedPoints > c.points,
      evidence: evidenceText(c.signalType, c.signals, points, asOf),
      signalIds: c.signals.map((s) => s.signalId),
    };
  });
  const fit = fitContribution(model.fit, firmographics);
  if (!fit) return bySignals;
  const points = round1(fit.points);
  const fitComponent: ScoreComponent = {
    kind: 'FIT',
    signalType: null,
    label: FIT_LABEL,
    points,
    uncappedPoints: round1(fit.uncappedPoints),
    capped: fit.uncappedPoints > fit.points,
    evidence: fitEvidence(fit, points),
    signalIds: [],
  };
  const at = bySignals.findIndex((c) => c.points < points);
  return at < 0 ? [...bySignals, fitComponent] : [...bySignals.slice(0, at), fitComponent, ...bySignals.slice(at)];
}

/** Signal contributions with points, largest first (ties: the one with the most recent signal, then by type). */
function rankedContributions(signals: ScoringSignal[], model: ScoringModel, asOf: Date): TypeContribution[] {
  return contributionsByType(signals, model, asOf)
    .filter((c) => c.points > 0)
    .sort(
      (a, b) =>
        b.points - a.points ||
        b.signals[0].occurredAt.getTime() - a.signals[0].occurredAt.getTime() ||
        a.signalType.localeCompare(b.signalType),
    );
}

/**
 * The top three signal types by points (ties: the one with the most recent signal, then by type),
 * each named, with its points, evidence text and every signal id behind it. The fit component is
 * not among them: the snapshot contract types every contributor by SignalType (see the README).
 */
export function topContributors(signals: ScoringSignal[], model: ScoringModel, asOf: Date): ScoreContributor[] {
  return rankedContributions(signals, model, asOf)
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
export function trend(signals: ScoringSignal[], model: ScoringModel, asOf: Date, firmographics: Firmographics | null = null): ScoringSnapshot['trend'] {
  const today = startOfUtcDay(asOf).getTime();
  const daily = Array.from({ length: TREND_DAYS }, (_, i) => {
    const daysBack = TREND_DAYS - 1 - i;
    const day = new Date(today - daysBack * DAY_MS);
    const at = daysBack === 0 ? asOf : endOfUtcDay(day);
    return { date: utcDate(day), score: score(signals, model, at, firmographics) };
  });
  return { daily, delta: round1(daily[daily.length - 1].score - daily[0].score) };
}

/**
 * The snapshot a rep reads: score, threshold, top three contributors, 14-day trend, model version
 * and computed-at. Null when no signal counts at `asOf` (there is nothing to explain). The fit
 * counts in the score and in every trend point (the firmographics known at `asOf`, held constant).
 */
export function scoringSnapshot(signals: ScoringSignal[], model: ScoringModel, asOf: Date, firmographics: Firmographics | null = null): ScoringSnapshot | null {
  const contributors = topContributors(signals, model, asOf);
  if (contributors.length === 0) return null;
  return {
    score: score(signals, model, asOf, firmographics),
    threshold: model.threshold,
    contributors,
    trend: trend(signals, model, asOf, firmographics),
    modelVersion: model.version,
    computedAt: asOf.toISOString(),
  };
}
