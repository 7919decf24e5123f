import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventHandlers } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { findHandoffRecord, saveHandoffRecord } from '../data/handoff-record.repository';
import { applyHandoffCreated, applyHandoffDelivered } from '../domain/handoff-record';

/**
 * handoff-events → the handoff_record projection. The two events may arrive in either order;
 * the inbox skips a redelivered event, and a repeated fact under a new event id merges into the same
 * record (domain/handoff-record.ts). `handoff-incomplete` has no handler: it was never delivered.
 */
async function onHandoffCreated(event: EventEnvelope<'handoff-created'>, manager: EntityManager): Promise<void> {
  const p = event.payload;
  const existing = await findHandoffRecord(manager, p.handoffId, { forUpdate: true });
  await saveHandoffRecord(
    manager,
    applyHandoffCreated(existing, {
      handoffId: p.handoffId,
      accountId: p.account.accountId,
      ownerRepId: p.ownerAssignment.owner.repId,
      backupRepId: p.ownerAssignment.backup.repId,
      territoryId: p.ownerAssignment.territoryId,
      modelVersion: p.scoringSnapshot.modelVersion,
      createdAt: new Date(p.createdAt),
      correlationId: event.correlationId,
    }),
  );
}

async function onHandoffDelivered(event: EventEnvelope<'handoff-delivered'>, manager: EntityManager): Promise<void> {
  const p = event.payload;
  const existing = await findHandoffRecord(manager, p.handoffId, { forUpdate: true });
  await saveHandoffRecord(
    manager,
    applyHandoffDelivered(existing, {
      handoffId: p.handoffId,
      accountId: p.accountId,
      ownerRepId: p.ownerRepId,
      backupRepId: p.backupRepId,
      deliveredAt: new Date(p.deliveredAt),
      queueDate: p.queueDate,
      correlationId: event.correlationId,
    }),
  );
}

export const handoffEventHandlers: EventHandlers = {
  'handoff-created': onHandoffCreated,
  'handoff-delivered': onHandoffDelivered,
};
