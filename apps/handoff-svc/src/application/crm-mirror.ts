import type { EventEnvelope } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { AccountEntity } from '../data/account.entity';
import type { ContactEntity } from '../data/contact.entity';
import {
  accountHolding,
  contactHoldingEmail,
  findAccount,
  upsertAccountRow,
  upsertContactRow,
} from '../data/crm-mirror.repository';
import type { AccountUpsert, ContactUpsert, MirrorRejection } from '../domain/crm-mirror';
import { accountUpserted } from '../events/account-events.producer';

export type MirrorResult<T> = { ok: true; value: T } | { ok: false; rejection: MirrorRejection };

/**
 * The one write path of the CRM mirror for accounts (upsertAccount and crm-account-changed): refuses
 * a domain or CRM id another account holds, upserts, and enqueues `account-upserted` in the caller's
 * transaction.
 */
export async function applyAccountUpsert(
  m: EntityManager,
  input: AccountUpsert,
  now: Date,
  causedBy?: EventEnvelope,
): Promise<MirrorResult<AccountEntity>> {
  const domainHolder = await accountHolding(m, 'domain', input.domain, input.id);
  if (domainHolder) return { ok: false, rejection: { field: 'domain', rule: `${input.domain} is already the domain of account ${domainHolder}` } };
  const crmHolder = await accountHolding(m, 'crm_id', input.crmId, input.id);
  if (crmHolder) return { ok: false, rejection: { field: 'crmId', rule: `${input.crmId} is already the CRM id of account ${crmHolder}` } };
  const account = await upsertAccountRow(m, input, now);
  await enqueueEvents(m, [accountUpserted(account, causedBy)]);
  return { ok: true, value: account };
}

/** The one write path for contacts (upsertContact and crm-contact-changed): the account must be in the mirror. */
export async function applyContactUpsert(m: EntityManager, input: ContactUpsert, now: Date): Promise<MirrorResult<ContactEntity>> {
  if (!(await findAccount(m, input.accountId))) {
    return { ok: false, rejection: { field: 'accountId', rule: `account ${input.accountId} is not in the CRM mirror` } };
  }
  const emailHolder = await contactHoldingEmail(m, input.email, input.id);
  if (emailHolder) return { ok: false, rejection: { field: 'email', rule: `${input.email} is already the email of contact ${emailHolder}` } };
  return { ok: true, value: await upsertContactRow(m, input, now) };
}

/**
 * Two writers racing past the checks above meet a unique or foreign key constraint instead: the
 * same rejection, named by constraint.
 */
export function rejectionFromConstraint(error: unknown): MirrorRejection | undefined {
  const e = error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };
  const { code, constraint } = e.driverError ?? e;
  if (code !== '23505' && code !== '23503') return undefined;
  switch (constraint) {
    case 'account_domain_key':
      return { field: 'domain', rule: 'is already the domain of another account' };
    case 'account_crm_id_key':
      return { field: 'crmId', rule: 'is already the CRM id of another account' };
    case 'contact_email_key':
      return { field: 'email', rule: 'is already the email of another contact' };
    case 'contact_account_id_fkey':
      return { field: 'accountId', rule: 'is not an account in the CRM mirror' };
    default:
      return undefined;
  }
}
