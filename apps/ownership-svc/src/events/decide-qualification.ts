import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { CompiledMapCache } from '../application/compiled-map-cache';
import { saveDecisions, type Decision } from '../data/decision.repository';
import { lockMap } from '../data/map.repository';
import type { AccountProfile } from '../domain/ownership.types';
import { resolveOwnership, toOwnerAssignment } from '../domain/resolve-ownership';
import { ownershipResolvedEvent, ownershipUnresolvedEvent, type QualificationRef } from './ownership.producer';

export interface QualificationToDecide {
  qualification: QualificationRef & { qualifiedAt: Date };
  profile: AccountProfile;
}

/**
 * Decides PENDING_ACCOUNT qualifications whose profiles are known, in the caller's transaction and
 * in the order given: the current map (read under the shared map lock, so no map change re-routes
 * around it), out of office evaluated at each qualification's time; stores the assignments (or the
 * reasons) and the accounts' in-flight routing in one statement, and enqueues `ownership-resolved` /
 * `ownership-unresolved` in one more. `mapLockHeld`: the caller already holds the map lock (shared)
 * and read the current version under it.
 */
export async function decideQualifications(
  manager: EntityManager,
  toDecide: readonly QualificationToDecide[],
  now: Date,
  maps: CompiledMapCache,
  mapLockHeld?: { mapVersion: number },
): Promise<void> {
  if (toDecide.length === 0) return;
  if (!mapLockHeld) await lockMap(manager, 'read');
  const map = await maps.current(manager, mapLockHeld?.mapVersion);
  const decisions: Decision[] = [];
  const events = toDecide.map(({ qualification: q, profile }) => {
    const resolution = resolveOwnership(profile, map, q.qualifiedAt);
    const decision = { qualificationId: q.qualificationId, accountId: q.accountId, decidedAt: now, mapVersion: map.version };
    if (!resolution.resolved) {
      decisions.push({ ...decision, outcome: { status: 'UNRESOLVED', reason: resolution.reason } });
      return ownershipUnresolvedEvent(q, resolution.reason, now);
    }
    const { ownership } = resolution;
    const assignment = toOwnerAssignment(ownership);
    decisions.push({
      ...decision,
      outcome: {
        status: 'RESOLVED',
        assignment: {
          ownerRepId: ownership.owner.id,
          backupRepId: ownership.backup.id,
          territoryId: ownership.territory.id,
          territoryName: ownership.territory.name,
          explanation: ownership.explanation,
          decidingRule: ownership.decidingRule,
          cover: ownership.cover?.kind ?? null,
        },
        routed: assignment,
        mapAnswer: { ownerRepId: ownership.owner.id, backupRepId: ownership.backup.id, territoryId: ownership.territory.id },
      },
    });
    return ownershipResolvedEvent(q, assignment, now);
  });
  await saveDecisions(manager, decisions);
  await enqueueEvents(manager, events);
}
