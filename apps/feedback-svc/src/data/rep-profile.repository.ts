import type { EntityManager } from 'typeorm';
import type { RepProfile } from '../domain/handoff-outcome';
import { RepProfileEntity } from './rep-profile.entity';

/**
 * Stores a rep's profile unless a newer one is already there (`updatedAt`), so a replayed or
 * out-of-order `rep-upserted` never rolls a profile back. Returns whether it was stored.
 */
export async function upsertRepProfile(manager: EntityManager, profile: RepProfile & { active: boolean }): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO rep_profile (rep_id, name, team, time_zone, working_days, working_start, working_end, active, updated_at)
     VALUES ($1, $2, $3, $4, $5::smallint[], $6, $7, $8, $9)
     ON CONFLICT (rep_id) DO UPDATE SET
       name = EXCLUDED.name, team = EXCLUDED.team, time_zone = EXCLUDED.time_zone, working_days = EXCLUDED.working_days,
       working_start = EXCLUDED.working_start, working_end = EXCLUDED.working_end, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
     WHERE rep_profile.updated_at <= EXCLUDED.updated_at
     RETURNING rep_id`,
    [
      profile.repId,
      profile.name,
      profile.team,
      profile.timeZone,
      profile.workingDays,
      profile.workingHours.start,
      profile.workingHours.end,
      profile.active,
      profile.updatedAt.toISOString(),
    ],
  );
  return rows.length > 0;
}

export async function findRepProfile(manager: EntityManager, repId: string): Promise<RepProfile | null> {
  const row = await manager.findOne(RepProfileEntity, { where: { repId } });
  return row
    ? {
        repId: row.repId,
        name: row.name,
        team: row.team,
        timeZone: row.timeZone,
        workingDays: row.workingDays.map(Number),
        workingHours: { start: row.workingStart, end: row.workingEnd },
        updatedAt: row.updatedAt,
      }
    : null;
}
