import type { Clock } from '@handoff-graph/config';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventHandler } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { assembleWhenReady } from '../application/assemble-handoff';
import { applyRepProfile } from '../application/rep-profiles';
import { applyOwnershipChange } from '../application/reroute';
import { OwnershipOutcomeEntity } from '../data/ownership-outcome.entity';
import { insertOwnershipOutcome, lockQualification } from '../data/qualification.repository';

/** Stores the ownership outcome (owner + backup, or the reason there is none) and assembles if the qualification is here. */
async function storeOutcome(
  manager: EntityManager,
  event: EventEnvelope<'ownership-resolved'> | EventEnvelope<'ownership-unresolved'>,
  clock: Clock,
): Promise<void> {
  const p = event.payload;
  await lockQualification(manager, p.qualificationId);
  await insertOwnershipOutcome(
    manager,
    Object.assign(new OwnershipOutcomeEntity(), {
      qualificationId: p.qualificationId,
      accountId: p.accountId,
      resolvedAt: new Date(p.resolvedAt),
      ownerAssignment: 'ownerAssignment' in p ? p.ownerAssignment : null,
      unresolvedReason: 'reason' in p ? p.reason : null,
      eventId: event.eventId,
    }),
  );
  await assembleWhenReady(manager, p.qualificationId, event, clock());
}

/** ownership-resolved → store the owner and backup; assemble if the qualification is already here. */
export function onOwnershipResolved(clock: Clock): EventHandler<'ownership-resolved'> {
  return (event, manager) => storeOutcome(manager, event, clock);
}

/** ownership-unresolved → store the reason; the handoff will be INCOMPLETE naming OWNER_ASSIGNMENT. */
export function onOwnershipUnresolved(clock: Clock): EventHandler<'ownership-unresolved'> {
  return (event, manager) => storeOutcome(manager, event, clock);
}

/** rep-upserted → the local rep profile (time zone, hours, cap, manager, out-of-office); re-plans the rep's queues. */
export function onRepUpserted(clock: Clock): EventHandler<'rep-upserted'> {
  return (event, manager) => applyRepProfile(manager, event, clock());
}

/** ownership-changed → open handoffs of the account follow the event's policy (re-routing). */
export function onOwnershipChanged(clock: Clock): EventHandler<'ownership-changed'> {
  return (event, manager) => applyOwnershipChange(manager, event, clock());
}
