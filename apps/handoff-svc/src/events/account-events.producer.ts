import { createEvent, type EventEnvelope } from '@handoff-graph/contracts';
import type { AccountEntity } from '../data/account.entity';

export const PRODUCER = 'handoff-svc';

/** Every change to an account in the mirror: ownership-svc (territories) and scoring-svc (fit) keep a copy. */
export function accountUpserted(account: AccountEntity, causedBy?: EventEnvelope): EventEnvelope<'account-upserted'> {
  return createEvent(
    'account-upserted',
    {
      accountId: account.id,
      crmId: account.crmId,
      name: account.name,
      domain: account.domain,
      firmographics: account.firmographics,
      updatedAt: account.updatedAt.toISOString(),
    },
    { aggregateId: account.id, producer: PRODUCER, causedBy, occurredAt: account.updatedAt },
  );
}
