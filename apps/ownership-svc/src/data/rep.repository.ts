import { In, type EntityManager } from 'typeorm';
import type { Rep } from '../domain/ownership.types';
import { RepEntity } from './rep.entity';

export function toRep(row: RepEntity): Rep {
  const { id, name, email, role, team, timezone, dailyCapacity, active } = row;
  return { id, name, email, role, team, timezone, dailyCapacity, active };
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

/** Creates or updates a rep; created_at is kept on update. */
export async function saveRep(manager: EntityManager, rep: Rep, now: Date): Promise<RepEntity> {
  await manager.query(
    `INSERT INTO rep (id, name, email, role, team, timezone, daily_capacity, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role, team = EXCLUDED.team,
       timezone = EXCLUDED.timezone, daily_capacity = EXCLUDED.daily_capacity, active = EXCLUDED.active,
       updated_at = EXCLUDED.updated_at`,
    [rep.id, rep.name, rep.email, rep.role, rep.team, rep.timezone, rep.dailyCapacity, rep.active, now],
  );
  return manager.findOneByOrFail(RepEntity, { id: rep.id });
}
