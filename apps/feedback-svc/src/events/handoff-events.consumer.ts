import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventBatchHandler, EventHandlers } from '@handoff-graph/data';
import { lockHandoffRecords, saveHandoffRecords } from '../data/handoff-record.repository';
import { applyHandoffCreated, applyHandoffDelivered, applyHandoffRerouted, type HandoffRecord } from '../domain/handoff-record';
import { handoffCreatedFacts, handoffDeliveredFacts, handoffReroutedFacts } from './event-facts';

type ProjectedEvent = EventEnvelope<'handoff-created'> | EventEnvelope<'handoff-delivered'> | EventEnvelope<'handoff-rerouted'>;

/** The record after one event (null: the event changes nothing). */
function applyEvent(existing: HandoffRecord | null, event: ProjectedEvent): HandoffRecord | null {
  switch (event.type) {
    case 'handoff-created':
      return applyHandoffCreated(existing, handoffCreatedFacts(event.payload, event.correlationId));
    case 'handoff-delivered':
      return applyHandoffDelivered(existing, handoffDeliveredFacts(event.payload, event.correlationId));
    case 'handoff-rerouted':
      return applyHandoffRerouted(existing, handoffReroutedFacts(event.payload));
  }
}

/**
 * handoff-events → the handoff_record projection. Created and delivered may arrive in either order;
 * the inbox skips a redelivered event, and a repeated fact under a new event id merges into the same
 * record (domain/handoff-record.ts). A re-route moves an open handoff to its new owner and backup.
 * `handoff-incomplete` has no handler: it was never delivered.
 * One handler for the three types, so a run of them (created, delivered, created…) is applied at
 * once: the run's records read and locked in one statement, the events applied in order in memory,
 * the changed records written in one more.
 */
const projectHandoffEvents: EventBatchHandler<ProjectedEvent['type']> = {
  batch: async (events, manager) => {
    const records = await lockHandoffRecords(manager, [...new Set(events.map((e) => e.payload.handoffId))].sort());
    const changed = new Set<string>();
    for (const event of events) {
      const next = applyEvent(records.get(event.payload.handoffId) ?? null, event as ProjectedEvent);
      if (!next) continue;
      records.set(event.payload.handoffId, next);
      changed.add(event.payload.handoffId);
    }
    await saveHandoffRecords(manager, [...changed].map((id) => records.get(id)!));
  },
};

export const handoffEventHandlers: EventHandlers = {
  'handoff-created': projectHandoffEvents,
  'handoff-delivered': projectHandoffEvents,
  'handoff-rerouted': projectHandoffEvents,
};
