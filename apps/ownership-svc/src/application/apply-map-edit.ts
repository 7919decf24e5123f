import { enqueueEvents } from '@handoff-graph/data';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MapVersionEntity } from '../data/map-version.entity';
import { insertMapVersion, loadCurrentMap, lockMap, retireTerritory, saveRep, saveSettings, saveTerritory } from '../data/map.repository';
import { listInFlight } from '../data/routing.repository';
import type { InFlightMove } from '../domain/in-flight';
import { planMapEdit, type MapEdit, type PlannedEdit } from '../domain/map-edit';
import { compileOwnershipMap } from '../domain/resolve-ownership';
import { repUpsertedEvent } from '../events/ownership.producer';
import { rerouteInFlight } from './reroute-in-flight';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AppliedMapEdit {
  plan: PlannedEdit;
  /** The new version, or null when the edit changed nothing. */
  version: MapVersionEntity | null;
  moves: InFlightMove[];
}

/**
 * One map change, in the caller's transaction: lock the map, plan and validate the edit against the
 * map as it stands (MapEditRefused → nothing written), write a new version with the new state of
 * what it touched, re-route the in-flight accounts it moved (`ownership-changed`) and, for a rep,
 * enqueue `rep-upserted`. An edit that changes nothing writes nothing.
 */
export async function applyMapEdit(manager: EntityManager, edit: MapEdit, actor: string, now: Date): Promise<AppliedMapEdit> {
  await lockMap(manager, 'change');
  const before = await loadCurrentMap(manager);
  const plan = planMapEdit(before, edit, randomUUID);
  if (plan.change === null) return { plan, version: null, moves: [] };

  const version = await insertMapVersion(manager, { changedAt: now, actor, change: plan.change });
  if (plan.rep) await saveRep(manager, plan.rep, version.version, now);
  if (plan.territory) await saveTerritory(manager, plan.territory, version.version, now);
  if (plan.retiredTerritoryId) await retireTerritory(manager, plan.retiredTerritoryId, version.version, now);
  if (plan.settings) await saveSettings(manager, plan.settings, version.version, now, actor);
  if (plan.rep) await enqueueEvents(manager, [repUpsertedEvent(plan.rep, now)]);

  const map = compileOwnershipMap({ ...plan.after, version: version.version });
  const inFlight = await listInFlight(manager, new Date(now.getTime() - plan.after.settings.inFlightDays * DAY_MS));
  const moves = await rerouteInFlight(manager, inFlight, map, plan.change, now);
  return { plan, version, moves };
}
