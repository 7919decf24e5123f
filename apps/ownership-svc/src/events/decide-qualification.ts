import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { CompiledMapCache } from '../application/compiled-map-cache';
import { saveDecision } from '../data/decision.repository';
import { lockMap } from '../data/map.repository';
import type { AccountProfile } from '../domain/ownership.types';
import { resolveOwnership, toOwnerAssignment } from '../domain/resolve-ownership';
import { ownershipResolvedEvent, ownershipUnresolvedEvent, type QualificationRef } from './ownership.producer';

/**
 * Decides a PENDING_ACCOUNT qualification once its profile is known, in the caller's transaction:
 * the current map (read under the shared map lock, so no map change re-routes around it), out of
 * office evaluated at the qualification time; stores the assignment (or the reason) and the
 * account's in-flight routing in one statement, and enqueues `ownership-resolved` /
 * `ownership-unresolved`. `mapLockHeld`: the caller already holds the map lock (shared) and read
 * the current version under it.
 */
export async function decideQualification(
  manager: EntityManager,
  q: QualificationRef & { qualifiedAt: Date },
  profile: AccountProfile,
  now: Date,
  maps: CompiledMapCache,
  mapLockHeld?: { mapVersion: number },
): Promise<void> {
  if (!mapLockHeld) await lockMap(manager, 'read');
  const map = await maps.current(manager, mapLockHeld?.mapVersion);
  const resolution = resolveOwnership(profile, map, q.qualifiedAt);
  const decision = { qualificationId: q.qualificationId, accountId: q.accountId, decidedAt: now, mapVersion: map.version };
  if (resolution.resolved) {
    const { ownership } = resolution;
    const assignment = toOwnerAssignment(ownership);
    await saveDecision(manager, {
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
    await enqueueEvents(manager, [ownershipResolvedEvent(q, assignment, now)]);
  } else {
    await saveDecision(manager, { ...decision, outcome: { status: 'UNRESOLVED', reason: resolution.reason } });
    await enqueueEvents(manager, [ownershipUnresolvedEvent(q, resolution.reason, now)]);
  }
}
