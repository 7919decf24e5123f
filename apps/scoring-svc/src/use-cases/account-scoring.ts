import type { AnyEvent, Firmographics } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addSignals, advanceAggregate, aggregateScore, buildAggregate, windowAt, windowMove, type AccountAggregate } from '../domain/aggregate';
import { evaluateAt } from '../domain/evaluation';
import { fitPoints } from '../domain/fit';
import { SNAPSHOT_HISTORY_DAYS, scoringSnapshot } from '../domain/score';
import type { ScoringModel } from '../domain/scoring-model';
import type { ScoringSignal } from '../domain/signal';
import { DAY_MS } from '../domain/time';
import type { AccountScoreEntity } from '../data/account-score.entity';
import { findAccountScores, loadAggregates, lockAccountsForScoring, saveAccountScores, saveAggregates } from '../data/account-score.repository';
import { findCurrentFirmographics } from '../data/account-directory.repository';
import { insertQualification } from '../data/qualification.repository';
import { findAccountSignalsKnownAt, findCountedSignalsOf, findWindowCrossings } from '../data/signal.repository';
import { accountQualifiedEvent, contactEngagedEvent, type EventOrigin } from '../events/scoring-events.producer';

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
 * Locks the accounts (sorted, one statement) and loads their aggregates moved to `now`: one indexed
 * range query for all of them finds the signals that left the 90-day window (or entered it, dated
 * in the future when recorded) since each was last scored — normally none. Only an account without
 * aggregates under the active model is rebuilt from its last 90 days (once). A constant number of
 * statements however many accounts; call it BEFORE their new signals are stored or matched.
 */
export async function prepareAccounts(manager: EntityManager, accountIds: string[], model: ScoringModel, now: Date): Promise<Map<string, PreparedAccount>> {
  const ids = [...new Set(accountIds)].sort();
  const prepared = new Map<string, PreparedAccount>();
  if (ids.length === 0) return prepared;
  await lockAccountsForScoring(manager, ids);
  const rows = await findAccountScores(manager, ids);
  const stored = await loadAggregates(manager, [...rows.values()], model.version);
  const atOf = (id: string) => {
    const s = stored.get(id);
    return s && s.windowTo.getTime() > now.getTime() ? s.windowTo : now;
  };
  const moving = [...stored.entries()].map(([accountId, aggregate]) => ({ accountId, ...windowMove(aggregate, atOf(accountId)) }));
  const crossings = await findWindowCrossings(manager, moving);
  const rebuild = ids.filter((id) => !stored.has(id));
  const window = windowAt(now);
  const history = await findCountedSignalsOf(manager, rebuild, window.windowFrom, window.windowTo);
  const firmographics = await findCurrentFirmographics(manager, ids);
  for (const accountId of ids) {
    const at = atOf(accountId);
    const previous = stored.get(accountId) ?? null;
    const aggregate = previous
      ? advanceAggregate(previous, model, at, crossings.get(accountId) ?? [])
      : buildAggregate(history.get(accountId) ?? [], model, at);
    prepared.set(accountId, { accountId, row: rows.get(accountId) ?? null, stored: previous, aggregate, at, firmographics: firmographics.get(accountId) ?? null });
  }
  return prepared;
}

/**
 * Counts new signals for prepared accounts, each at its instant, inside the caller's transaction:
 * score before and after from the aggregates (plus fit), hysteresis and cooldown; per account a
 * `contact-engaged` per signal naming a contact, then — when it qualifies — one `account-qualified`
 * with the snapshot recomputed from the signals known now (stored with the qualification, so a
 * replay at the same instant reproduces it). Writes the score rows and changed aggregates in one
 * statement each.
 */
export async function countForAccounts(
  manager: EntityManager,
  work: { prepared: PreparedAccount; added: ScoringSignal[] }[],
  model: ScoringModel,
  origin: EventOrigin,
): Promise<AccountScoreUpdate[]> {
  const events: AnyEvent[] = [];
  const rows: AccountScoreEntity[] = [];
  const aggregates: { accountId: string; aggregate: AccountAggregate; before: AccountAggregate | null }[] = [];
  const updates: AccountScoreUpdate[] = [];
  for (const { prepared, added } of work) {
    const { accountId, row, at } = prepared;
    const fitNow = fitPoints(model.fit, prepared.firmographics);
    const fitBefore = row && row.modelVersion === model.version ? row.fitPoints : fitNow;
    const scoreBefore = aggregateScore(prepared.aggregate, model, at, fitBefore);
    const aggregate = addSignals(prepared.aggregate, model, added);
    const scoreAfter = aggregateScore(aggregate, model, at, fitNow);
    const previousState = { qualified: row?.qualified ?? false, lastQualifiedAt: row?.qualifiedAt ?? null };
    const outcome = evaluateAt(previousState, scoreBefore, scoreAfter, model, at);

    for (const s of added) {
      if (s.contactEmail !== null) events.push(contactEngagedEvent(accountId, { ...s, contactEmail: s.contactEmail }, model.rules[s.signalType].points, origin));
    }
    let state = outcome.state;
    let qualificationId: string | null = null;
    if (outcome.qualified) {
      const signals = await findAccountSignalsKnownAt(manager, accountId, new Date(at.getTime() - SNAPSHOT_HISTORY_DAYS * DAY_MS), at);
      const snapshot = scoringSnapshot(signals, model, at, prepared.firmographics);
      if (snapshot) {
        qualificationId = randomUUID();
        await insertQualification(manager, {
          qualificationId,
          accountId,
          qualifiedAt: at,
          modelVersion: model.version,
          score: snapshot.score,
          threshold: model.threshold,
          snapshot,
        });
        events.push(accountQualifiedEvent({ qualificationId, accountId, snapshot, qualifiedAt: at }, origin));
      } else {
        // Unreachable while the fit cap stays below the threshold: a qualifying score has signal contributors.
        state = previousState;
      }
    }
    rows.push({
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
    aggregates.push({ accountId, aggregate, before: prepared.stored });
    updates.push({ accountId, score: scoreAfter, qualified: state.qualified, qualificationId, coolingDown: outcome.coolingDown });
  }
  await enqueueEvents(manager, events);
  await saveAccountScores(manager, rows);
  await saveAggregates(manager, aggregates);
  return updates;
}
