import { sortedAdvisoryLocks } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { AccountProfile } from '../domain/ownership.types';
import { AccountProfileEntity } from './account-profile.entity';
import { MAP_LOCK } from './map.repository';

export function toAccountProfile(row: AccountProfileEntity): AccountProfile {
  const { accountId, name, domain, firmographics } = row;
  return { accountId, name, domain, firmographics };
}

export function findAccountProfile(manager: EntityManager, accountId: string): Promise<AccountProfileEntity | null> {
  return manager.findOneBy(AccountProfileEntity, { accountId });
}

/**
 * Stores the profile unless a newer version (by the CRM mirror's updatedAt) is already stored:
 * `account-upserted` events may arrive out of order. Returns whether this version was applied.
 */
export async function saveAccountProfileIfNewer(manager: EntityManager, profile: AccountProfile, updatedAt: Date): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO account_profile (account_id, name, domain, firmographics, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (account_id) DO UPDATE SET
       name = EXCLUDED.name, domain = EXCLUDED.domain, firmographics = EXCLUDED.firmographics, updated_at = EXCLUDED.updated_at
     WHERE account_profile.updated_at <= EXCLUDED.updated_at
     RETURNING account_id`,
    [profile.accountId, profile.name, profile.domain, JSON.stringify(profile.firmographics), updatedAt],
  );
  return rows.length > 0;
}

/**
 * Serializes this service's work on one account until the transaction ends. A qualification and the
 * account's profile arrive on different topics and may be handled at the same moment; without the
 * lock each could miss the other (the qualification sees no profile, the profile sees no pending
 * qualification) and the qualification would wait forever.
 */
export async function lockAccount(manager: EntityManager, accountId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [accountLockKey(accountId)]);
}

const ACCOUNT_LOCK_PREFIX = 'ownership-svc/account/';
const accountLockKey = (accountId: string) => `${ACCOUNT_LOCK_PREFIX}${accountId}`;

/**
 * `lockAccount` for each account, in sorted order (runs of qualifications on two instances never
 * wait on each other in a cycle), then the map lock shared (`lockMap(manager, 'read')`), in one
 * statement and in that order (an Append runs its branches in turn): what deciding qualifications
 * takes before it reads.
 */
export async function lockAccountsAndReadMap(manager: EntityManager, accountIds: readonly string[]): Promise<void> {
  await manager.query(
    `SELECT count(*) FROM ((${sortedAdvisoryLocks('$1', '$2')}) UNION ALL SELECT pg_advisory_xact_lock_shared(hashtextextended($3, 0))) locks`,
    [ACCOUNT_LOCK_PREFIX, [...new Set(accountIds)], MAP_LOCK],
  );
}
