import type { EntityManager } from 'typeorm';
import { loadSettingsRow, lockMap } from '../data/map.repository';
import { OwnershipSettingsEntity } from '../data/map-version.entity';
import { listInFlight } from '../data/routing.repository';
import { coverBoundariesBetween, describeCoverBoundaries } from '../domain/availability';
import type { InFlightMove } from '../domain/in-flight';
import type { CompiledMapCache } from './compiled-map-cache';
import { rerouteInFlight } from './reroute-in-flight';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CoverSweepResult {
  /** What started or ended, in words (null: nothing did). */
  reason: string | null;
  moves: InFlightMove[];
}

/**
 * A leave recorded in advance changes who can serve when it starts and ends, with no map edit at
 * that moment. The sweep (a background job, and safe to run from several instances: it holds the
 * map lock and records how far it got in the same transaction) re-routes the in-flight accounts
 * such a moment moved, exactly as a map change would (`ownership-changed`, the policy applied).
 */
export async function sweepCoverBoundaries(manager: EntityManager, maps: CompiledMapCache, now: Date): Promise<CoverSweepResult> {
  await lockMap(manager, 'change');
  const settings = await loadSettingsRow(manager);
  if (!settings) return { reason: null, moves: [] };
  const since = settings.coverCheckedAt;
  await manager.update(OwnershipSettingsEntity, { id: 1 }, { coverCheckedAt: now });
  if (!since || since >= now) return { reason: null, moves: [] };
  const map = await maps.current(manager);
  const boundaries = coverBoundariesBetween([...map.repsById.values()], since, now);
  if (boundaries.length === 0) return { reason: null, moves: [] };
  const reason = describeCoverBoundaries(boundaries);
  const inFlight = await listInFlight(manager, new Date(now.getTime() - map.settings.inFlightDays * DAY_MS));
  return { reason, moves: await rerouteInFlight(manager, inFlight, map, reason, now) };
}
