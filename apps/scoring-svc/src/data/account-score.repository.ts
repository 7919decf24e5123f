import type { EntityManager } from 'typeorm';
import { AccountScoreEntity } from './account-score.entity';

/**
 * Serializes scoring of one account until the transaction ends (a transaction-scoped advisory
 * lock: no placeholder row is needed for an account scored for the first time). Callers lock
 * several accounts in sorted order so two batches never wait on each other in a cycle.
 */
export async function lockAccountForScoring(manager: EntityManager, accountId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`scoring.account:${accountId}`]);
}

export async function findAccountScore(manager: EntityManager, accountId: string): Promise<AccountScoreEntity | null> {
  return manager.findOne(AccountScoreEntity, { where: { accountId } });
}

export async function saveAccountScore(manager: EntityManager, row: AccountScoreEntity): Promise<void> {
  await manager.upsert(AccountScoreEntity, row, ['accountId']);
}
