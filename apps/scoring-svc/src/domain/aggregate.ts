import { SIGNAL_TYPES, type SignalType } from '@handoff-graph/contracts';
import { LOOKBACK_DAYS, clampScore } from './score';
import type { ScoringModel } from './scoring-model';
import { DAY_MS } from './time';

/**
 * Incremental per-account aggregates, so recording a signal does not rescan the account's history.
 *
 * Exponential decay composes: the decayed sum of a type's signals at t2 is the sum at t1 times
 * 0.5^((t2 − t1) / halfLife), plus whatever was added since. So each (account, signal type) keeps
 * one decayed sum with the time it refers to; scoring at `at` decays it to `at`, applies the
 * type's cap to the decayed sum, and adds the types (and the fit) as the full recomputation does.
 *
 * The 90-day cut-off is kept exact, not approximated: the aggregate covers the signals that occurred
 * in [windowFrom, windowTo]. Moving the window to `to` subtracts the signals that left it
 * (occurred before to − 90 days; each is subtracted once, lazily, the next time the account is
 * scored) and adds the ones that entered it (signals dated in the future when they were recorded,
 * now reached). The caller finds both with indexed range queries (`windowMove`, or the superset
 * `isCrossingCandidate` when it reads them before it knows the window), empty almost always. Float sums drift from the full recomputation by ~1e-12: the score (one decimal)
 * is the same except on an exact .x5 tie, which the tests bound.
 */

/** One signal type's decayed sum. */
export interface TypeAggregate {
  /** Σ points × 0.5^((refTime − occurredAt) / halfLife) over the type's signals in the window (uncapped). */
  sum: number;
  /** How many signals the sum holds. */
  count: number;
  refTime: Date;
}

/** An account's aggregates under one model version (points and half-lives are the model's). */
export interface AccountAggregate {
  modelVersion: string;
  /** Signals that occurred in [windowFrom, windowTo] are in the sums; none outside. */
  windowFrom: Date;
  windowTo: Date;
  types: Partial<Record<SignalType, TypeAggregate>>;
}

/** What the aggregates need of a signal. */
export interface AggregateSignal {
  signalType: SignalType;
  occurredAt: Date;
}

const LOOKBACK_MS = LOOKBACK_DAYS * DAY_MS;

/** A type's sum decayed from its reference time to `at`. */
export function decayedSum(agg: TypeAggregate, halfLifeDays: number, at: Date): number {
  return agg.sum * 0.5 ** ((at.getTime() - agg.refTime.getTime()) / DAY_MS / halfLifeDays);
}

/** One signal's points at `at`. */
function pointsAt(model: ScoringModel, signal: AggregateSignal, at: Date): number {
  const rule = model.rules[signal.signalType];
  return rule.points * 0.5 ** ((at.getTime() - signal.occurredAt.getTime()) / DAY_MS / rule.halfLifeDays);
}

function inWindow(agg: Pick<AccountAggregate, 'windowFrom' | 'windowTo'>, occurredAt: Date): boolean {
  return occurredAt.getTime() >= agg.windowFrom.getTime() && occurredAt.getTime() <= agg.windowTo.getTime();
}

/** Adds (sign +1) or removes (−1) one signal, re-basing the type's sum on `at`. */
function apply(types: AccountAggregate['types'], model: ScoringModel, signal: AggregateSignal, at: Date, sign: 1 | -1): void {
  const rule = model.rules[signal.signalType];
  const current = types[signal.signalType];
  const base = current ? decayedSum(current, rule.halfLifeDays, at) : 0;
  const count = (current?.count ?? 0) + sign;
  // An emptied type is exactly 0 (no float residue); a subtraction never leaves a negative sum.
  const sum = count <= 0 ? 0 : Math.max(0, base + sign * pointsAt(model, signal, at));
  types[signal.signalType] = { sum, count: Math.max(0, count), refTime: at };
}

/** The window that counts at `at`: [at − 90 days, at]. */
export function windowAt(at: Date): { windowFrom: Date; windowTo: Date } {
  return { windowFrom: new Date(at.getTime() - LOOKBACK_MS), windowTo: at };
}

/**
 * Aggregates built from scratch at `at` (no aggregate yet, or one under another model version):
 * the signals that count at `at` — the one rescan, after which the account is incremental again.
 */
export function buildAggregate(signals: AggregateSignal[], model: ScoringModel, at: Date): AccountAggregate {
  const aggregate: AccountAggregate = { modelVersion: model.version, ...windowAt(at), types: {} };
  for (const signal of signals) if (inWindow(aggregate, signal.occurredAt)) apply(aggregate.types, model, signal, at, 1);
  return aggregate;
}

/**
 * The range query that moving the window to `to` needs: signals that occurred in
 * [leaving.from, leaving.before) left it, those in (entering.after, entering.through] entered it.
 */
export function windowMove(agg: AccountAggregate, to: Date): { leaving: { from: Date; before: Date }; entering: { after: Date; through: Date } } {
  const target = windowAt(to);
  return {
    leaving: { from: agg.windowFrom, before: new Date(Math.max(agg.windowFrom.getTime(), target.windowFrom.getTime())) },
    entering: { after: agg.windowTo, through: new Date(Math.max(agg.windowTo.getTime(), to.getTime())) },
  };
}

/**
 * Whether the read that loads an aggregate (and learns its window in the same statement) returns a
 * stored signal for moving it at `now`: it occurred in [windowFrom, now − 90 days) or after
 * windowTo. That holds every signal of `windowMove(agg, max(windowTo, now))` — and some that did not
 * cross (dated after the new window's end), which `advanceAggregate` leaves alone.
 */
export function isCrossingCandidate(agg: Pick<AccountAggregate, 'windowFrom' | 'windowTo'>, occurredAt: Date, now: Date): boolean {
  const t = occurredAt.getTime();
  return (t >= agg.windowFrom.getTime() && t < now.getTime() - LOOKBACK_MS) || t > agg.windowTo.getTime();
}

/**
 * Moves the window to [to − 90 d, to]. `crossing` holds the account's signals `windowMove` found
 * (any superset of them will do: each signal is added or removed only when it did cross): a
 * signal that entered and also left (dated in the future when recorded, and not looked at for 90
 * days since) is neither added nor removed. The window never moves back: `to` earlier than
 * windowTo (a clock behind the last scoring) leaves the aggregate as it is.
 */
export function advanceAggregate(agg: AccountAggregate, model: ScoringModel, to: Date, crossing: AggregateSignal[]): AccountAggregate {
  if (to.getTime() <= agg.windowTo.getTime()) return agg;
  const next: AccountAggregate = { modelVersion: agg.modelVersion, ...windowAt(to), types: { ...agg.types } };
  for (const signal of crossing) {
    const t = signal.occurredAt.getTime();
    const entered = t > agg.windowTo.getTime() && t <= to.getTime();
    const wasIn = t >= agg.windowFrom.getTime() && t <= agg.windowTo.getTime();
    const isIn = inWindow(next, signal.occurredAt);
    if (entered && isIn) apply(next.types, model, signal, to, 1);
    else if (wasIn && !isIn) apply(next.types, model, signal, to, -1);
  }
  return next;
}

/**
 * Adds newly counted signals (already moved to `windowTo`). Signals dated before the window count
 * nothing; signals dated after it (the future) wait until the window reaches them.
 */
export function addSignals(agg: AccountAggregate, model: ScoringModel, signals: AggregateSignal[]): AccountAggregate {
  const next: AccountAggregate = { ...agg, types: { ...agg.types } };
  for (const signal of signals) if (inWindow(next, signal.occurredAt)) apply(next.types, model, signal, next.windowTo, 1);
  return next;
}

/** Per type: the decayed sum at `at` capped at the type's cap. */
export function typePoints(agg: AccountAggregate, model: ScoringModel, at: Date): Partial<Record<SignalType, number>> {
  const points: Partial<Record<SignalType, number>> = {};
  for (const type of SIGNAL_TYPES) {
    const t = agg.types[type];
    if (!t || t.count === 0) continue;
    const rule = model.rules[type];
    points[type] = Math.min(decayedSum(t, rule.halfLifeDays, at), rule.capPoints);
  }
  return points;
}

/** The score at `at` (normally windowTo) from the aggregates and the fit points: the same rounding as `score`. */
export function aggregateScore(agg: AccountAggregate, model: ScoringModel, at: Date, fitPoints: number): number {
  const total = Object.values(typePoints(agg, model, at)).reduce((sum, p) => sum + p, 0);
  return clampScore(total + fitPoints);
}

/** How many signals the aggregates hold (those that count at windowTo). */
export function countedSignals(agg: AccountAggregate): number {
  return Object.values(agg.types).reduce((n, t) => n + t.count, 0);
}
