import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { CompiledMapCache } from '../application/compiled-map-cache';
import { lockMap } from '../data/map.repository';
import { insertOwnerAssignment } from '../data/owner-assignment.repository';
import { markDecided } from '../data/qualification.repository';
import { recordDecisionRouting } from '../data/routing.repository';
import type { AccountProfile } from '../domain/ownership.types';
import { resolveOwnership, toOwnerAssignment } from '../domain/resolve-ownership';
import { ownershipResolvedEvent, ownershipUnresolvedEvent, type QualificationRef } from './ownership.producer';

/**
 * Decides a PENDING_ACCOUNT qualification once its profile is known, in the caller's transaction:
 * the current map (read under the shared map lock, so no map change re-routes around it), out of
 * office evaluated at the qualification time; stores the assignment (or the reason), the account's
 * in-flight routing, and enqueues `ownership-resolved` / `ownership-unresolved`.
 */
export async function decideQualification(
  manager: EntityManager,
  q: QualificationRef & { qualifiedAt: Date },
  profile: AccountProfile,
  now: Date,
  maps: CompiledMapCache,
): Promise<void> {
  await lockMap(manager, 'read');
  const map = await maps.current(manager);
  const resolution = resolveOwnership(profile, map, q.qualifiedAt);
  if (resolution.resolved) {
    const { ownership } = resolution;
    const assignment = toOwnerAssignment(ownership);
    await insertOwnerAssignment(manager, {
      qualificationId: q.qualificationId,
      accountId: q.accountId,
      ownerRepId: ownership.owner.id,
      backupRepId: ownership.backup.id,
      territoryId: ownership.territory.id,
      territoryName: ownership.territory.name,
      explanation: ownership.explanation,
      decidedAt: now,
      mapVersion: map.version,
      decidingRule: ownership.decidingRule,
      cover: ownership.cover?.kind ?? null,
    });
    await markDecided(manager, q.qualificationId, { status: 'RESOLVED' }, now);
    await recordDecisionRouting(
      manager,
      {
        accountId: q.accountId,
        qualificationId: q.qualificationId,
        routed: assignment,
        mapAnswer: { ownerRepId: ownership.owner.id, backupRepId: ownership.backup.id, territoryId: ownership.territory.id },
        mapVersion: map.version,
      },
      now,
    );
    await enqueueEvents(manager, [ownershipResolvedEvent(q, assignment, now)]);
  } else {
    await markDecided(manager, q.qualificationId, { status: 'UNRESOLVED', reason: resolution.reason }, now);
    await recordDecisionRouting(manager, { accountId: q.accountId, qualificationId: q.qualificationId, routed: null, mapAnswer: null, mapVersion: map.version }, now);
    await enqueueEvents(manager, [ownershipUnresolvedEvent(q, resolution.reason, now)]);
  }
}
