import type { RejectionReason, SignalType } from '@handoff-graph/contracts';
import { addSignals, advanceAggregate, aggregateScore, buildAggregate, type AccountAggregate } from './aggregate';
import { evaluateAt } from './evaluation';
import { NEVER_QUALIFIED } from './qualification';
import { LOOKBACK_DAYS } from './score';
import type { ScoringModel } from './scoring-model';
import { DAY_MS, isoWeek, isoWeekStart, utcDate } from './time';

/**
 * The quarterly recalibration: replay stored signals under a model version with a candidate
 * threshold, count who would have qualified per ISO week, and join those qualifications with what
 * reps did (meetings booked, handoffs rejected by reason) — beside the same replay at the model's
 * own threshold, so ops compare like with like.
 */

/** A signal as the replay needs it. */
export interface ReplaySignal {
  signalType: SignalType;
  occurredAt: Date;
}

/** One account's matched signals (oldest first) and its fit points under the model. */
export interface AccountHistory {
  accountId: string;
  signals: ReplaySignal[];
  fitPoints: number;
}

export interface ReplayedQualification {
  accountId: string;
  at: Date;
  score: number;
}

/** A rep's verdict on a handoff of the account (from feedback-events). */
export interface FeedbackOutcome {
  accountId: string;
  kind: 'MEETING_BOOKED' | 'HANDOFF_REJECTED';
  at: Date;
  reason: RejectionReason | null;
}

export type QualificationOutcome = { kind: 'MEETING' } | { kind: 'REJECTED'; reason: RejectionReason } | { kind: 'NONE' };

/** Feedback up to this many days before a simulated qualification still belongs to it (a higher threshold qualifies later than the real handoff did). */
export const OUTCOME_LOOKBACK_DAYS = 14;
/** Feedback up to this many days after a simulated qualification belongs to it. */
export const OUTCOME_WINDOW_DAYS = 30;

/** How far before `from` the replay starts, so the hysteresis and cooldown state at `from` come from history. */
export function warmUpDays(model: Pick<ScoringModel, 'cooldownDays'>): number {
  return LOOKBACK_DAYS + model.cooldownDays;
}

/**
 * Replays one account the way the service scores it: at each instant a signal occurred (signals of
 * the same instant together), the re-arm rule on the score just before, the qualify rule (with the
 * cooldown) on the score after, using the incremental aggregates. The replay is by occurrence time,
 * so it shows the model's verdict on the history itself, not on when the signals happened to be
 * delivered. Every qualification up to `to` is returned: those before the simulated range (the
 * warm-up) shape the state and claim the feedback that belongs to them, but are not counted.
 */
export function replayAccount(history: AccountHistory, model: ScoringModel, threshold: number, to: Date): ReplayedQualification[] {
  const rules = { threshold, rearmMargin: model.rearmMargin, cooldownDays: model.cooldownDays };
  const signals = history.signals;
  const found: ReplayedQualification[] = [];
  let state = NEVER_QUALIFIED;
  let aggregate: AccountAggregate | null = null;
  let oldest = 0; // first signal not yet left the window
  for (let i = 0; i < signals.length; ) {
    const at = signals[i].occurredAt;
    if (at.getTime() > to.getTime()) break;
    let j = i;
    while (j < signals.length && signals[j].occurredAt.getTime() === at.getTime()) j++;
    if (aggregate === null) {
      aggregate = buildAggregate([], model, at);
    } else {
      const cutoff = at.getTime() - LOOKBACK_DAYS * DAY_MS;
      const leaving: ReplaySignal[] = [];
      while (oldest < i && signals[oldest].occurredAt.getTime() < cutoff) leaving.push(signals[oldest++]);
      aggregate = advanceAggregate(aggregate, model, at, leaving);
    }
    const before = aggregateScore(aggregate, model, at, history.fitPoints);
    aggregate = addSignals(aggregate, model, signals.slice(i, j));
    const after = aggregateScore(aggregate, model, at, history.fitPoints);
    const outcome = evaluateAt(state, before, after, rules, at);
    state = outcome.state;
    if (outcome.qualified) found.push({ accountId: history.accountId, at, score: after });
    i = j;
  }
  return found;
}

/**
 * Joins simulated qualifications with the account's feedback. Each feedback event belongs to at
 * most one qualification of the same account: the latest one at or before it, if the feedback came
 * within OUTCOME_WINDOW_DAYS after it; otherwise the earliest later one it precedes by at most
 * OUTCOME_LOOKBACK_DAYS. A qualification's outcome: MEETING when a meeting was booked, else
 * REJECTED with the reason of its last rejection, else NONE (never handed off, or no verdict yet).
 */
export function attributeOutcomes(
  qualifications: ReplayedQualification[],
  feedback: FeedbackOutcome[],
): (ReplayedQualification & { outcome: QualificationOutcome })[] {
  const byAccount = new Map<string, ReplayedQualification[]>();
  for (const q of qualifications) byAccount.set(q.accountId, [...(byAccount.get(q.accountId) ?? []), q]);
  const attributed = new Map<ReplayedQualification, FeedbackOutcome[]>();
  for (const f of [...feedback].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const quals = (byAccount.get(f.accountId) ?? []).slice().sort((a, b) => a.at.getTime() - b.at.getTime());
    const t = f.at.getTime();
    const preceding = quals.filter((q) => q.at.getTime() <= t).pop();
    const following = quals.find((q) => q.at.getTime() > t);
    const owner =
      preceding && t < preceding.at.getTime() + OUTCOME_WINDOW_DAYS * DAY_MS
        ? preceding
        : following && following.at.getTime() - OUTCOME_LOOKBACK_DAYS * DAY_MS <= t
          ? following
          : undefined;
    if (owner) attributed.set(owner, [...(attributed.get(owner) ?? []), f]);
  }
  return qualifications.map((q) => {
    const mine = attributed.get(q) ?? [];
    const rejection = mine.filter((f) => f.kind === 'HANDOFF_REJECTED').pop();
    const outcome: QualificationOutcome = mine.some((f) => f.kind === 'MEETING_BOOKED')
      ? { kind: 'MEETING' }
      : rejection
        ? { kind: 'REJECTED', reason: rejection.reason ?? 'OTHER' }
        : { kind: 'NONE' };
    return { ...q, outcome };
  });
}

export interface OutcomeSummary {
  threshold: number;
  /** Simulated qualifications (an account qualifying twice counts twice). */
  qualifications: number;
  /** Distinct accounts among them. */
  accounts: number;
  meetings: number;
  rejections: number;
  withoutOutcome: number;
  /** meetings / qualifications; null when nothing qualified. */
  conversionRate: number | null;
  /** rejections / qualifications; null when nothing qualified. */
  rejectionRate: number | null;
  /** Largest first (ties: by reason); rate = count / qualifications. */
  rejectionsByReason: { reason: RejectionReason; count: number; rate: number }[];
}

const rate = (count: number, of: number) => Math.round((count / of) * 10_000) / 10_000;

export function summarize(threshold: number, items: (ReplayedQualification & { outcome: QualificationOutcome })[]): OutcomeSummary {
  const n = items.length;
  const meetings = items.filter((i) => i.outcome.kind === 'MEETING').length;
  const reasons = new Map<RejectionReason, number>();
  for (const i of items) if (i.outcome.kind === 'REJECTED') reasons.set(i.outcome.reason, (reasons.get(i.outcome.reason) ?? 0) + 1);
  const rejections = [...reasons.values()].reduce((a, b) => a + b, 0);
  return {
    threshold,
    qualifications: n,
    accounts: new Set(items.map((i) => i.accountId)).size,
    meetings,
    rejections,
    withoutOutcome: n - meetings - rejections,
    conversionRate: n === 0 ? null : rate(meetings, n),
    rejectionRate: n === 0 ? null : rate(rejections, n),
    rejectionsByReason: [...reasons.entries()]
      .map(([reason, count]) => ({ reason, count, rate: rate(count, n) }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

export interface ThresholdSimulationResult {
  candidate: OutcomeSummary;
  current: OutcomeSummary;
  weeks: { week: string; startsOn: string; candidate: OutcomeSummary; current: OutcomeSummary }[];
  qualifications: { candidate: (ReplayedQualification & { outcome: QualificationOutcome })[]; current: (ReplayedQualification & { outcome: QualificationOutcome })[] };
}

/**
 * The simulation for [from, to] (instants; the caller passes the first and last millisecond of
 * the days): the candidate threshold against the model's own, per ISO week (every week the range
 * touches, oldest first, each counting the qualifications inside the range) and in total.
 */
export function simulateThreshold(input: {
  histories: AccountHistory[];
  feedback: FeedbackOutcome[];
  model: ScoringModel;
  threshold: number;
  from: Date;
  to: Date;
}): ThresholdSimulationResult {
  const replay = (threshold: number) => input.histories.flatMap((h) => replayAccount(h, input.model, threshold, input.to));
  return summarizeSimulation({ ...input, candidate: replay(input.threshold), current: replay(input.model.threshold) });
}

/**
 * Joins already replayed qualifications (every one up to `to`, warm-up included) with the feedback
 * and summarizes those in [from, to]: what simulateThreshold does after the replay, for callers that
 * replay account by account (a page of accounts at a time) and keep only the qualifications.
 */
export function summarizeSimulation(input: {
  candidate: ReplayedQualification[];
  current: ReplayedQualification[];
  feedback: FeedbackOutcome[];
  model: Pick<ScoringModel, 'threshold'>;
  threshold: number;
  from: Date;
  to: Date;
}): ThresholdSimulationResult {
  const inRange = (q: ReplayedQualification) => q.at.getTime() >= input.from.getTime() && q.at.getTime() <= input.to.getTime();
  const candidate = attributeOutcomes(input.candidate, input.feedback).filter(inRange);
  const current = attributeOutcomes(input.current, input.feedback).filter(inRange);
  const weeks: ThresholdSimulationResult['weeks'] = [];
  for (let start = isoWeekStart(input.from); start.getTime() <= input.to.getTime(); start = new Date(start.getTime() + 7 * DAY_MS)) {
    const week = isoWeek(start);
    const inWeek = (q: ReplayedQualification) => isoWeek(q.at) === week;
    weeks.push({
      week,
      startsOn: utcDate(start),
      candidate: summarize(input.threshold, candidate.filter(inWeek)),
      current: summarize(input.model.threshold, current.filter(inWeek)),
    });
  }
  return {
    candidate: summarize(input.threshold, candidate),
    current: summarize(input.model.threshold, current),
    weeks,
    qualifications: { candidate, current },
  };
}
