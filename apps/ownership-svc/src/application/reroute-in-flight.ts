import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { OwnershipMoveEntity } from '../data/account-routing.entity';
import { insertMoves, updateRoutings } from '../data/routing.repository';
import { recomputeInFlight, type InFlightAccount, type InFlightMove } from '../domain/in-flight';
import type { CompiledOwnershipMap } from '../domain/resolve-ownership';
import { ownershipChangedEvent } from '../events/ownership.producer';

/**
 * Re-resolves in-flight accounts against `map` at `now`; for each one that moved, in the caller's
 * transaction: the new routing, an `ownership_move` row and an `ownership-changed` event (with the
 * mid-period policy) in the outbox.
 */
export async function rerouteInFlight(
  manager: EntityManager,
  accounts: readonly InFlightAccount[],
  map: CompiledOwnershipMap,
  reason: string,
  now: Date,
): Promise<InFlightMove[]> {
  if (map.version === 0) return [];
  const moves = recomputeInFlight(accounts, map, now);
  const policy = map.settings.midPeriodPolicy;
  const events = [];
  const rows: OwnershipMoveEntity[] = [];
  for (const move of moves) {
    const event = ownershipChangedEvent(move, { mapVersion: map.version, reason, policy }, now);
    events.push(event);
    rows.push(
      Object.assign(new OwnershipMoveEntity(), {
        eventId: event.eventId,
        mapVersion: map.version,
        accountId: move.accountId,
        qualificationId: move.qualificationId,
        changedAt: now,
        previous: move.previous,
        current: move.current,
        rule: move.rule,
        policy,
        reason,
      }),
    );
  }
  await updateRoutings(
    manager,
    moves.map((m) => ({ accountId: m.accountId, qualificationId: m.qualificationId, routed: m.current, mapAnswer: m.mapAnswer, mapVersion: map.version })),
    now,
  );
  await insertMoves(manager, rows);
  await enqueueEvents(manager, events);
  return moves;
}
