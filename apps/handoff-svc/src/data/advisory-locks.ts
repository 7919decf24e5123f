import type { EntityManager } from 'typeorm';

/**
 * Transaction-scoped advisory locks on `keyPrefix + id` for each id (until the transaction ends),
 * taken in one statement in sorted order: transactions that lock their keys this way never wait on
 * each other in a cycle. Taking a lock the transaction holds already does not wait.
 */
export async function lockInSortedOrder(m: EntityManager, keyPrefix: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await m.query(
    `SELECT count(*) FROM (
       SELECT pg_advisory_xact_lock(hashtextextended($1 || id, 0))
         FROM (SELECT id FROM unnest($2::text[]) id ORDER BY id OFFSET 0) sorted) locks`,
    [keyPrefix, [...new Set(ids)]],
  );
}
