import type { EntityManager } from 'typeorm';

/**
 * SQL selecting transaction-scoped advisory locks on `keyPrefix || key` for each key of a text[]
 * parameter, taken in sorted order (both are SQL: a literal or a parameter such as `$1`): to run
 * alone (`lockInSortedOrder`) or as one branch of a UNION ALL with other locks, which an Append
 * takes in turn. Transactions that lock their keys this way never wait on each other in a cycle;
 * taking a lock the transaction holds already does not wait.
 */
export function sortedAdvisoryLocks(keyPrefix: string, keys: string): string {
  return `SELECT pg_advisory_xact_lock(hashtextextended(${keyPrefix} || k, 0)) FROM (SELECT k FROM unnest(${keys}::text[]) k ORDER BY k OFFSET 0) sorted`;
}

/** Advisory locks on `keyPrefix + id` for each id, until the transaction ends, in one statement in sorted order. */
export async function lockInSortedOrder(m: EntityManager, keyPrefix: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await m.query(`SELECT count(*) FROM (${sortedAdvisoryLocks('$1', '$2')}) locks`, [keyPrefix, [...new Set(ids)]]);
}
