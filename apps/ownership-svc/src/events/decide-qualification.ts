import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { AccountProfile } from '../domain/ownership.types';
import { resolveOwnership, toOwnerAssignment, type OwnershipResolution } from '../domain/resolve-ownership';
import { insertOwnerAssignment } from '../data/owner-assignment.repository';
import { markDecided } from '../data/qualification.repository';
import { listReps, toRep } from '../data/rep.repository';
import { listTerritories, toTerritory } from '../data/territory.repository';
import { ownershipResolvedEvent, ownershipUnresolvedEvent, type QualificationRef } from './ownership.producer';

/** Resolves ownership from the stored map as it stands now (pure rules over loaded rows). */
export async function resolveFromStoredMap(manager: EntityManager, profile: AccountProfile): Promise<OwnershipResolution> {
  const territories = await listTerritories(manager);
  const reps = await listReps(manager);
  return resolveOwnership(profile, territories.map(toTerritory), reps.map(toRep));
}

/**
 * Decides a PENDING_ACCOUNT qualification once its profile is known: stores the assignment (or the
 * reason) and enqueues `ownership-resolved` / `ownership-unresolved` in the caller's transaction.
 */
export async function decideQualification(manager: EntityManager, q: QualificationRef, profile: AccountProfile, now: Date): Promise<void> {
  const resolution = await resolveFromStoredMap(manager, profile);
  if (resolution.resolved) {
    const { ownership } = resolution;
    await insertOwnerAssignment(manager, {
      qualificationId: q.qualificationId,
      accountId: q.accountId,
      ownerRepId: ownership.owner.id,
      backupRepId: ownership.backup.id,
      territoryId: ownership.territory.id,
      territoryName: ownership.territory.name,
      explanation: ownership.explanation,
      decidedAt: now,
    });
    await markDecided(manager, q.qualificationId, { status: 'RESOLVED' }, now);
    await enqueueEvents(manager, [ownershipResolvedEvent(q, toOwnerAssignment(ownership), now)]);
  } else {
    await markDecided(manager, q.qualificationId, { status: 'UNRESOLVED', reason: resolution.reason }, now);
    await enqueueEvents(manager, [ownershipUnresolvedEvent(q, resolution.reason, now)]);
  }
}
