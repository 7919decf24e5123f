import type { Firmographics, ScoringSnapshot, SignalType } from '@handoff-graph/contracts';
import { sortedAdvisoryLocks } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { AccountAggregate, AggregateSignal } from '../domain/aggregate';
import { AccountScoreEntity } from './account-score.entity';
import { insertSignalsStatement, type NewSignals } from './signal.repository';

const MODEL_ACTIVATION_LOCK = `hashtextextended('scoring.model-activation', 0)`;
const SORTED_ACCOUNT_LOCKS = sortedAdvisoryLocks(`'scoring.account:'`, '$1');

/**
 * Serializes scoring of the given accounts until the transaction ends (transaction-scoped advisory
 * locks: no placeholder row is needed for an account scored for the first time), taken in sorted
 * order in one statement, so two batches never wait on each other in a cycle.
 */
export async function lockAccountsForScoring(manager: EntityManager, accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await manager.query(`SELECT count(*) FROM (${SORTED_ACCOUNT_LOCKS}) locks`, [[...new Set(accountIds)].sort()]);
}

/**
 * The model-activation lock (shared, see lockModelActivation) and then the accounts' locks, in one
 * statement and in that order (an Append runs its branches in turn): what scoring signals that name
 * their account by id takes before it reads anything.
 */
export async function lockModelAndAccountsForScoring(manager: EntityManager, accountIds: string[]): Promise<void> {
  await manager.query(
    `SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(${MODEL_ACTIVATION_LOCK}) UNION ALL (${SORTED_ACCOUNT_LOCKS})) locks`,
    [[...new Set(accountIds)].sort()],
  );
}

export async function findAccountScore(manager: EntityManager, accountId: string): Promise<AccountScoreEntity | null> {
  return manager.findOne(AccountScoreEntity, { where: { accountId } });
}

/** One account as scoring finds it: its score row, its firmographics and what its aggregates need. */
export interface StoredAccountState {
  accountId: string;
  row: AccountScoreEntity | null;
  firmographics: Firmographics | null;
  /** The stored aggregates, when they were built under the active model (null: rebuild from `history`). */
  aggregate: AccountAggregate | null;
  /**
   * With `aggregate`: its signals that may have crossed the window since (see `crossingCandidates`):
   * occurred in [windowFrom, now − 90 days) or after windowTo. Without: the counted signals of the
   * window at now, [now − 90 days, now], to rebuild from.
   */
  signals: AggregateSignal[];
}

interface StateRow {
  active_version: string | null;
  stored_ids: string[] | null;
  account_id: string | null;
  current: boolean | null;
  score: number | null;
  qualified: boolean | null;
  qualified_at: Date | null;
  last_qualification_id: string | null;
  model_version: string | null;
  window_from: Date | null;
  window_to: Date | null;
  fit_points: number | null;
  computed_at: Date | null;
  firmographics: Firmographics | null;
  aggregates: [SignalType, number, number, string][] | null;
  signals: [SignalType, string][] | null;
}

/**
 * Everything scoring the accounts at `now` reads, in one statement: the active model version, and
 * per account its score row, its firmographics, and either its aggregates (built under the active
 * version) with the signals that may have crossed their window, or — none stored under that
 * version — the signals of the window at now to rebuild them from. Each signal read is an index
 * range scan of (account_id, occurred_at), normally empty. Call it with the activation lock and the
 * accounts' locks held. `store`: new signals stored by the same statement (returned in `stored`:
 * the ids that were new) — the reads do not see them (a statement reads as of its start), as
 * scoring needs: the stored state is moved to now, then the new signals are added.
 */
export async function loadScoringState(
  manager: EntityManager,
  accountIds: string[],
  window: { windowFrom: Date; windowTo: Date },
  store: NewSignals | null = null,
): Promise<{ activeVersion: string; accounts: Map<string, StoredAccountState>; stored: Set<string> }> {
  const values: unknown[] = [[...new Set(accountIds)], window.windowFrom, window.windowTo];
  const storing = store !== null && store.signals.length > 0;
  const insert = storing ? `WITH stored AS (${insertSignalsStatement(store, values)})\n     ` : '';
  const rows: StateRow[] = await manager.query(
    insert +
    // Written so that the planner's estimates stay small (one model row, one row per id): a large
    // estimated cost would make PostgreSQL JIT-compile the statement, seconds for a millisecond's work.
    // The stored ids come on the first row only: on every row they were a batch's ids per account
    // (100 × 100 for a batch of 100), and parsing those arrays was a tenth of scoring-svc's CPU.
    `SELECT m.version AS active_version, ${storing ? 'CASE WHEN a.n IS NULL OR a.n = 1 THEN (SELECT array_agg(signal_id) FROM stored) END' : 'NULL::text[]'} AS stored_ids, a.account_id, a.current, a.score::float8 AS score, a.qualified, a.qualified_at, a.last_qualification_id,
            a.model_version, a.window_from, a.window_to, a.fit_points, a.computed_at, d.firmographics,
            CASE WHEN a.current THEN (
              SELECT json_agg(json_build_array(g.signal_type, g.decayed_sum, g.signal_count, g.ref_time))
              FROM account_signal_aggregate g WHERE g.account_id = a.account_id) END AS aggregates,
            CASE WHEN a.current THEN (
              -- Two range scans; an OR in one condition would read the account's whole history.
              SELECT json_agg(json_build_array(c.signal_type, c.occurred_at)) FROM (
                SELECT signal_type, occurred_at FROM signal WHERE account_id = a.account_id AND occurred_at >= a.window_from AND occurred_at < $2
                UNION ALL
                SELECT signal_type, occurred_at FROM signal WHERE account_id = a.account_id AND occurred_at > a.window_to) c)
            ELSE (
              SELECT json_agg(json_build_array(h.signal_type, h.occurred_at)) FROM signal h
              WHERE h.account_id = a.account_id AND h.occurred_at >= $2 AND h.occurred_at <= $3) END AS signals
     FROM (SELECT (SELECT version FROM scoring_model WHERE active) AS version) m
     LEFT JOIN LATERAL (
       SELECT ids.n, ids.account_id, s.score, s.qualified, s.qualified_at, s.last_qualification_id, s.model_version, s.window_from, s.window_to,
              s.fit_points, s.computed_at, (s.model_version = m.version AND s.window_from IS NOT NULL AND s.window_to IS NOT NULL) IS TRUE AS current
       FROM unnest($1::text[]) WITH ORDINALITY AS ids(account_id, n) LEFT JOIN account_score s ON s.account_id = ids.account_id
     ) a ON true
     LEFT JOIN account_directory d ON d.account_id = a.account_id`,
    values,
  );
  const activeVersion = rows[0].active_version;
  if (activeVersion === null) throw new Error('no active scoring model: the seed migration 1764100000001 has not run');
  const accounts = new Map<string, StoredAccountState>();
  for (const r of rows) {
    if (r.account_id === null) continue;
    const row: AccountScoreEntity | null =
      r.computed_at === null
        ? null
        : {
            accountId: r.account_id,
            score: r.score!,
            qualified: r.qualified!,
            qualifiedAt: r.qualified_at,
            lastQualificationId: r.last_qualification_id,
            modelVersion: r.model_version,
            windowFrom: r.window_from,
            windowTo: r.window_to,
            fitPoints: r.fit_points!,
            computedAt: r.computed_at,
          };
    let aggregate: AccountAggregate | null = null;
    if (r.current && row) {
      aggregate = { modelVersion: activeVersion, windowFrom: row.windowFrom!, windowTo: row.windowTo!, types: {} };
      for (const [type, sum, count, refTime] of r.aggregates ?? []) aggregate.types[type] = { sum, count, refTime: new Date(refTime) };
    }
    const signals = (r.signals ?? []).map(([signalType, occurredAt]) => ({ signalType, occurredAt: new Date(occurredAt) }));
    accounts.set(r.account_id, { accountId: r.account_id, row, firmographics: r.firmographics, aggregate, signals });
  }
  return { activeVersion, accounts, stored: new Set(rows.flatMap((r) => r.stored_ids ?? [])) };
}

/** A qualification with the snapshot its account-qualified carries. */
export interface NewQualification {
  qualificationId: string;
  accountId: string;
  qualifiedAt: Date;
  modelVersion: string;
  score: number;
  threshold: number;
  snapshot: ScoringSnapshot;
}

/** What one evaluation of some accounts writes. */
export interface EvaluationWrites {
  scores: AccountScoreEntity[];
  /** Per account: its aggregates now and as stored before (null: rebuilt, the stored rows are replaced). */
  aggregates: { accountId: string; aggregate: AccountAggregate; before: AccountAggregate | null }[];
  qualifications: NewQualification[];
}

/**
 * Writes an evaluation in one statement: the score rows, the aggregate types that changed against
 * `before` (every type of a rebuilt account, whose other stored types are removed — disjoint rows,
 * so one statement may do both) and the qualifications.
 */
export async function saveEvaluation(manager: EntityManager, writes: EvaluationWrites): Promise<void> {
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const column = <T>(rows: T[], pick: (row: T) => unknown, type: string) => param(rows.map(pick), `${type}[]`);
  const statements: string[] = [];

  const { scores, qualifications } = writes;
  if (scores.length > 0) {
    statements.push(
      `INSERT INTO account_score (account_id, score, qualified, qualified_at, last_qualification_id, model_version, window_from, window_to, fit_points, computed_at)
       SELECT * FROM unnest(${[
         column(scores, (r) => r.accountId, 'text'),
         column(scores, (r) => r.score, 'numeric'),
         column(scores, (r) => r.qualified, 'boolean'),
         column(scores, (r) => r.qualifiedAt, 'timestamptz'),
         column(scores, (r) => r.lastQualificationId, 'uuid'),
         column(scores, (r) => r.modelVersion, 'text'),
         column(scores, (r) => r.windowFrom, 'timestamptz'),
         column(scores, (r) => r.windowTo, 'timestamptz'),
         column(scores, (r) => r.fitPoints, 'float8'),
         column(scores, (r) => r.computedAt, 'timestamptz'),
       ].join(', ')})
       ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score, qualified = EXCLUDED.qualified, qualified_at = EXCLUDED.qualified_at,
         last_qualification_id = EXCLUDED.last_qualification_id, model_version = EXCLUDED.model_version, window_from = EXCLUDED.window_from,
         window_to = EXCLUDED.window_to, fit_points = EXCLUDED.fit_points, computed_at = EXCLUDED.computed_at`,
    );
  }

  const changed = changedAggregateTypes(writes.aggregates);
  const rebuilt = writes.aggregates.filter((i) => i.before === null).map((i) => i.accountId);
  if (changed.length > 0 || rebuilt.length > 0) {
    const accounts = column(changed, (c) => c.accountId, 'text');
    const types = column(changed, (c) => c.signalType, 'text');
    if (rebuilt.length > 0) {
      statements.push(
        `DELETE FROM account_signal_aggregate g WHERE g.account_id = ANY(${param(rebuilt, 'text[]')})
           AND NOT EXISTS (SELECT 1 FROM unnest(${accounts}, ${types}) w(account_id, signal_type) WHERE w.account_id = g.account_id AND w.signal_type = g.signal_type)`,
      );
    }
    if (changed.length > 0) {
      statements.push(
        `INSERT INTO account_signal_aggregate (account_id, signal_type, decayed_sum, signal_count, ref_time)
         SELECT * FROM unnest(${accounts}, ${types}, ${column(changed, (c) => c.sum, 'float8')}, ${column(changed, (c) => c.count, 'int')}, ${column(changed, (c) => c.refTime, 'timestamptz')})
         ON CONFLICT (account_id, signal_type) DO UPDATE SET decayed_sum = EXCLUDED.decayed_sum, signal_count = EXCLUDED.signal_count, ref_time = EXCLUDED.ref_time`,
      );
    }
  }

  if (qualifications.length > 0) {
    statements.push(
      // The rows as one JSON parameter: a jsonb[] of snapshots was escaped quote by quote by pg in JavaScript.
      `INSERT INTO qualification (qualification_id, account_id, qualified_at, model_version, score, threshold, snapshot)
       SELECT qualification_id, account_id, qualified_at, model_version, score, threshold, snapshot
         FROM jsonb_populate_recordset(NULL::qualification, ${param(
           JSON.stringify(
             qualifications.map((q) => ({
               qualification_id: q.qualificationId,
               account_id: q.accountId,
               qualified_at: q.qualifiedAt,
               model_version: q.modelVersion,
               score: q.score,
               threshold: q.threshold,
               snapshot: q.snapshot,
             })),
           ),
           'jsonb',
         )}) WITH ORDINALITY AS r ORDER BY ordinality`,
    );
  }
  if (statements.length === 0) return;
  await manager.query(combineStatements(statements), values);
}

/**
 * Several data-modifying statements as one: `WITH s0 AS (…), s1 AS (…) <last>`. PostgreSQL runs
 * each to completion; they must not touch the same rows (they see one snapshot).
 */
export function combineStatements(statements: string[]): string {
  if (statements.length <= 1) return statements[0] ?? '';
  const head = statements.slice(0, -1).map((s, i) => `s${i} AS (${s})`);
  return `WITH ${head.join(',\n')}\n${statements[statements.length - 1]}`;
}

/** The aggregate types to write: those that changed against `before` (every type after a rebuild). */
export function changedAggregateTypes(
  items: { accountId: string; aggregate: AccountAggregate; before: AccountAggregate | null }[],
): { accountId: string; signalType: SignalType; sum: number; count: number; refTime: Date }[] {
  const changed: { accountId: string; signalType: SignalType; sum: number; count: number; refTime: Date }[] = [];
  for (const { accountId, aggregate, before } of items) {
    for (const [signalType, t] of Object.entries(aggregate.types) as [SignalType, AccountAggregate['types'][SignalType]][]) {
      if (!t || (before !== null && before.types[signalType] === t)) continue;
      changed.push({ accountId, signalType, sum: t.sum, count: t.count, refTime: t.refTime });
    }
  }
  return changed;
}
