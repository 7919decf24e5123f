import type { ScoringSnapshot } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { SNAPSHOT_HISTORY_DAYS, countsAt, scoreComponents, scoringSnapshot, score as scoreOf, type ScoreComponent } from '../domain/score';
import type { ScoringModel } from '../domain/scoring-model';
import { DAY_MS } from '../domain/time';
import { findFirmographicsAt } from '../data/account-directory.repository';
import { findAccountSignalsKnownAt } from '../data/signal.repository';

/** Why an account scores what it scores at one instant, recomputed from what was known then. */
export interface ScoreExplanation {
  accountId: string;
  asOf: Date;
  model: ScoringModel;
  score: number;
  /** Every component, largest first: each signal type that counts, and the fit. */
  components: ScoreComponent[];
  /** What a rep reads (top three signal contributors, 14-day trend); null when no signal counts. */
  snapshot: ScoringSnapshot | null;
  /** Signals that count at asOf. */
  signalsCounted: number;
  /** Whether the account's firmographics were known at asOf. */
  firmographicsKnown: boolean;
}

/**
 * The full recomputation, a pure function of (signals, firmographics, model, asOf): the signals
 * counted for the account at or before `asOf` (late-arriving and late-matched signals only from
 * when they arrived or matched), the firmographics the directory held at `asOf`, and the given
 * model. At the instant of a qualification it reproduces the snapshot that qualification
 * published. Null when nothing counts (no signal in the 90 days before asOf, and no fit points).
 */
export async function explainScoreAt(manager: EntityManager, accountId: string, asOf: Date, model: ScoringModel): Promise<ScoreExplanation | null> {
  const signals = await findAccountSignalsKnownAt(manager, accountId, new Date(asOf.getTime() - SNAPSHOT_HISTORY_DAYS * DAY_MS), asOf);
  const firmographics = await findFirmographicsAt(manager, accountId, asOf);
  const components = scoreComponents(signals, model, asOf, firmographics);
  if (components.length === 0) return null;
  return {
    accountId,
    asOf,
    model,
    score: scoreOf(signals, model, asOf, firmographics),
    components,
    snapshot: scoringSnapshot(signals, model, asOf, firmographics),
    signalsCounted: signals.filter((s) => countsAt(s, asOf)).length,
    firmographicsKnown: firmographics !== null,
  };
}
