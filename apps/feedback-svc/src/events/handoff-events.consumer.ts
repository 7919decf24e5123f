import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventHandlers } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { findHandoffRecord, saveHandoffRecord } from '../data/handoff-record.repository';
import { applyHandoffCreated, applyHandoffDelivered, applyHandoffRerouted } from '../domain/handoff-record';
import { handoffCreatedFacts, handoffDeliveredFacts, handoffReroutedFacts } from './event-facts';

/**
 * handoff-events → the handoff_record projection. Created and delivered may arrive in either order;
 * the inbox skips a redelivered event, and a repeated fact under a new event id merges into the same
 * record (domain/handoff-record.ts). A re-route moves an open handoff to its new owner and backup.
 * `handoff-incomplete` has no handler: it was never delivered.
 */
async function onHandoffCreated(event: EventEnvelope<'handoff-created'>, manager: EntityManager): Promise<void> {
  const existing = await findHandoffRecord(manager, event.payload.handoffId, { forUpdate: true });
  await saveHandoffRecord(manager, applyHandoffCreated(existing, handoffCreatedFacts(event.payload, event.correlationId)));
}

async function onHandoffDelivered(event: EventEnvelope<'handoff-delivered'>, manager: EntityManager): Promise<void> {
  const existing = await findHandoffRecord(manager, event.payload.handoffId, { forUpdate: true });
  await saveHandoffRecord(manager, applyHandoffDelivered(existing, handoffDeliveredFacts(event.payload, event.correlationId)));
}

async function onHandoffRerouted(event: EventEnvelope<'handoff-rerouted'>, manager: EntityManager): Promise<void> {
  const existing = await findHandoffRecord(manager, event.payload.handoffId, { forUpdate: true });
  const rerouted = applyHandoffRerouted(existing, handoffReroutedFacts(event.payload));
  if (rerouted) await saveHandoffRecord(manager, rerouted);
}

export const handoffEventHandlers: EventHandlers = {
  'handoff-created': onHandoffCreated,
  'handoff-delivered': onHandoffDelivered,
  'handoff-rerouted': onHandoffRerouted,
};
