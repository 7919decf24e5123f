import type { AnyEvent, Firmographics, ScoringSnapshot } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addSignals, advanceAggregate, aggregateScore, buildAggregate, windowAt, type AccountAggregate } from '../domain/aggregate';
import { evaluateAt, type EvaluationOutcome } from '../domain/evaluation';
import { fitPoints } from '../domain/fit';
import { SNAPSHOT_HISTORY_DAYS, scoringSnapshot } from '../domain/score';
import type { ScoringModel } from '../domain/scoring-model';
import type { ScoringSignal } from '../domain/signal';
import { DAY_MS } from '../domain/time';
import type { AccountScoreEntity } from '../data/account-score.entity';
import { loadScoringState, saveEvaluation, type EvaluationWrites } from '../data/account-score.repository';
import { modelForScoring } from '../data/scoring-model.repository';
import { findSignalsKnownAt, type NewSignals } from '../data/signal.repository';
import { accountQualifiedEvent, contactEngagedEvent, originOfSignal, type EventOrigin } from '../events/scoring-events.producer';

/** An account whose score an evaluation changed. */
export interface AccountScoreUpdate {
  accountId: string;
  score: number;
  qualified: boolean;
  /** Set when this evaluation qualified the account (one account-qualified was enqueued). */
  qualificationId: string | null;
  /** It reached the threshold but is within the cooldown of its last qualification. */
  coolingDown: boolean;
}

/** An account ready to count new signals: its stored state and its aggregates moved to `at`. */
export interface PreparedAccount {
  accountId: string;
  row: AccountScoreEntity | null;
  /** The aggregates as stored (null: rebuilt, none stored under the active model). */
  stored: AccountAggregate | null;
  aggregate: AccountAggregate;
  /** The evaluation instant: the clock's now (or the last evaluation, should the clock be behind it). */
  at: Date;
  firmographics: Firmographics | null;
}

/**
 * Loads the accounts' aggregates moved to `now`, and the active model, in one statement (see
 * loadScoringState): the signals that left the 90-day window (or entered it, dated in the future
 * when recorded) since each was last scored — normally none — come with them; only an account
 * without aggregates under the active model is rebuilt from its last 90 days (once). The model is
 * parsed once per version. The caller holds the activation lock (shared) and the accounts' locks;
 * call it BEFORE their new signals are matched, or have it store them (`store`, same statement:
 * the reads do not see them).
 */
export async function prepareAccounts(
  manager: EntityManager,
  accountIds: string[],
  now: Date,
  store: NewSignals | null = null,
): Promise<{ model: ScoringModel; accounts: Map<string, PreparedAccount>; stored: Set<string> }> {
  const ids = [...new Set(accountIds)].sort();
  const { activeVersion, accounts: states, stored } = await loadScoringState(manager, ids, windowAt(now), store);
  const model = await modelForScoring(manager, activeVersion);
  const accounts = new Map<string, PreparedAccount>();
  for (const accountId of ids) {
    const state = states.get(accountId)!;
    const stored = state.aggregate;
    const at = stored && stored.windowTo.getTime() > now.getTime() ? stored.windowTo : now;
    const aggregate = stored ? advanceAggregate(stored, model, at, state.signals) : buildAggregate(state.signals, model, at);
    accounts.set(accountId, { accountId, row: state.row, stored, aggregate, at, firmographics: state.firmographics });
  }
  return { model, accounts, stored };
}

/**
 * Counts new signals for prepared accounts, each at its instant, inside the caller's transaction:
 * score before and after from the aggregates (plus fit), hysteresis and cooldown; per account a
 * `contact-engaged` per signal naming a contact, then — when it qualifies — one `account-qualified`
 * with the snapshot recomputed from the signals known now (stored with the qualification, so a
 * replay at the same instant reproduces it). Reads the qualifying accounts' signals in one
 * statement, writes scores, changed aggregates and qualifications in one more.
 */
export async function countForAccounts(
  manager: EntityManager,
  work: { prepared: PreparedAccount; added: ScoringSignal[] }[],
  model: ScoringModel,
  origin: EventOrigin,
): Promise<AccountScoreUpdate[]> {
  const evaluated = work.map(({ prepared, added }) => {
    const { row, at } = prepared;
    const fitNow = fitPoints(model.fit, prepared.firmographics);
    const fitBefore = row && row.modelVersion === model.version ? row.fitPoints : fitNow;
    const scoreBefore = aggregateScore(prepared.aggregate, model, at, fitBefore);
    const aggregate = addSignals(prepared.aggregate, model, added);
    const scoreAfter = aggregateScore(aggregate, model, at, fitNow);
    const previousState = { qualified: row?.qualified ?? false, lastQualifiedAt: row?.qualifiedAt ?? null };
    const outcome: EvaluationOutcome = evaluateAt(previousState, scoreBefore, scoreAfter, model, at);
    return { prepared, added, aggregate, fitNow, scoreAfter, previousState, outcome };
  });

  const qualifying = evaluated.filter((e) => e.outcome.qualified);
  const known = await findSignalsKnownAt(
    manager,
    qualifying.map(({ prepared: { accountId, at } }) => ({ accountId, since: new Date(at.getTime() - SNAPSHOT_HISTORY_DAYS * DAY_MS), asOf: at })),
  );

  const events: AnyEvent[] = [];
  const writes: EvaluationWrites = { scores: [], aggregates: [], qualifications: [] };
  const updates: AccountScoreUpdate[] = [];
  for (const { prepared, added, aggregate, fitNow, scoreAfter, previousState, outcome } of evaluated) {
    const { accountId, row, at } = prepared;
    for (const s of added) {
      if (s.contactEmail !== null) {
        events.push(contactEngagedEvent(accountId, { ...s, contactEmail: s.contactEmail }, model.rules[s.signalType].points, originOfSignal(origin, s.signalId)));
      }
    }
    let state = outcome.state;
    let qualificationId: string | null = null;
    if (outcome.qualified) {
      const snapshot: ScoringSnapshot | null = scoringSnapshot(known.get(accountId) ?? [], model, at, prepared.firmographics);
      if (snapshot) {
        qualificationId = randomUUID();
        writes.qualifications.push({ qualificationId, accountId, qualifiedAt: at, modelVersion: model.version, score: snapshot.score, threshold: model.threshold, snapshot });
        // Caused by the event of the last signal counted now (the one that took the account over the threshold).
        events.push(accountQualifiedEvent({ qualificationId, accountId, snapshot, qualifiedAt: at }, originOfSignal(origin, added.at(-1)?.signalId)));
      } else {
        // Unreachable while the fit cap stays below the threshold: a qualifying score has signal contributors.
        state = previousState;
      }
    }
    writes.scores.push({
      accountId,
      score: scoreAfter,
      qualified: state.qualified,
      qualifiedAt: state.lastQualifiedAt,
      lastQualificationId: qualificationId ?? row?.lastQualificationId ?? null,
      modelVersion: model.version,
      windowFrom: aggregate.windowFrom,
      windowTo: aggregate.windowTo,
      fitPoints: fitNow,
      computedAt: at,
    });
    writes.aggregates.push({ accountId, aggregate, before: prepared.stored });
    updates.push({ accountId, score: scoreAfter, qualified: state.qualified, qualificationId, coolingDown: outcome.coolingDown });
  }
  await saveEvaluation(manager, writes);
  await enqueueEvents(manager, events);
  return updates;
}
