import type { HandoffParties } from '@handoff-graph/auth';
import type { DataSource, EntityManager } from 'typeorm';
import { createBatchLoader } from './batch-loader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may see each handoff (libs/auth `canSeeHandoff`): its current owner and backup, and the owner's
 * team — from the RepRef that named the current owner, else the owner's rep profile (the same team
 * the metrics' TEAM rows use). Handoffs not projected here are absent from the map.
 */
export async function findHandoffParties(manager: EntityManager, handoffIds: readonly string[]): Promise<Map<string, HandoffParties>> {
  const ids = [...new Set(handoffIds)].filter((id) => UUID.test(id));
  const parties = new Map<string, HandoffParties>();
  if (ids.length === 0) return parties;
  const rows: { handoff_id: string; owner_rep_id: string; backup_rep_id: string; owner_team: string | null }[] = await manager.query(
    `SELECT h.handoff_id, h.owner_rep_id, h.backup_rep_id, coalesce(h.owner_team, p.team) AS owner_team
       FROM handoff_record h LEFT JOIN rep_profile p ON p.rep_id = h.owner_rep_id
      WHERE h.handoff_id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) parties.set(r.handoff_id, { ownerRepId: r.owner_rep_id, backupRepId: r.backup_rep_id, ownerTeam: r.owner_team });
  return parties;
}

export type HandoffPartiesLoader = (handoffId: string) => Promise<HandoffParties | null>;

/** Per-request batching of the visibility check of `_entities` (one query per gateway call). */
export function createHandoffPartiesLoader(dataSource: DataSource): HandoffPartiesLoader {
  return createBatchLoader<HandoffParties | null>((ids) => findHandoffParties(dataSource.manager, ids), null);
}
