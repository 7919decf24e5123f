import type { Clock, Logger } from '@handoff-graph/config';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventHandlers } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { findAccountProfile, lockAccount, saveAccountProfileIfNewer, toAccountProfile } from '../data/account-profile.repository';
import { insertQualification, pendingQualifications } from '../data/qualification.repository';
import { decideQualification } from './decide-qualification';

export interface OwnershipConsumerDeps {
  clock: Clock;
  logger: Logger;
}

/**
 * `account-qualified` and `account-upserted` arrive on different topics in either order. Whichever
 * comes second triggers the decision; each qualification is decided exactly once (its id is the
 * qualification table's key, on top of the inbox's per-event idempotency).
 */
export function ownershipHandlers({ clock, logger }: OwnershipConsumerDeps): EventHandlers {
  const onQualified = async (event: EventEnvelope<'account-qualified'>, manager: EntityManager): Promise<void> => {
    const { qualificationId, accountId, qualifiedAt } = event.payload;
    await lockAccount(manager, accountId);
    const q = { qualificationId, accountId, causationEventId: event.eventId, correlationId: event.correlationId };
    const isNew = await insertQualification(manager, { ...q, qualifiedAt: new Date(qualifiedAt), receivedAt: clock() });
    if (!isNew) {
      logger.info('qualification already received; not deciding it again', { qualificationId, eventId: event.eventId });
      return;
    }
    const profile = await findAccountProfile(manager, accountId);
    if (!profile) {
      logger.info('qualification waits for the account profile (PENDING_ACCOUNT)', { qualificationId, accountId });
      return;
    }
    await decideQualification(manager, q, toAccountProfile(profile), clock());
  };

  const onUpserted = async (event: EventEnvelope<'account-upserted'>, manager: EntityManager): Promise<void> => {
    const { accountId, name, domain, firmographics, updatedAt } = event.payload;
    await lockAccount(manager, accountId);
    const applied = await saveAccountProfileIfNewer(manager, { accountId, name, domain, firmographics }, new Date(updatedAt));
    if (!applied) logger.info('kept a newer account profile than this account-upserted', { accountId, updatedAt });
    const pending = await pendingQualifications(manager, accountId);
    if (pending.length === 0) return;
    const stored = await findAccountProfile(manager, accountId);
    if (!stored) throw new Error(`account profile ${accountId} vanished inside its own transaction`);
    for (const q of pending) await decideQualification(manager, q, toAccountProfile(stored), clock());
  };

  return { 'account-qualified': onQualified, 'account-upserted': onUpserted };
}
