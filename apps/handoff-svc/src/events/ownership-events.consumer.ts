import type { Clock } from '@handoff-graph/config';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventHandler } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { assembleWhenReady } from '../application/assemble-handoff';
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
