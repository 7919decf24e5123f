import type { EntityManager } from 'typeorm';
import { fitPoints } from '../domain/fit';
import type { ScoringModel } from '../domain/scoring-model';
import {
  OUTCOME_LOOKBACK_DAYS,
  OUTCOME_WINDOW_DAYS,
  replayAccount,
  summarizeSimulation,
  warmUpDays,
  type ReplayedQualification,
  type ReplaySignal,
  type ThresholdSimulationResult,
} from '../domain/simulation';
import { DAY_MS, endOfUtcDay, startOfUtcDay } from '../domain/time';
import { findCurrentFirmographics } from '../data/account-directory.repository';
import { findFeedbackOutcomes } from '../data/feedback-outcome.repository';
import { signalsForReplay } from '../data/signal.repository';

export interface ThresholdSimulation extends ThresholdSimulationResult {
  from: Date;
  to: Date;
  accountsReplayed: number;
  signalsReplayed: number;
}

/** Accounts whose firmographics are looked up together. */
const ACCOUNTS_PER_LOOKUP = 1_000;

/**
 * Replays the stored (matched) signals of [from − warm-up, to] under `model` with the candidate
 * threshold and with the model's own, account by account (only qualifications are kept), and
 * joins both with the feedback outcomes around the range. Fit uses the accounts' current
 * firmographics.
 */
export async function runThresholdSimulation(
  manager: EntityManager,
  request: { model: ScoringModel; threshold: number; fromDay: Date; toDay: Date },
): Promise<ThresholdSimulation> {
  const { model, threshold } = request;
  const from = startOfUtcDay(request.fromDay);
  const to = endOfUtcDay(request.toDay);
  const candidate: ReplayedQualification[] = [];
  const current: ReplayedQualification[] = [];
  let accountsReplayed = 0;
  let signalsReplayed = 0;
  let pending: [string, ReplaySignal[]][] = [];
  const replay = async () => {
    const firmographics = await findCurrentFirmographics(manager, pending.map(([id]) => id));
    for (const [accountId, signals] of pending) {
      const history = { accountId, signals, fitPoints: fitPoints(model.fit, firmographics.get(accountId) ?? null) };
      candidate.push(...replayAccount(history, model, threshold, to));
      current.push(...replayAccount(history, model, model.threshold, to));
      accountsReplayed += 1;
      signalsReplayed += signals.length;
    }
    pending = [];
  };
  for await (const entry of signalsForReplay(manager, new Date(from.getTime() - warmUpDays(model) * DAY_MS), to)) {
    pending.push(entry);
    if (pending.length >= ACCOUNTS_PER_LOOKUP) await replay();
  }
  await replay();
  const feedback = await findFeedbackOutcomes(
    manager,
    new Date(from.getTime() - OUTCOME_LOOKBACK_DAYS * DAY_MS),
    new Date(to.getTime() + OUTCOME_WINDOW_DAYS * DAY_MS),
  );
  return { ...summarizeSimulation({ candidate, current, feedback, model, threshold, from, to }), from, to, accountsReplayed, signalsReplayed };
}
