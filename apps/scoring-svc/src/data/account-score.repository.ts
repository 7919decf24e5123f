import { SIGNAL_TYPES, type SignalType } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { AccountAggregate, TypeAggregate } from '../domain/aggregate';
import { AccountScoreEntity } from './account-score.entity';

/**
 * Serializes scoring of the given accounts until the transaction ends (transaction-scoped advisory
 * locks: no placeholder row is needed for an account scored for the first time), taken in sorted
 * order in one statement, so two batches never wait on each other in a cycle.
 */
export async function lockAccountsForScoring(manager: EntityManager, accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await manager.query(
    `SELECT count(pg_advisory_xact_lock(hashtextextended('scoring.account:' || a, 0)))
     FROM (SELECT a FROM unnest($1::text[]) a ORDER BY a OFFSET 0) sorted`,
    [[...new Set(accountIds)].sort()],
  );
}

export async function findAccountScore(manager: EntityManager, accountId: string): Promise<AccountScoreEntity | null> {
  return manager.findOne(AccountScoreEntity, { where: { accountId } });
}

export async function findAccountScores(manager: EntityManager, accountIds: string[]): Promise<Map<string, AccountScoreEntity>> {
  const rows: AccountScoreEntity[] = await manager
    .getRepository(AccountScoreEntity)
    .createQueryBuilder('a')
    .where('a.accountId = ANY(:ids)', { ids: accountIds })
    .getMany();
  return new Map(rows.map((r) => [r.accountId, r]));
}

const SCORE_COLUMN_TYPES = ['text', 'numeric', 'boolean', 'timestamptz', 'uuid', 'text', 'timestamptz', 'timestamptz', 'float8', 'timestamptz'];

/** Writes score rows in one statement. */
export async function saveAccountScores(manager: EntityManager, rows: AccountScoreEntity[]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const p = values.length;
    values.push(r.accountId, r.score, r.qualified, r.qualifiedAt, r.lastQualificationId, r.modelVersion, r.windowFrom, r.windowTo, r.fitPoints, r.computedAt);
    return `(${SCORE_COLUMN_TYPES.map((type, k) => `$${p + k + 1}::${type}`).join(', ')})`;
  });
  await manager.query(
    `INSERT INTO account_score (account_id, score, qualified, qualified_at, last_qualification_id, model_version, window_from, window_to, fit_points, computed_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score, qualified = EXCLUDED.qualified, qualified_at = EXCLUDED.qualified_at,
       last_qualification_id = EXCLUDED.last_qualification_id, model_version = EXCLUDED.model_version, window_from = EXCLUDED.window_from,
       window_to = EXCLUDED.window_to, fit_points = EXCLUDED.fit_points, computed_at = EXCLUDED.computed_at`,
    values,
  );
}

/** The stored aggregates of the accounts whose rows were built under `modelVersion` (others are rebuilt). */
export async function loadAggregates(manager: EntityManager, rows: AccountScoreEntity[], modelVersion: string): Promise<Map<string, AccountAggregate>> {
  const current = rows.filter((r) => r.modelVersion === modelVersion && r.windowFrom && r.windowTo);
  const aggregates = new Map<string, AccountAggregate>(
    current.map((r) => [r.accountId, { modelVersion, windowFrom: r.windowFrom!, windowTo: r.windowTo!, types: {} }]),
  );
  if (current.length === 0) return aggregates;
  const stored: { account_id: string; signal_type: SignalType; decayed_sum: number; signal_count: number; ref_time: Date }[] = await manager.query(
    `SELECT account_id, signal_type, decayed_sum, signal_count, ref_time FROM account_signal_aggregate WHERE account_id = ANY($1)`,
    [current.map((r) => r.accountId)],
  );
  for (const r of stored) aggregates.get(r.account_id)!.types[r.signal_type] = { sum: r.decayed_sum, count: r.signal_count, refTime: r.ref_time };
  return aggregates;
}

/**
 * Writes, in one statement, the types that changed against `before` (every type after a rebuild,
 * whose old rows are removed first).
 */
export async function saveAggregates(manager: EntityManager, items: { accountId: string; aggregate: AccountAggregate; before: AccountAggregate | null }[]): Promise<void> {
  const rebuilt = items.filter((i) => i.before === null).map((i) => i.accountId);
  if (rebuilt.length > 0) await manager.query(`DELETE FROM account_signal_aggregate WHERE account_id = ANY($1)`, [rebuilt]);
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const { accountId, aggregate, before } of items) {
    for (const type of SIGNAL_TYPES) {
      const t: TypeAggregate | undefined = aggregate.types[type];
      if (!t || (before !== null && before.types[type] === t)) continue;
      const p = values.length;
      values.push(accountId, type, t.sum, t.count, t.refTime);
      tuples.push(`($${p + 1}, $${p + 2}, $${p + 3}::float8, $${p + 4}::int, $${p + 5}::timestamptz)`);
    }
  }
  if (tuples.length === 0) return;
  await manager.query(
    `INSERT INTO account_signal_aggregate (account_id, signal_type, decayed_sum, signal_count, ref_time) VALUES ${tuples.join(', ')}
     ON CONFLICT (account_id, signal_type) DO UPDATE SET decayed_sum = EXCLUDED.decayed_sum, signal_count = EXCLUDED.signal_count, ref_time = EXCLUDED.ref_time`,
    values,
  );
}
