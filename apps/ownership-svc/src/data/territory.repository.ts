import type { EntityManager } from 'typeorm';
import type { Territory } from '../domain/ownership.types';
import { TerritoryEntity } from './territory.entity';

export function toTerritory(row: TerritoryEntity): Territory {
  const { id, name, priority, match, ownerRepId, backupRepId } = row;
  return { id, name, priority, match, ownerRepId, backupRepId };
}

/** The whole map, by priority then id. */
export function listTerritories(manager: EntityManager): Promise<TerritoryEntity[]> {
  return manager.find(TerritoryEntity, { order: { priority: 'ASC', id: 'ASC' } });
}

export function findTerritory(manager: EntityManager, id: string): Promise<TerritoryEntity | null> {
  return manager.findOneBy(TerritoryEntity, { id });
}

/** Creates or replaces a territory (validated by the caller). */
export async function saveTerritory(manager: EntityManager, territory: Territory, now: Date): Promise<TerritoryEntity> {
  await manager.query(
    `INSERT INTO territory (id, name, priority, match, owner_rep_id, backup_rep_id, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, priority = EXCLUDED.priority, match = EXCLUDED.match,
       owner_rep_id = EXCLUDED.owner_rep_id, backup_rep_id = EXCLUDED.backup_rep_id, updated_at = EXCLUDED.updated_at`,
    [territory.id, territory.name, territory.priority, JSON.stringify(territory.match), territory.ownerRepId, territory.backupRepId, now],
  );
  return manager.findOneByOrFail(TerritoryEntity, { id: territory.id });
}
