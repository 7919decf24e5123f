import type { OwnerAssignment } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { InFlightAccount, MapAnswer } from '../domain/in-flight';
import type { Firmographics } from '@handoff-graph/contracts';
import { AccountRoutingEntity, OwnershipMoveEntity } from './account-routing.entity';

export interface RoutingUpdate {
  accountId: string;
  qualificationId: string;
  routed: OwnerAssignment | null;
  mapAnswer: MapAnswer | null;
  mapVersion: number;
}

/** After a map change moved accounts (one map version): their new routing and map answer, in one statement. */
export async function updateRoutings(manager: EntityManager, updates: readonly RoutingUpdate[], now: Date): Promise<void> {
  if (updates.length === 0) return;
  await manager.query(
    `UPDATE account_routing r SET routed = u.routed, map_owner_rep_id = u.owner, map_backup_rep_id = u.backup,
            map_territory_id = u.territory, map_version = $8, updated_at = $7
       FROM unnest($1::text[], $2::uuid[], $3::jsonb[], $4::text[], $5::text[], $6::text[]) AS u(account_id, qualification_id, routed, owner, backup, territory)
      WHERE r.account_id = u.account_id AND r.qualification_id = u.qualification_id`,
    [
      updates.map((u) => u.accountId),
      updates.map((u) => u.qualificationId),
      updates.map((u) => (u.routed === null ? null : JSON.stringify(u.routed))),
      updates.map((u) => u.mapAnswer?.ownerRepId ?? null),
      updates.map((u) => u.mapAnswer?.backupRepId ?? null),
      updates.map((u) => u.mapAnswer?.territoryId ?? null),
      now,
      updates[0].mapVersion,
    ],
  );
}

/** Accounts whose latest qualification was decided at or after `since`, with their profiles. */
export async function listInFlight(manager: EntityManager, since: Date): Promise<InFlightAccount[]> {
  const rows = (await manager.query(
    `SELECT r.account_id, r.qualification_id, r.routed, r.map_owner_rep_id, r.map_backup_rep_id, r.map_territory_id,
            p.name, p.domain, p.firmographics
       FROM account_routing r JOIN account_profile p ON p.account_id = r.account_id
      WHERE r.decided_at >= $1
      ORDER BY r.account_id`,
    [since],
  )) as {
    account_id: string;
    qualification_id: string;
    routed: OwnerAssignment | null;
    map_owner_rep_id: string | null;
    map_backup_rep_id: string | null;
    map_territory_id: string | null;
    name: string;
    domain: string;
    firmographics: Firmographics;
  }[];
  return rows.map((r) => ({
    accountId: r.account_id,
    qualificationId: r.qualification_id,
    routed: r.routed,
    mapAnswer: r.map_owner_rep_id === null ? null : { ownerRepId: r.map_owner_rep_id, backupRepId: r.map_backup_rep_id!, territoryId: r.map_territory_id! },
    profile: { accountId: r.account_id, name: r.name, domain: r.domain, firmographics: r.firmographics },
  }));
}

export function findRouting(manager: EntityManager, accountId: string): Promise<AccountRoutingEntity | null> {
  return manager.findOneBy(AccountRoutingEntity, { accountId });
}

export async function insertMoves(manager: EntityManager, moves: OwnershipMoveEntity[]): Promise<void> {
  for (let i = 0; i < moves.length; i += 500) await manager.insert(OwnershipMoveEntity, moves.slice(i, i + 500));
}

export function listMoves(manager: EntityManager, where: { accountId?: string; mapVersion?: number; qualificationId?: string }, limit: number): Promise<OwnershipMoveEntity[]> {
  return manager.find(OwnershipMoveEntity, { where, order: { changedAt: 'DESC', eventId: 'ASC' }, take: limit });
}
