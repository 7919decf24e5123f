import type { EntityManager } from 'typeorm';
import type { AccountUpsert, ContactUpsert } from '../domain/crm-mirror';
import { AccountEntity } from './account.entity';
import { ContactEntity } from './contact.entity';

export function findAccount(m: EntityManager, id: string): Promise<AccountEntity | null> {
  return m.findOneBy(AccountEntity, { id });
}

export function findAccounts(m: EntityManager, ids: string[]): Promise<AccountEntity[]> {
  return m.getRepository(AccountEntity).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids }).getMany();
}

export function listAccounts(m: EntityManager): Promise<AccountEntity[]> {
  return m.find(AccountEntity, { order: { name: 'ASC', id: 'ASC' } });
}

/** The id of another account that already uses `value` in `column` (domain or crm_id), if any. */
export async function accountHolding(m: EntityManager, column: 'domain' | 'crm_id', value: string, exceptId: string): Promise<string | undefined> {
  const rows: { id: string }[] = await m.query(`SELECT id FROM account WHERE ${column} = $1 AND id <> $2 LIMIT 1`, [value, exceptId]);
  return rows[0]?.id;
}

export async function upsertAccountRow(m: EntityManager, a: AccountUpsert, updatedAt: Date): Promise<AccountEntity> {
  await m.query(
    `INSERT INTO account (id, crm_id, name, domain, firmographics, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET crm_id = EXCLUDED.crm_id, name = EXCLUDED.name, domain = EXCLUDED.domain,
       firmographics = EXCLUDED.firmographics, updated_at = EXCLUDED.updated_at`,
    [a.id, a.crmId, a.name, a.domain, JSON.stringify(a.firmographics), updatedAt],
  );
  return (await findAccount(m, a.id))!;
}

export function findContact(m: EntityManager, id: string): Promise<ContactEntity | null> {
  return m.findOneBy(ContactEntity, { id });
}

export function contactsOfAccount(m: EntityManager, accountId: string): Promise<ContactEntity[]> {
  return m.find(ContactEntity, { where: { accountId }, order: { name: 'ASC', id: 'ASC' } });
}

/** The id of another contact that already uses this email, if any. */
export async function contactHoldingEmail(m: EntityManager, email: string, exceptId: string): Promise<string | undefined> {
  const rows: { id: string }[] = await m.query(`SELECT id FROM contact WHERE email = $1 AND id <> $2 LIMIT 1`, [email, exceptId]);
  return rows[0]?.id;
}

export async function upsertContactRow(m: EntityManager, c: ContactUpsert, updatedAt: Date): Promise<ContactEntity> {
  await m.query(
    `INSERT INTO contact (id, account_id, name, title, email, committee_role, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, name = EXCLUDED.name, title = EXCLUDED.title,
       email = EXCLUDED.email, committee_role = EXCLUDED.committee_role, updated_at = EXCLUDED.updated_at`,
    [c.id, c.accountId, c.name, c.title, c.email, c.committeeRole, updatedAt],
  );
  return (await findContact(m, c.id))!;
}

