import type { Clock } from '@handoff-graph/config';
import type { EventHandler } from '@handoff-graph/data';
import { assembleWhenReady } from '../application/assemble-handoff';
import { OwnershipOutcomeEntity } from '../data/ownership-outcome.entity';
import { insertOwnershipOutcome, lockQualification } from '../data/qualification.repository';

/** ownership-resolved → store the owner and backup; assemble if the qualification is already here. */
export function onOwnershipResolved(clock: Clock): EventHandler<'ownership-resolved'> {
  return async (event, manager) => {
    const p = event.payload;
    await lockQualification(manager, p.qualificationId);
    await insertOwnershipOutcome(
      manager,
      Object.assign(new OwnershipOutcomeEntity(), {
        qualificationId: p.qualificationId,
        accountId: p.accountId,
        resolvedAt: new Date(p.resolvedAt),
        ownerAssignment: p.ownerAssignment,
        unresolvedReason: null,
        eventId: event.eventId,
      }),
    );
    await assembleWhenReady(manager, p.qualificationId, event, clock());
  };
}

/** ownership-unresolved → store the reason; the handoff will be INCOMPLETE naming OWNER_ASSIGNMENT. */
export function onOwnershipUnresolved(clock: Clock): EventHandler<'ownership-unresolved'> {
  return async (event, manager) => {
    const p = event.payload;
    await lockQualification(manager, p.qualificationId);
    await insertOwnershipOutcome(
      manager,
      Object.assign(new OwnershipOutcomeEntity(), {
        qualificationId: p.qualificationId,
        accountId: p.accountId,
        resolvedAt: new Date(p.resolvedAt),
        ownerAssignment: null,
        unresolvedReason: p.reason,
        eventId: event.eventId,
      }),
    );
    await assembleWhenReady(manager, p.qualificationId, event, clock());
  };
}
