import type { OwnerAssignment } from '@handoff-graph/contracts';
import { repAvailability } from './availability';
import type { AccountProfile } from './ownership.types';
import { routeInFlight, sameRouting, type MoveRule } from './move-policy';
import { resolveOwnership, type CompiledOwnershipMap } from './resolve-ownership';

/** What the map said for an account (null: nobody), kept beside what its open handoff carries. */
export interface MapAnswer {
  ownerRepId: string;
  backupRepId: string;
  territoryId: string;
}

/** An account whose latest qualification is still in flight (decided within the in-flight window). */
export interface InFlightAccount {
  accountId: string;
  qualificationId: string;
  /** What the open handoff carries now (null: it was unresolved). */
  routed: OwnerAssignment | null;
  /** What the map said at the last decision or change. */
  mapAnswer: MapAnswer | null;
  profile: AccountProfile;
}

/** One account a map change moved: the map's answer and/or the open handoff's routing changed. */
export interface InFlightMove {
  accountId: string;
  qualificationId: string;
  previous: OwnerAssignment | null;
  current: OwnerAssignment | null;
  mapAnswer: MapAnswer | null;
  rule: MoveRule;
}

const sameAnswer = (a: MapAnswer | null, b: MapAnswer | null) =>
  a === null || b === null ? a === b : a.ownerRepId === b.ownerRepId && a.backupRepId === b.backupRepId && a.territoryId === b.territoryId;

/**
 * After a map change: resolve every in-flight account against the new map at `at` (cover evaluated
 * then), apply the mid-period policy, and return the accounts where something moved — the map's
 * owner/backup/territory or the open handoff's routing. Pure.
 */
export function recomputeInFlight(accounts: readonly InFlightAccount[], map: CompiledOwnershipMap, at: Date): InFlightMove[] {
  const moves: InFlightMove[] = [];
  for (const account of accounts) {
    const next = resolveOwnership(account.profile, map, at);
    const mapAnswer: MapAnswer | null = next.resolved
      ? { ownerRepId: next.ownership.owner.id, backupRepId: next.ownership.backup.id, territoryId: next.ownership.territory.id }
      : null;
    if (sameAnswer(mapAnswer, account.mapAnswer)) {
      // The map says what it said before: the open handoff moves only if one of its own people is away now.
      if (account.routed === null) continue;
      const { owner, backup } = account.routed;
      const serving = (repId: string) => repAvailability(repId, map.repsById.get(repId), at).available;
      if (serving(owner.repId) && serving(backup.repId)) continue;
    }
    const routing = routeInFlight({ previous: account.routed, next, policy: map.settings.midPeriodPolicy, repsById: map.repsById, at });
    if (sameAnswer(mapAnswer, account.mapAnswer) && sameRouting(routing.current, account.routed)) continue;
    moves.push({ accountId: account.accountId, qualificationId: account.qualificationId, previous: account.routed, current: routing.current, mapAnswer, rule: routing.rule });
  }
  return moves;
}
