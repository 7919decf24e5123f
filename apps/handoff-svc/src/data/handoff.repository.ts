import type { EntityManager } from 'typeorm';
import type { QueueEntry } from '../domain/queue';
import { HandoffEntity } from './handoff.entity';

export function findHandoff(m: EntityManager, id: string): Promise<HandoffEntity | null> {
  return m.findOneBy(HandoffEntity, { id });
}

export function handoffOfQualification(m: EntityManager, qualificationId: string): Promise<HandoffEntity | null> {
  return m.findOneBy(HandoffEntity, { qualificationId });
}

/** Newest first. */
export function handoffsOfAccount(m: EntityManager, accountId: string): Promise<HandoffEntity[]> {
  return m.find(HandoffEntity, { where: { accountId }, order: { createdAt: 'DESC', id: 'ASC' } });
}

export function latestHandoffOfAccount(m: EntityManager, accountId: string): Promise<HandoffEntity | null> {
  return m.findOne(HandoffEntity, { where: { accountId }, order: { createdAt: 'DESC', id: 'ASC' } });
}

/** Newest first. */
export function incompleteHandoffs(m: EntityManager): Promise<HandoffEntity[]> {
  return m.find(HandoffEntity, { where: { status: 'INCOMPLETE' }, order: { createdAt: 'DESC', id: 'ASC' } });
}

/** One owner's delivered handoffs for one queue date, in rank order. */
export function queueOf(m: EntityManager, ownerRepId: string, queueDate: string): Promise<HandoffEntity[]> {
  return m.find(HandoffEntity, {
    where: { ownerRepId, queueDate, status: 'DELIVERED' },
    order: { priorityRank: 'ASC', createdAt: 'ASC', id: 'ASC' },
  });
}

/** Serializes ranking within one owner's queue for one day until the transaction ends. */
export async function lockQueue(m: EntityManager, ownerRepId: string, queueDate: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('handoff-svc:queue:' || $1 || ':' || $2, 0))`, [ownerRepId, queueDate]);
}

export async function queueEntries(m: EntityManager, ownerRepId: string, queueDate: string): Promise<QueueEntry[]> {
  const rows: { id: string; score: number; created_at: Date }[] = await m.query(
    `SELECT id, (scoring_snapshot->>'score')::double precision AS score, created_at
       FROM handoff WHERE owner_rep_id = $1 AND queue_date = $2 AND status = 'DELIVERED'`,
    [ownerRepId, queueDate],
  );
  return rows.map((r) => ({ handoffId: r.id, score: r.score, createdAt: r.created_at }));
}

/** Inserts the handoff unless its qualification already has one; true when inserted. */
export async function insertHandoff(m: EntityManager, h: HandoffEntity): Promise<boolean> {
  const result = await m
    .createQueryBuilder()
    .insert()
    .into(HandoffEntity)
    .values(h)
    .orIgnore()
    .returning('id')
    .execute();
  return result.raw.length > 0;
}

export async function updateRanks(m: EntityManager, ranks: Map<string, number>): Promise<void> {
  if (ranks.size === 0) return;
  await m.query(
    `UPDATE handoff h SET priority_rank = r.rank
       FROM unnest($1::uuid[], $2::int[]) AS r(id, rank)
      WHERE h.id = r.id AND h.priority_rank IS DISTINCT FROM r.rank`,
    [[...ranks.keys()], [...ranks.values()]],
  );
}
