import type { EntityManager } from 'typeorm';
import type { QueueItem } from '../domain/queue';
import { HandoffEscalationEntity, HandoffRerouteEntity, HandoffTransitionEntity, QueueDeferralEntity } from './handoff-history.entity';
import { HandoffEntity } from './handoff.entity';

export function findHandoff(m: EntityManager, id: string): Promise<HandoffEntity | null> {
  return m.findOneBy(HandoffEntity, { id });
}

/** Locks the handoff row until the transaction ends (lifecycle, sweep and re-route never interleave on one handoff). */
export function lockHandoff(m: EntityManager, id: string): Promise<HandoffEntity | null> {
  return m.findOne(HandoffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
}

export function findHandoffs(m: EntityManager, ids: string[]): Promise<HandoffEntity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return m.getRepository(HandoffEntity).createQueryBuilder('h').where('h.id = ANY(:ids)', { ids }).getMany();
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

/** The newest handoff of each account (the order of latestHandoffOfAccount), for accounts that have one. */
export function latestHandoffsOfAccounts(m: EntityManager, accountIds: string[]): Promise<HandoffEntity[]> {
  if (accountIds.length === 0) return Promise.resolve([]);
  return m
    .getRepository(HandoffEntity)
    .createQueryBuilder('h')
    .where(
      `h.id IN (SELECT DISTINCT ON (account_id) id FROM handoff WHERE account_id = ANY(:accountIds) ORDER BY account_id, created_at DESC, id ASC)`,
      { accountIds },
    )
    .getMany();
}

/** The account's handoffs that are still open (re-routing), oldest first, locked. */
export function openHandoffsOfAccount(m: EntityManager, accountId: string): Promise<HandoffEntity[]> {
  return m
    .getRepository(HandoffEntity)
    .createQueryBuilder('h')
    .where('h.account_id = :accountId', { accountId })
    .andWhere(`h.status IN ('DELIVERED', 'ACCEPTED', 'FIRST_TOUCH')`)
    .orderBy('h.created_at', 'ASC')
    .addOrderBy('h.id', 'ASC')
    .setLock('pessimistic_write')
    .getMany();
}

/** Newest first. */
export function incompleteHandoffs(m: EntityManager): Promise<HandoffEntity[]> {
  return m.find(HandoffEntity, { where: { status: 'INCOMPLETE' }, order: { createdAt: 'DESC', id: 'ASC' } });
}

/** One owner's queue for one day, in rank order (every delivered status: the rep sees what is done too). */
export function queueOf(m: EntityManager, ownerRepId: string, queueDate: string): Promise<HandoffEntity[]> {
  return m.find(HandoffEntity, {
    where: { ownerRepId, queueDate },
    order: { priorityRank: 'ASC', createdAt: 'ASC', id: 'ASC' },
  });
}

/** Every open handoff a rep owns (delivered, accepted, touched), oldest queue day first, then rank. */
export function openHandoffsOfOwner(m: EntityManager, ownerRepId: string): Promise<HandoffEntity[]> {
  return m
    .getRepository(HandoffEntity)
    .createQueryBuilder('h')
    .where('h.owner_rep_id = :ownerRepId', { ownerRepId })
    .andWhere(`h.status IN ('DELIVERED', 'ACCEPTED', 'FIRST_TOUCH')`)
    .orderBy('h.queue_date', 'ASC')
    .addOrderBy('h.priority_rank', 'ASC')
    .addOrderBy('h.id', 'ASC')
    .getMany();
}

/** Serializes planning of one owner's queues (every day: a deferral cascades) until the transaction ends. */
export async function lockOwnerQueue(m: EntityManager, ownerRepId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('handoff-svc:owner-queue:' || $1, 0))`, [ownerRepId]);
}

/**
 * The owner's queue items from `fromDay` on. Movable: still DELIVERED (the rep did not act) and not
 * escalated under this owner.
 */
export async function ownerQueueItems(m: EntityManager, ownerRepId: string, fromDay: string): Promise<(QueueItem & { rank: number; queuedAt: Date })[]> {
  const rows: {
    id: string;
    priority: number | null;
    created_at: Date;
    queued_at: Date;
    queue_date: string;
    intended_queue_date: string;
    priority_rank: number;
    movable: boolean;
  }[] = await m.query(
    `SELECT h.id, h.priority, h.created_at, h.queued_at, to_char(h.queue_date, 'YYYY-MM-DD') AS queue_date,
            to_char(h.intended_queue_date, 'YYYY-MM-DD') AS intended_queue_date, h.priority_rank,
            (h.status = 'DELIVERED' AND NOT EXISTS (
               SELECT 1 FROM handoff_escalation e WHERE e.handoff_id = h.id AND e.from_rep_id = h.owner_rep_id)) AS movable
       FROM handoff h
      WHERE h.owner_rep_id = $1 AND h.queue_date >= $2::date`,
    [ownerRepId, fromDay],
  );
  return rows.map((r) => ({
    handoffId: r.id,
    priority: r.priority ?? 0,
    createdAt: r.created_at,
    queueDate: r.queue_date,
    intendedDate: r.intended_queue_date,
    movable: r.movable,
    rank: r.priority_rank,
    queuedAt: r.queued_at,
  }));
}

/**
 * How an arrival stands on one day of the owner's queue without reading the queue: how many
 * handoffs the day holds (the arrival itself not counted) and how many of them come before the
 * arrival in queue order — `compareQueueItems` in SQL: the day it was meant for, higher priority,
 * earlier created, then id. One indexed count over the day.
 */
export async function standingOnQueueDay(
  m: EntityManager,
  ownerRepId: string,
  queueDate: string,
  arrival: Pick<QueueItem, 'handoffId' | 'priority' | 'createdAt' | 'intendedDate'>,
): Promise<{ onDay: number; ahead: number }> {
  const rows: { on_day: number; ahead: number }[] = await m.query(
    `SELECT count(*)::int AS on_day,
            (count(*) FILTER (WHERE (h.intended_queue_date, -coalesce(h.priority, 0), h.created_at, h.id)
                                  < ($3::date, -$4::float8, $5::timestamptz, $6::uuid)))::int AS ahead
       FROM handoff h
      WHERE h.owner_rep_id = $1 AND h.queue_date = $2::date AND h.id <> $6::uuid`,
    [ownerRepId, queueDate, arrival.intendedDate, arrival.priority, arrival.createdAt, arrival.handoffId],
  );
  return { onDay: rows[0].on_day, ahead: rows[0].ahead };
}

/**
 * Ranks one day of the owner's queue 1..n in queue order (`compareQueueItems`), writing only the
 * handoffs whose rank changed (after an arrival: those behind it, each one down).
 */
export async function rankQueueDay(m: EntityManager, ownerRepId: string, queueDate: string): Promise<void> {
  await m.query(
    `UPDATE handoff h SET priority_rank = r.rank
       FROM (SELECT id, row_number() OVER (ORDER BY intended_queue_date, coalesce(priority, 0) DESC, created_at, id)::int AS rank
               FROM handoff WHERE owner_rep_id = $1 AND queue_date = $2::date) r
      WHERE h.id = r.id AND h.priority_rank IS DISTINCT FROM r.rank`,
    [ownerRepId, queueDate],
  );
}

export async function updatePlacements(m: EntityManager, placements: { id: string; queueDate: string; rank: number }[]): Promise<void> {
  if (placements.length === 0) return;
  await m.query(
    `UPDATE handoff h SET queue_date = p.queue_date, priority_rank = p.rank
       FROM unnest($1::uuid[], $2::date[], $3::int[]) AS p(id, queue_date, rank)
      WHERE h.id = p.id`,
    [placements.map((p) => p.id), placements.map((p) => p.queueDate), placements.map((p) => p.rank)],
  );
}

/** Inserts the handoff unless its qualification already has one; true when inserted. */
export async function insertHandoff(m: EntityManager, h: HandoffEntity): Promise<boolean> {
  const result = await m.createQueryBuilder().insert().into(HandoffEntity).values(h).orIgnore().returning('id').execute();
  return result.raw.length > 0;
}

/** Earlier handoffs of the account (for the stage): created before `before`. */
export async function earlierHandoffsOfAccount(m: EntityManager, accountId: string, before: Date): Promise<{ createdAt: Date; delivered: boolean }[]> {
  const rows: { created_at: Date; delivered: boolean }[] = await m.query(
    `SELECT created_at, delivered_at IS NOT NULL AS delivered FROM handoff WHERE account_id = $1 AND created_at < $2`,
    [accountId, before],
  );
  return rows.map((r) => ({ createdAt: r.created_at, delivered: r.delivered }));
}

/**
 * Open handoffs whose SLA may have fallen due (queue day not after `latestQueueDate`, queued no later
 * than `queuedBy`), in (queue day, id) order after `after`, locked, skipping rows another
 * transaction holds.
 */
export function sweepCandidates(
  m: EntityManager,
  latestQueueDate: string,
  queuedBy: Date,
  limit: number,
  after?: { queueDate: string; id: string },
): Promise<HandoffEntity[]> {
  const q = m
    .getRepository(HandoffEntity)
    .createQueryBuilder('h')
    .where(`h.status IN ('DELIVERED', 'ACCEPTED')`)
    .andWhere('h.queue_date <= :latest', { latest: latestQueueDate })
    .andWhere('h.queued_at <= :queuedBy', { queuedBy });
  if (after) q.andWhere('(h.queue_date, h.id) > (CAST(:afterDate AS date), CAST(:afterId AS uuid))', { afterDate: after.queueDate, afterId: after.id });
  return q
    .orderBy('h.queue_date', 'ASC')
    .addOrderBy('h.id', 'ASC')
    .limit(limit)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
}

// ---- history: transitions, deferrals, escalations, re-routes ----

export async function insertTransitions(m: EntityManager, rows: Omit<HandoffTransitionEntity, 'id'>[]): Promise<void> {
  if (rows.length) await m.insert(HandoffTransitionEntity, rows);
}

export function transitionsOf(m: EntityManager, handoffId: string): Promise<HandoffTransitionEntity[]> {
  return m.find(HandoffTransitionEntity, { where: { handoffId }, order: { id: 'ASC' } });
}

export async function insertDeferrals(m: EntityManager, rows: Omit<QueueDeferralEntity, 'id'>[]): Promise<void> {
  if (rows.length) await m.insert(QueueDeferralEntity, rows);
}

export function deferralsOf(m: EntityManager, handoffId: string): Promise<QueueDeferralEntity[]> {
  return m.find(QueueDeferralEntity, { where: { handoffId }, order: { id: 'ASC' } });
}

/** Cap deferrals off days in [from, to]. */
export async function capDeferralsBetween(m: EntityManager, from: string, to: string): Promise<{ repId: string; handoffId: string; fromDate: string }[]> {
  const rows: { owner_rep_id: string; handoff_id: string; from_date: string }[] = await m.query(
    `SELECT owner_rep_id, handoff_id, to_char(from_date, 'YYYY-MM-DD') AS from_date
       FROM queue_deferral WHERE reason = 'CAPACITY' AND from_date BETWEEN $1::date AND $2::date`,
    [from, to],
  );
  return rows.map((r) => ({ repId: r.owner_rep_id, handoffId: r.handoff_id, fromDate: r.from_date }));
}

/** How many handoffs each (rep, day) queue holds now, for days in [from, to]. */
export async function queueSizes(m: EntityManager, from: string, to: string): Promise<Map<string, number>> {
  const rows: { owner_rep_id: string; queue_date: string; n: number }[] = await m.query(
    `SELECT owner_rep_id, to_char(queue_date, 'YYYY-MM-DD') AS queue_date, count(*)::int AS n
       FROM handoff WHERE queue_date BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
    [from, to],
  );
  return new Map(rows.map((r) => [`${r.owner_rep_id}\u0000${r.queue_date}`, r.n]));
}

/** Stores the escalation unless this level was already made for this owner; the row when stored. */
export async function insertEscalation(m: EntityManager, e: Omit<HandoffEscalationEntity, 'id'>): Promise<boolean> {
  const result = await m.createQueryBuilder().insert().into(HandoffEscalationEntity).values(e).orIgnore().returning('id').execute();
  return result.raw.length > 0;
}

/** The escalation levels made for each of the handoffs, with the owner they were made for. */
export async function escalationLevelsOf(m: EntityManager, handoffIds: string[]): Promise<{ handoffId: string; fromRepId: string; level: 'BACKUP' | 'MANAGER' }[]> {
  if (handoffIds.length === 0) return [];
  const rows: { handoff_id: string; from_rep_id: string; level: 'BACKUP' | 'MANAGER' }[] = await m.query(
    `SELECT handoff_id, from_rep_id, level FROM handoff_escalation WHERE handoff_id = ANY($1::uuid[]) ORDER BY id`,
    [handoffIds],
  );
  return rows.map((r) => ({ handoffId: r.handoff_id, fromRepId: r.from_rep_id, level: r.level }));
}

export function escalationsOf(m: EntityManager, handoffId: string): Promise<HandoffEscalationEntity[]> {
  return m.find(HandoffEscalationEntity, { where: { handoffId }, order: { id: 'ASC' } });
}

/** Open handoffs escalated to a rep (as backup or manager), newest escalation first. */
export async function handoffsEscalatedTo(m: EntityManager, repId: string): Promise<HandoffEntity[]> {
  const rows: { handoff_id: string }[] = await m.query(
    `SELECT e.handoff_id, max(e.escalated_at) AS last
       FROM handoff_escalation e JOIN handoff h ON h.id = e.handoff_id
      WHERE e.to_rep_id = $1 AND h.status IN ('DELIVERED', 'ACCEPTED') AND e.from_rep_id = h.owner_rep_id
      GROUP BY e.handoff_id ORDER BY last DESC, e.handoff_id`,
    [repId],
  );
  const byId = new Map((await findHandoffs(m, rows.map((r) => r.handoff_id))).map((h) => [h.id, h]));
  return rows.map((r) => byId.get(r.handoff_id)!).filter(Boolean);
}

export async function insertReroute(m: EntityManager, r: Omit<HandoffRerouteEntity, 'id'>): Promise<void> {
  await m.insert(HandoffRerouteEntity, r);
}

export function reroutesOf(m: EntityManager, handoffId: string): Promise<HandoffRerouteEntity[]> {
  return m.find(HandoffRerouteEntity, { where: { handoffId }, order: { id: 'ASC' } });
}

/** The qualification's correlation id: every event about the handoff carries it. */
export async function correlationOf(m: EntityManager, qualificationId: string): Promise<string> {
  const rows: { correlation_id: string }[] = await m.query(`SELECT correlation_id FROM qualification WHERE qualification_id = $1`, [qualificationId]);
  return rows[0]?.correlation_id ?? qualificationId;
}

/** Who each handoff was escalated to (backups offered it, managers it went to), for the read rule of domain/access.ts. */
export async function escalationTargetsOf(m: EntityManager, handoffIds: string[]): Promise<Map<string, string[]>> {
  const targets = new Map<string, string[]>();
  if (handoffIds.length === 0) return targets;
  const rows: { handoff_id: string; to_rep_id: string }[] = await m.query(
    `SELECT DISTINCT handoff_id, to_rep_id FROM handoff_escalation WHERE handoff_id = ANY($1::uuid[]) AND to_rep_id IS NOT NULL`,
    [handoffIds],
  );
  for (const r of rows) targets.set(r.handoff_id, [...(targets.get(r.handoff_id) ?? []), r.to_rep_id]);
  return targets;
}
