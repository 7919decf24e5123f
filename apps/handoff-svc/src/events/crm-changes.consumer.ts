import type { Clock } from '@handoff-graph/config';
import type { EventHandler } from '@handoff-graph/data';
import { applyAccountUpsert, applyContactUpsert } from '../application/crm-mirror';
import type { MirrorRejection } from '../domain/crm-mirror';
import { normalizeEmail } from '../domain/crm-mirror';

/** Thrown for a CRM change the mirror refuses: the consumer retries, then dead-letters it with this message. */
export class MirrorRejectedError extends Error {
  constructor(what: string, rejection: MirrorRejection) {
    super(`${what} refused: ${rejection.field}: ${rejection.rule}`);
    this.name = 'MirrorRejectedError';
  }
}

/** crm-account-changed → the same write path as upsertAccount. */
export function onCrmAccountChanged(clock: Clock): EventHandler<'crm-account-changed'> {
  return async (event, manager) => {
    const { accountId, crmId, name, domain, firmographics } = event.payload;
    const result = await applyAccountUpsert(manager, { id: accountId, crmId, name, domain, firmographics }, clock(), event);
    if (!result.ok) throw new MirrorRejectedError(`crm-account-changed for ${accountId}`, result.rejection);
  };
}

/** crm-contact-changed → the same write path as upsertContact. */
export function onCrmContactChanged(clock: Clock): EventHandler<'crm-contact-changed'> {
  return async (event, manager) => {
    const { contactId, accountId, name, title, email, committeeRole } = event.payload;
    const result = await applyContactUpsert(
      manager,
      { id: contactId, accountId, name, title, email: normalizeEmail(email), committeeRole },
      clock(),
    );
    if (!result.ok) throw new MirrorRejectedError(`crm-contact-changed for ${contactId}`, result.rejection);
  };
}
