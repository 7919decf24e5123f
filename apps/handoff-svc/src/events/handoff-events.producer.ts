import { createEvent, type EventEnvelope } from '@handoff-graph/contracts';
import type { HandoffEntity } from '../data/handoff.entity';
import { PRODUCER } from './account-events.producer';

/** The event that set assembly off, with the qualification's correlation id. */
export interface Cause {
  eventId: string;
  correlationId: string;
}

/** `handoff-created`: all five elements, as they were at handoff. Only for complete handoffs. */
export function handoffCreated(h: HandoffEntity, causedBy: Cause): EventEnvelope<'handoff-created'> {
  const { namedAccount, primaryContact, scoringSnapshot, nextAction, ownerAssignment } = h;
  if (!namedAccount || !primaryContact || !scoringSnapshot || !nextAction || !ownerAssignment) {
    throw new Error(`handoff ${h.id} is not complete: it cannot be announced as created`);
  }
  return createEvent(
    'handoff-created',
    {
      handoffId: h.id,
      qualificationId: h.qualificationId,
      createdAt: h.createdAt.toISOString(),
      account: namedAccount,
      primaryContact,
      scoringSnapshot,
      nextAction,
      ownerAssignment,
    },
    { aggregateId: h.accountId, producer: PRODUCER, causedBy, occurredAt: h.createdAt },
  );
}

/** `handoff-delivered`: placed in the owner's queue with its rank at delivery. */
export function handoffDelivered(h: HandoffEntity, causedBy: Cause): EventEnvelope<'handoff-delivered'> {
  if (!h.ownerAssignment || !h.deliveredAt || !h.queueDate || !h.priorityRank) {
    throw new Error(`handoff ${h.id} is not delivered`);
  }
  return createEvent(
    'handoff-delivered',
    {
      handoffId: h.id,
      accountId: h.accountId,
      ownerRepId: h.ownerAssignment.owner.repId,
      backupRepId: h.ownerAssignment.backup.repId,
      deliveredAt: h.deliveredAt.toISOString(),
      queueDate: h.queueDate,
      priorityRank: h.priorityRank,
    },
    { aggregateId: h.accountId, producer: PRODUCER, causedBy, occurredAt: h.deliveredAt },
  );
}

/** `handoff-incomplete`: the ops alert naming what is missing and why. */
export function handoffIncomplete(h: HandoffEntity, causedBy: Cause): EventEnvelope<'handoff-incomplete'> {
  return createEvent(
    'handoff-incomplete',
    {
      handoffId: h.id,
      qualificationId: h.qualificationId,
      accountId: h.accountId,
      detectedAt: h.createdAt.toISOString(),
      missingElements: h.missingElements,
      reasons: h.reasons,
    },
    { aggregateId: h.accountId, producer: PRODUCER, causedBy, occurredAt: h.createdAt },
  );
}
