import type { PayloadOf } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { calendarFromProfile, defaultCalendar, type RepCalendar } from '../domain/rep-calendar';
import { RepEntity } from './rep.entity';

/**
 * Stores a rep-upserted profile unless a newer one (by `updatedAt`) is already stored; true when
 * stored. A profile with the same `updatedAt` replaces the stored one (a corrected re-publish).
 */
export async function upsertRepProfile(m: EntityManager, p: PayloadOf<'rep-upserted'>, receivedAt: Date): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO rep (rep_id, name, email, role, team, timezone, working_days, working_start, working_end, daily_capacity,
                      active, manager_rep_id, out_of_office, updated_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (rep_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role, team = EXCLUDED.team,
       timezone = EXCLUDED.timezone, working_days = EXCLUDED.working_days, working_start = EXCLUDED.working_start,
       working_end = EXCLUDED.working_end, daily_capacity = EXCLUDED.daily_capacity, active = EXCLUDED.active,
       manager_rep_id = EXCLUDED.manager_rep_id, out_of_office = EXCLUDED.out_of_office, updated_at = EXCLUDED.updated_at,
       received_at = EXCLUDED.received_at
     WHERE rep.updated_at <= EXCLUDED.updated_at
     RETURNING rep_id`,
    [
      p.repId,
      p.name,
      p.email,
      p.role,
      p.team,
      p.timezone,
      p.workingDays,
      p.workingHours.start,
      p.workingHours.end,
      p.dailyCapacity,
      p.active,
      p.managerRepId,
      JSON.stringify(p.outOfOffice),
      new Date(p.updatedAt),
      receivedAt,
    ],
  );
  return rows.length > 0;
}

export function findRep(m: EntityManager, repId: string): Promise<RepEntity | null> {
  return m.findOneBy(RepEntity, { repId });
}

/** What a calendar is built from: the profile's columns (a RepEntity, or the same read as JSON). */
export type RepProfileRow = Pick<
  RepEntity,
  'repId' | 'name' | 'timezone' | 'workingDays' | 'workingStart' | 'workingEnd' | 'dailyCapacity' | 'managerRepId' | 'active' | 'outOfOffice'
>;

export function toCalendar(r: RepProfileRow): RepCalendar {
  return calendarFromProfile({
    repId: r.repId,
    name: r.name,
    timezone: r.timezone,
    workingDays: r.workingDays,
    workingHours: { start: r.workingStart, end: r.workingEnd },
    dailyCapacity: r.dailyCapacity,
    managerRepId: r.managerRepId,
    active: r.active,
    outOfOffice: r.outOfOffice,
  });
}

/** The rep's calendar; the documented defaults when no profile was received yet. */
export async function calendarOf(m: EntityManager, repId: string): Promise<RepCalendar> {
  const rep = await findRep(m, repId);
  return rep ? toCalendar(rep) : defaultCalendar(repId);
}

export async function calendarsOf(m: EntityManager, repIds: string[]): Promise<Map<string, RepCalendar>> {
  const unique = [...new Set(repIds)];
  const rows = unique.length ? await m.getRepository(RepEntity).createQueryBuilder('r').where('r.rep_id = ANY(:ids)', { ids: unique }).getMany() : [];
  const byId = new Map(rows.map((r) => [r.repId, toCalendar(r)]));
  return new Map(unique.map((id) => [id, byId.get(id) ?? defaultCalendar(id)]));
}

/** Each rep's team from their profile; reps without a profile are absent (no known team). */
export async function teamsOf(m: EntityManager, repIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(repIds)];
  if (unique.length === 0) return new Map();
  const rows: { rep_id: string; team: string }[] = await m.query(`SELECT rep_id, team FROM rep WHERE rep_id = ANY($1::text[])`, [unique]);
  return new Map(rows.map((r) => [r.rep_id, r.team]));
}

/** Each rep's name from their profile; reps without a profile are absent. */
export async function repNames(m: EntityManager, repIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(repIds)];
  if (unique.length === 0) return new Map();
  const rows: { rep_id: string; name: string }[] = await m.query(`SELECT rep_id, name FROM rep WHERE rep_id = ANY($1::text[])`, [unique]);
  return new Map(rows.map((r) => [r.rep_id, r.name]));
}
