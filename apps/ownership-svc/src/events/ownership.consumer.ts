import type { Clock, Logger } from '@handoff-graph/config';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventBatchHandler, EventHandlers } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { CompiledMapCache } from '../application/compiled-map-cache';
import { rerouteInFlight } from '../application/reroute-in-flight';
import { findAccountProfile, lockAccount, lockAccountsAndReadMap, saveAccountProfileIfNewer, toAccountProfile } from '../data/account-profile.repository';
import { lockMap } from '../data/map.repository';
import { pendingQualifications, receiveQualifications } from '../data/qualification.repository';
import { findRouting } from '../data/routing.repository';
import { describeProfileChange } from '../domain/map-change';
import { decideQualifications, type QualificationToDecide } from './decide-qualification';

export interface OwnershipConsumerDeps {
  clock: Clock;
  logger: Logger;
  maps: CompiledMapCache;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `account-qualified` and `account-upserted` arrive on different topics in either order. Whichever
 * comes second triggers the decision; each qualification is decided exactly once (its id is the
 * qualification table's key, on top of the inbox's per-event idempotency). A profile change of an
 * account in flight re-routes it like a map change would (`ownership-changed`).
 */
export function ownershipHandlers({ clock, logger, maps }: OwnershipConsumerDeps): EventHandlers {
  const onQualified: EventBatchHandler<'account-qualified'> = {
    batch: async (events, manager) => {
      // The accounts' locks, then the map lock (shared) the decisions read under: one statement;
      // one more records the qualifications and reads the profiles and the map version.
      await lockAccountsAndReadMap(manager, events.map((e) => e.payload.accountId));
      const receivedAt = clock();
      const qualifications = events.map(({ eventId, correlationId, payload: { qualificationId, accountId, qualifiedAt } }) => ({
        qualificationId,
        accountId,
        causationEventId: eventId,
        correlationId,
        qualifiedAt: new Date(qualifiedAt),
      }));
      const { received, profiles, mapVersion } = await receiveQualifications(manager, qualifications.map((q) => ({ ...q, receivedAt })));
      const toDecide: QualificationToDecide[] = [];
      for (const q of qualifications) {
        const { qualificationId, accountId } = q;
        if (!received.delete(qualificationId)) {
          logger.info('qualification already received; not deciding it again', { qualificationId, eventId: q.causationEventId });
          continue;
        }
        const profile = profiles.get(accountId);
        if (profile) toDecide.push({ qualification: q, profile });
        else logger.info('qualification waits for the account profile (PENDING_ACCOUNT)', { qualificationId, accountId });
      }
      await decideQualifications(manager, toDecide, clock(), maps, { mapVersion });
    },
  };

  const onUpserted = async (event: EventEnvelope<'account-upserted'>, manager: EntityManager): Promise<void> => {
    const { accountId, name, domain, firmographics, updatedAt } = event.payload;
    await lockAccount(manager, accountId);
    const before = await findAccountProfile(manager, accountId);
    const applied = await saveAccountProfileIfNewer(manager, { accountId, name, domain, firmographics }, new Date(updatedAt));
    if (!applied) logger.info('kept a newer account profile than this account-upserted', { accountId, updatedAt });
    const stored = await findAccountProfile(manager, accountId);
    if (!stored) throw new Error(`account profile ${accountId} vanished inside its own transaction`);
    const pending = await pendingQualifications(manager, accountId);
    await decideQualifications(
      manager,
      pending.map((qualification) => ({ qualification, profile: toAccountProfile(stored) })),
      clock(),
      maps,
    );
    if (!applied || !before || pending.length > 0) return;

    // A profile change of an account in flight can move it (a new region, a new size band).
    const change = describeProfileChange(stored.name, before.firmographics, stored.firmographics);
    const routing = change ? await findRouting(manager, accountId) : null;
    if (!change || !routing) return;
    await lockMap(manager, 'read');
    const map = await maps.current(manager);
    const now = clock();
    if (routing.decidedAt.getTime() < now.getTime() - map.settings.inFlightDays * DAY_MS) return;
    const inFlight = {
      accountId,
      qualificationId: routing.qualificationId,
      routed: routing.routed,
      mapAnswer: routing.mapOwnerRepId ? { ownerRepId: routing.mapOwnerRepId, backupRepId: routing.mapBackupRepId!, territoryId: routing.mapTerritoryId! } : null,
      profile: toAccountProfile(stored),
    };
    const moves = await rerouteInFlight(manager, [inFlight], map, change, now);
    if (moves.length > 0) logger.info('an account profile change moved an in-flight account', { accountId, change });
  };

  return { 'account-qualified': onQualified, 'account-upserted': onUpserted };
}
