import type { Firmographics } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { candidateDomains, referenceDomain, type AccountReference, type DirectoryAccount } from '../domain/matching';
import { AccountDirectoryEntity } from './account-directory.entity';

/**
 * Serializes matching against directory changes: recording signals that name their account by CRM
 * id, domain or email takes it shared; applying account-upserted takes it exclusively. So a signal
 * either sees the new account, or is stored unmatched before the upsert looks for unmatched signals.
 */
export async function lockDirectory(manager: EntityManager, mode: 'shared' | 'exclusive'): Promise<void> {
  await manager.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtextextended('scoring.account-directory', 0))`);
}

/** The directory accounts a reference could match: holders of its CRM id, or of its domain or a parent. */
export async function findDirectoryCandidates(manager: EntityManager, ref: AccountReference): Promise<DirectoryAccount[]> {
  if (ref.kind === 'ACCOUNT_ID') return [];
  if (ref.kind === 'CRM_ID') {
    return manager.query(`SELECT account_id AS "accountId", crm_id AS "crmId", domain FROM account_directory WHERE crm_id = $1`, [ref.crmId]);
  }
  const domain = referenceDomain(ref);
  if (domain === null) return [];
  return manager.query(`SELECT account_id AS "accountId", crm_id AS "crmId", domain FROM account_directory WHERE domain = ANY($1)`, [candidateDomains(domain)]);
}

export async function findDirectoryEntry(manager: EntityManager, accountId: string): Promise<AccountDirectoryEntity | null> {
  return manager.findOne(AccountDirectoryEntity, { where: { accountId } });
}

/** Writes the entry and appends it to the change history (which replay reads). */
export async function saveDirectoryEntry(manager: EntityManager, entry: AccountDirectoryEntity): Promise<void> {
  await manager.upsert(AccountDirectoryEntity, entry, ['accountId']);
  await manager.query(
    `INSERT INTO account_directory_change (account_id, applied_at, crm_id, domain, firmographics) VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [entry.accountId, entry.appliedAt, entry.crmId, entry.domain, JSON.stringify(entry.firmographics)],
  );
}

/** The account's firmographics as scoring-svc knew them at `asOf` (null: not in the directory yet). */
export async function findFirmographicsAt(manager: EntityManager, accountId: string, asOf: Date): Promise<Firmographics | null> {
  const rows: { firmographics: Firmographics }[] = await manager.query(
    `SELECT firmographics FROM account_directory_change WHERE account_id = $1 AND applied_at <= $2 ORDER BY applied_at DESC, change_id DESC LIMIT 1`,
    [accountId, asOf],
  );
  return rows[0]?.firmographics ?? null;
}

/** Current firmographics of the given accounts (absent: not in the directory). */
export async function findCurrentFirmographics(manager: EntityManager, accountIds: string[]): Promise<Map<string, Firmographics>> {
  const rows: { account_id: string; firmographics: Firmographics }[] = await manager.query(
    `SELECT account_id, firmographics FROM account_directory WHERE account_id = ANY($1)`,
    [accountIds],
  );
  return new Map(rows.map((r) => [r.account_id, r.firmographics]));
}
