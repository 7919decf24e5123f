import type { Clock } from '@handoff-graph/config';
import type { EventBatchHandler, EventHandler } from '@handoff-graph/data';
import { storeHalvesAndAssemble } from '../application/assemble-handoff';
import { applyRepProfile } from '../application/rep-profiles';
import { applyOwnershipChange } from '../application/reroute';
import { OwnershipOutcomeEntity } from '../data/ownership-outcome.entity';
import { insertOwnershipOutcomes } from '../data/qualification.repository';

/**
 * ownership-resolved (owner and backup) and ownership-unresolved (the reason there is none; the
 * handoff will be INCOMPLETE naming OWNER_ASSIGNMENT), one handler object for both so a run mixing
 * them is applied at once: stores the outcomes and assembles those whose qualification is here.
 */
export function onOwnershipOutcomes(clock: Clock): EventBatchHandler<'ownership-resolved' | 'ownership-unresolved'> {
  return {
    batch: (events, manager) =>
      storeHalvesAndAssemble(
        manager,
        events,
        () =>
          insertOwnershipOutcomes(
            manager,
            events.map(({ payload: p, eventId }) =>
              Object.assign(new OwnershipOutcomeEntity(), {
                qualificationId: p.qualificationId,
                accountId: p.accountId,
                resolvedAt: new Date(p.resolvedAt),
                ownerAssignment: 'ownerAssignment' in p ? p.ownerAssignment : null,
                unresolvedReason: 'reason' in p ? p.reason : null,
                eventId,
              }),
            ),
          ),
        clock,
      ),
  };
}

/** rep-upserted → the local rep profile (time zone, hours, cap, manager, out-of-office); re-plans the rep's queues. */
export function onRepUpserted(clock: Clock): EventHandler<'rep-upserted'> {
  return (event, manager) => applyRepProfile(manager, event, clock());
}

/** ownership-changed → open handoffs of the account follow the event's policy (re-routing). */
export function onOwnershipChanged(clock: Clock): EventHandler<'ownership-changed'> {
  return (event, manager) => applyOwnershipChange(manager, event, clock());
}
