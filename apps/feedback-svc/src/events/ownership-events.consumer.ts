import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventHandlers } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { upsertRepProfile } from '../data/rep-profile.repository';
import { repProfileOf } from './event-facts';

/**
 * ownership-events → rep_profile: the working days, hours and time zone the first-business-day share
 * reads. The newest `updatedAt` wins, so an older profile arriving late changes nothing. The other
 * ownership events (resolved, unresolved, changed) are not feedback-svc's concern and are skipped.
 */
async function onRepUpserted(event: EventEnvelope<'rep-upserted'>, manager: EntityManager): Promise<void> {
  await upsertRepProfile(manager, repProfileOf(event.payload));
}

export const ownershipEventHandlers: EventHandlers = {
  'rep-upserted': onRepUpserted,
};
