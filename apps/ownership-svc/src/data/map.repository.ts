import { In, IsNull, type EntityManager } from 'typeorm';
import {
  DEFAULT_SETTINGS,
  type ConflictRule,
  type MidPeriodPolicy,
  type OwnershipMap,
  type OwnershipSettings,
  type Rep,
  type Territory,
} from '../domain/ownership.types';
import { MapRevisionEntity, MapVersionEntity, NamedAccountEntity, OwnershipSettingsEntity, type RevisionKind } from './map-version.entity';
import { RepEntity } from './rep.entity';
import { TerritoryEntity } from './territory.entity';

/**
 * The ownership map in PostgreSQL: current rows (`rep`, `territory`, `named_account`,
 * `ownership_settings`) for reads and foreign keys, and for every change a `map_version` with the
 * full new state of what it touched in `map_revision` — the map as of any moment is the latest
 * revision of each entity at the latest version changed by then.
 */

export const MAP_LOCK = 'ownership-svc/map';

/**
 * Map changes take the lock exclusively (one at a time: version numbers, validation against the
 * map they change, in-flight re-routing); decisions take it shared, so a decision never reads a map
 * while a change is re-routing the accounts it would miss.
 */
export async function lockMap(manager: EntityManager, mode: 'change' | 'read'): Promise<void> {
  const fn = mode === 'change' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  await manager.query(`SELECT ${fn}(hashtextextended($1, 0))`, [MAP_LOCK]);
}

export function toRep(row: RepEntity): Rep {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    team: row.team,
    timezone: row.timezone,
    dailyCapacity: row.dailyCapacity,
    active: row.active,
    workingDays: row.workingDays.map(Number),
    workingHours: { start: row.workingHoursStart, end: row.workingHoursEnd },
    managerRepId: row.managerRepId,
    outOfOffice: row.outOfOffice,
  };
}

export function toTerritory(row: TerritoryEntity, namedAccountIds: string[]): Territory {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    match: row.match,
    namedAccountIds,
    ownerRepId: row.ownerRepId,
    backupRepId: row.backupRepId,
    escalationRepId: row.escalationRepId,
  };
}

const toSettings = (row: OwnershipSettingsEntity | null): OwnershipSettings =>
  row
    ? { conflictRules: row.conflictRules as ConflictRule[], midPeriodPolicy: row.midPeriodPolicy as MidPeriodPolicy, inFlightDays: row.inFlightDays }
    : DEFAULT_SETTINGS;

export async function currentMapVersion(manager: EntityManager): Promise<number> {
  const [row] = (await manager.query(`SELECT COALESCE(max(version), 0)::int AS version FROM map_version`)) as { version: number }[];
  return row.version;
}

export function listReps(manager: EntityManager): Promise<RepEntity[]> {
  return manager.find(RepEntity, { order: { name: 'ASC', id: 'ASC' } });
}

export function findRep(manager: EntityManager, id: string): Promise<RepEntity | null> {
  return manager.findOneBy(RepEntity, { id });
}

export function findRepsByIds(manager: EntityManager, ids: readonly string[]): Promise<RepEntity[]> {
  return ids.length === 0 ? Promise.resolve([]) : manager.findBy(RepEntity, { id: In([...new Set(ids)]) });
}

export function findTerritoryRow(manager: EntityManager, id: string): Promise<TerritoryEntity | null> {
  return manager.findOneBy(TerritoryEntity, { id });
}

export async function namedAccountsOf(manager: EntityManager, territoryIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = territoryIds.length === 0 ? [] : await manager.find(NamedAccountEntity, { where: { territoryId: In([...territoryIds]) }, order: { accountId: 'ASC' } });
  const byTerritory = new Map<string, string[]>();
  for (const r of rows) byTerritory.set(r.territoryId, [...(byTerritory.get(r.territoryId) ?? []), r.accountId]);
  return byTerritory;
}

/** The live territories (not retired), by priority then id, with their named accounts. */
export async function listTerritories(manager: EntityManager): Promise<{ row: TerritoryEntity; territory: Territory }[]> {
  const rows = await manager.find(TerritoryEntity, { where: { retiredAt: IsNull() }, order: { priority: 'ASC', id: 'ASC' } });
  const named = await namedAccountsOf(manager, rows.map((r) => r.id));
  return rows.map((row) => ({ row, territory: toTerritory(row, named.get(row.id) ?? []) }));
}

export async function loadSettingsRow(manager: EntityManager): Promise<OwnershipSettingsEntity | null> {
  return manager.findOneBy(OwnershipSettingsEntity, { id: 1 });
}

/** The map as it stands (committed state, or the caller's transaction). */
export async function loadCurrentMap(manager: EntityManager): Promise<OwnershipMap> {
  const version = await currentMapVersion(manager);
  const reps = (await listReps(manager)).map(toRep);
  const territories = (await listTerritories(manager)).map((t) => t.territory);
  return { version, reps, territories, settings: toSettings(await loadSettingsRow(manager)) };
}

/** The map version in force at `at` (0: before the first version). */
export async function mapVersionAt(manager: EntityManager, at: Date): Promise<MapVersionEntity | null> {
  return manager
    .createQueryBuilder(MapVersionEntity, 'v')
    .where('v.changed_at <= :at', { at })
    .orderBy('v.version', 'DESC')
    .limit(1)
    .getOne();
}

/** The map exactly as version `version` left it, rebuilt from the revisions. */
export async function loadMapAtVersion(manager: EntityManager, version: number): Promise<OwnershipMap> {
  const rows = (await manager.query(
    `SELECT DISTINCT ON (kind, entity_id) kind, entity_id, data
       FROM map_revision WHERE map_version <= $1
      ORDER BY kind, entity_id, map_version DESC`,
    [version],
  )) as { kind: RevisionKind; entity_id: string; data: Record<string, unknown> | null }[];
  const reps: Rep[] = [];
  const territories: Territory[] = [];
  let settings = DEFAULT_SETTINGS;
  for (const r of rows) {
    if (r.data === null) continue;
    if (r.kind === 'REP') reps.push(r.data as unknown as Rep);
    else if (r.kind === 'TERRITORY') territories.push(r.data as unknown as Territory);
    else settings = r.data as unknown as OwnershipSettings;
  }
  reps.sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  territories.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
  return { version, reps, territories, settings };
}

export async function loadMapAsOf(manager: EntityManager, at: Date): Promise<{ map: OwnershipMap; version: MapVersionEntity | null }> {
  const version = await mapVersionAt(manager, at);
  return { map: await loadMapAtVersion(manager, version?.version ?? 0), version };
}

// ---- writes (under lockMap(manager, 'change')) -----------------------------------------------------

export async function insertMapVersion(manager: EntityManager, v: { changedAt: Date; actor: string; change: string }): Promise<MapVersionEntity> {
  const version = (await currentMapVersion(manager)) + 1;
  const row = Object.assign(new MapVersionEntity(), { version, ...v });
  await manager.insert(MapVersionEntity, row);
  return row;
}

async function revise(manager: EntityManager, kind: RevisionKind, entityId: string, version: number, data: object | null): Promise<void> {
  await manager.query(`INSERT INTO map_revision (kind, entity_id, map_version, data) VALUES ($1, $2, $3, $4::jsonb)`, [
    kind,
    entityId,
    version,
    data === null ? null : JSON.stringify(data),
  ]);
}

/** Creates or updates a rep; created_at is kept on update. */
export async function saveRep(manager: EntityManager, rep: Rep, version: number, now: Date): Promise<void> {
  await manager.query(
    `INSERT INTO rep (id, name, email, role, team, timezone, daily_capacity, active, working_days, working_hours_start,
                      working_hours_end, manager_rep_id, out_of_office, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::smallint[], $10, $11, $12, $13::jsonb, $14, $14)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role, team = EXCLUDED.team,
       timezone = EXCLUDED.timezone, daily_capacity = EXCLUDED.daily_capacity, active = EXCLUDED.active,
       working_days = EXCLUDED.working_days, working_hours_start = EXCLUDED.working_hours_start,
       working_hours_end = EXCLUDED.working_hours_end, manager_rep_id = EXCLUDED.manager_rep_id,
       out_of_office = EXCLUDED.out_of_office, updated_at = EXCLUDED.updated_at`,
    [
      rep.id,
      rep.name,
      rep.email,
      rep.role,
      rep.team,
      rep.timezone,
      rep.dailyCapacity,
      rep.active,
      rep.workingDays,
      rep.workingHours.start,
      rep.workingHours.end,
      rep.managerRepId,
      JSON.stringify(rep.outOfOffice),
      now,
    ],
  );
  await revise(manager, 'REP', rep.id, version, rep);
}

/** Creates or replaces a territory (un-retiring it) and its named-account list. */
export async function saveTerritory(manager: EntityManager, t: Territory, version: number, now: Date): Promise<void> {
  await manager.query(
    `INSERT INTO territory (id, name, priority, match, owner_rep_id, backup_rep_id, escalation_rep_id, retired_at, map_version, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, NULL, $8, $9)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, priority = EXCLUDED.priority, match = EXCLUDED.match, owner_rep_id = EXCLUDED.owner_rep_id,
       backup_rep_id = EXCLUDED.backup_rep_id, escalation_rep_id = EXCLUDED.escalation_rep_id, retired_at = NULL,
       map_version = EXCLUDED.map_version, updated_at = EXCLUDED.updated_at`,
    [t.id, t.name, t.priority, JSON.stringify(t.match), t.ownerRepId, t.backupRepId, t.escalationRepId, version, now],
  );
  await manager.query(`DELETE FROM named_account WHERE territory_id = $1`, [t.id]);
  if (t.namedAccountIds.length > 0) {
    await manager.query(`INSERT INTO named_account (account_id, territory_id) SELECT unnest($1::text[]), $2`, [t.namedAccountIds, t.id]);
  }
  await revise(manager, 'TERRITORY', t.id, version, t);
}

export async function retireTerritory(manager: EntityManager, id: string, version: number, now: Date): Promise<void> {
  await manager.query(`DELETE FROM named_account WHERE territory_id = $1`, [id]);
  await manager.query(`UPDATE territory SET retired_at = $2, map_version = $3, updated_at = $2 WHERE id = $1`, [id, now, version]);
  await revise(manager, 'TERRITORY', id, version, null);
}

export async function saveSettings(manager: EntityManager, s: OwnershipSettings, version: number, now: Date, actor: string): Promise<void> {
  await manager.query(
    `INSERT INTO ownership_settings (id, conflict_rules, mid_period_policy, in_flight_days, map_version, updated_at, updated_by)
     VALUES (1, $1::text[], $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET conflict_rules = EXCLUDED.conflict_rules, mid_period_policy = EXCLUDED.mid_period_policy,
       in_flight_days = EXCLUDED.in_flight_days, map_version = EXCLUDED.map_version, updated_at = EXCLUDED.updated_at,
       updated_by = EXCLUDED.updated_by`,
    [s.conflictRules, s.midPeriodPolicy, s.inFlightDays, version, now, actor],
  );
  await revise(manager, 'SETTINGS', 'settings', version, s);
}

// ---- history -------------------------------------------------------------------------------------

export function listMapVersions(manager: EntityManager, limit: number, beforeVersion: number | null): Promise<MapVersionEntity[]> {
  const qb = manager.createQueryBuilder(MapVersionEntity, 'v').orderBy('v.version', 'DESC').limit(limit);
  if (beforeVersion !== null) qb.where('v.version < :beforeVersion', { beforeVersion });
  return qb.getMany();
}

export function findMapVersion(manager: EntityManager, version: number): Promise<MapVersionEntity | null> {
  return manager.findOneBy(MapVersionEntity, { version });
}

/** What one version touched: kind and id of each revision it wrote. */
export function revisionsOf(manager: EntityManager, version: number): Promise<MapRevisionEntity[]> {
  return manager.find(MapRevisionEntity, { where: { mapVersion: version }, order: { kind: 'ASC', entityId: 'ASC' } });
}

/** Every revision of one rep or territory, newest first, with its version. */
export async function historyOf(manager: EntityManager, kind: RevisionKind, entityId: string, limit: number): Promise<{ revision: MapRevisionEntity; version: MapVersionEntity }[]> {
  const revisions = await manager.find(MapRevisionEntity, { where: { kind, entityId }, order: { mapVersion: 'DESC' }, take: limit });
  const versions = revisions.length === 0 ? [] : await manager.findBy(MapVersionEntity, { version: In(revisions.map((r) => r.mapVersion)) });
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  return revisions.map((revision) => ({ revision, version: byVersion.get(revision.mapVersion)! }));
}

/** For each territory id: the version (and its time) of its latest revision at or before `version`. */
export async function territoryRevisionInfo(manager: EntityManager, ids: readonly string[], version: number): Promise<Map<string, { mapVersion: number; changedAt: Date }>> {
  if (ids.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT DISTINCT ON (r.entity_id) r.entity_id, r.map_version, v.changed_at
       FROM map_revision r JOIN map_version v ON v.version = r.map_version
      WHERE r.kind = 'TERRITORY' AND r.entity_id = ANY($1::text[]) AND r.map_version <= $2
      ORDER BY r.entity_id, r.map_version DESC`,
    [[...new Set(ids)], version],
  )) as { entity_id: string; map_version: number; changed_at: Date }[];
  return new Map(rows.map((r) => [r.entity_id, { mapVersion: r.map_version, changedAt: new Date(r.changed_at) }]));
}

/** The version that last changed a rep, or null (a rep saved before versioning has version 1). */
export async function lastRepVersion(manager: EntityManager, repId: string): Promise<MapVersionEntity | null> {
  const [row] = (await manager.query(`SELECT max(map_version)::int AS version FROM map_revision WHERE kind = 'REP' AND entity_id = $1`, [repId])) as {
    version: number | null;
  }[];
  return row.version === null ? null : findMapVersion(manager, row.version);
}
