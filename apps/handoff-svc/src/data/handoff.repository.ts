import type { OwnerAssignment } from '@handoff-graph/contracts';
import { lockInSortedOrder } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { QueueItem, QueueOrderKey, RankedQueueDayTail } from '../domain/queue';
import type { RepCalendar } from '../domain/rep-calendar';
import { defaultCalendar } from '../domain/rep-calendar';
import { toCalendar, type RepProfileRow } from './rep.repository';
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

/** `compareQueueItems` as a query-builder order over alias `h`. */
const QUEUE_ORDER = { 'h.intended_queue_date': 'ASC', 'coalesce(h.priority, 0)': 'DESC', 'h.created_at': 'ASC', 'h.id': 'ASC' } as const;

/**
 * One owner's queue for one day, in rank order (every delivered status: the rep sees what is done
 * too). The order is `compareQueueItems` in SQL: meant for an earlier day first, then higher
 * priority, earlier created, id.
 */
export function queueOf(m: EntityManager, ownerRepId: string, queueDate: string): Promise<HandoffEntity[]> {
  return m
    .getRepository(HandoffEntity)
    .createQueryBuilder('h')
    .where('h.owner_rep_id = :ownerRepId AND h.queue_date = :queueDate', { ownerRepId, queueDate })
    .orderBy(QUEUE_ORDER)
    .getMany();
}

/** A handoff's place in queue order, as SQL expressions. */
type QueueOrderSql = { intendedDate: string; priority: string; createdAt: string; id: string };

/**
 * SQL: the handoff `o` (an alias) is ahead of the given one in queue order — (intended day, priority
 * descending, created, id), as QUEUE_ORDER and domain/queue.ts order them. For rows not in the
 * table (a run's own arrivals); the table's rows are counted by `countAheadInQueue`.
 */
function aheadInQueue(o: string, than: QueueOrderSql): string {
  return `(${o}.intended_queue_date < ${than.intendedDate}
      OR (${o}.intended_queue_date = ${than.intendedDate}
          AND (coalesce(${o}.priority, 0) > ${than.priority}
               OR (coalesce(${o}.priority, 0) = ${than.priority} AND (${o}.created_at, ${o}.id) < (${than.createdAt}, ${than.id})))))`;
}

/**
 * SQL: how many of the owner's handoffs on the queue day are ahead of the given one in queue order,
 * as three counts — meant for an earlier day; for the same day with a higher priority; same day
 * and priority, created earlier — each a range of the handoff_owner_queue index (whose priority
 * column is descending), so only the rows ahead are visited. One count with the three as ORs
 * filtered every row of the day (1,000 rows, 0.5 ms, at the pipeline benchmark's cap).
 */
function countAheadInQueue(ownerRepId: string, queueDate: string, than: QueueOrderSql): string {
  const day = `o.owner_rep_id = ${ownerRepId} AND o.queue_date = ${queueDate}`;
  const sameDay = `${day} AND o.intended_queue_date = ${than.intendedDate}`;
  return `((SELECT count(*)::int FROM handoff o WHERE ${day} AND o.intended_queue_date < ${than.intendedDate})
         + (SELECT count(*)::int FROM handoff o WHERE ${sameDay} AND coalesce(o.priority, 0) > ${than.priority})
         + (SELECT count(*)::int FROM handoff o WHERE ${sameDay} AND coalesce(o.priority, 0) = ${than.priority}
                                                  AND (o.created_at, o.id) < (${than.createdAt}, ${than.id})))`;
}

/**
 * Each queued handoff's rank on its day (1 = first): the number of that day's handoffs (acted on or
 * not) ahead of it in queue order, plus one. Ranks are read when asked, never stored: an arrival or
 * a deferral changes one row, not the rank of everything queued behind it.
 */
export async function queueRanks(m: EntityManager, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; rank: number }[] = await m.query(
    `SELECT q.id, 1 + ${countAheadInQueue('q.owner_rep_id', 'q.queue_date', { intendedDate: 'q.intended_queue_date', priority: 'coalesce(q.priority, 0)', createdAt: 'q.created_at', id: 'q.id' })} AS rank
       FROM handoff q
      WHERE q.id = ANY($1::uuid[]) AND q.queue_date IS NOT NULL`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.rank]));
}

/** Every open handoff a rep owns (delivered, accepted, touched), oldest queue day first, then rank. */
export function openHandoffsOfOwner(m: EntityManager, ownerRepId: string): Promise<HandoffEntity[]> {
  return m
    .getRepository(HandoffEntity)
    .createQueryBuilder('h')
    .where('h.owner_rep_id = :ownerRepId', { ownerRepId })
    .andWhere(`h.status IN ('DELIVERED', 'ACCEPTED', 'FIRST_TOUCH')`)
    .orderBy({ 'h.queue_date': 'ASC', ...QUEUE_ORDER })
    .getMany();
}

/**
 * Serializes planning of the owners' queues (every day: a deferral cascades) until the transaction
 * ends; several owners are locked in one statement, in sorted order (`lockInSortedOrder`).
 */
export function lockOwnerQueues(m: EntityManager, ownerRepIds: string[]): Promise<void> {
  return lockInSortedOrder(m, 'handoff-svc:owner-queue:', ownerRepIds);
}

/** Movable: still DELIVERED (the rep did not act) and not escalated under this owner. */
const MOVABLE = `h.status = 'DELIVERED' AND NOT EXISTS (SELECT 1 FROM handoff_escalation e WHERE e.handoff_id = h.id AND e.from_rep_id = h.owner_rep_id)`;

/**
 * The owner's queue items from `fromDay` on. Movable: still DELIVERED (the rep did not act) and not
 * escalated under this owner.
 */
export async function ownerQueueItems(m: EntityManager, ownerRepId: string, fromDay: string): Promise<(QueueItem & { queuedAt: Date })[]> {
  const rows: {
    id: string;
    priority: number | null;
    created_at: Date;
    queued_at: Date;
    queue_date: string;
    intended_queue_date: string;
    movable: boolean;
  }[] = await m.query(
    `SELECT h.id, h.priority, h.created_at, h.queued_at, to_char(h.queue_date, 'YYYY-MM-DD') AS queue_date,
            to_char(h.intended_queue_date, 'YYYY-MM-DD') AS intended_queue_date,
            (${MOVABLE}) AS movable
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
    queuedAt: r.queued_at,
  }));
}

/** An owner's calendar and queue day tails, as `calendarsAndQueueDayTails` reads them. */
export interface OwnerQueueRead {
  calendar: RepCalendar;
  tails: Map<string, RankedQueueDayTail>;
}

/**
 * In one statement, what arrivals' cascades read (domain/queue.ts `cascadeArrival`) for each owner:
 * the calendar (the documented defaults without a profile) and the owner's queue days from
 * `fromDay` on, each with how many handoffs it holds, its movable handoff last in queue order and
 * its handoff last in queue order (movable or not: an arrival after it ranks count + 1). One
 * `queue_day` row (the count a trigger keeps) and two backward index steps per day, however long
 * the queues.
 */
export async function calendarsAndQueueDayTails(
  m: EntityManager,
  ownerRepIds: readonly string[],
  fromDay: string,
): Promise<Map<string, OwnerQueueRead>> {
  type Key = { id: string; priority: number | null; createdAt: string; intendedDate: string };
  type Tail = { queueDate: string; count: number; lastMovable: Key | null; last: Key | null };
  const owners = [...new Set(ownerRepIds)];
  if (owners.length === 0) return new Map();
  const key = (t: string) =>
    `json_build_object('id', ${t}.id, 'priority', ${t}.priority, 'createdAt', ${t}.created_at, 'intendedDate', to_char(${t}.intended_queue_date, 'YYYY-MM-DD'))`;
  // Both are the first row of the day's handoff_owner_queue range read backwards (queue order reversed).
  const lastOfDay = (movableOnly: boolean) => `(
                 SELECT ${key('h')} FROM handoff h
                  WHERE h.owner_rep_id = o.owner AND h.queue_date = d.queue_date${movableOnly ? ` AND ${MOVABLE}` : ''}
                  ORDER BY h.intended_queue_date DESC, coalesce(h.priority, 0) ASC, h.created_at DESC, h.id DESC
                  LIMIT 1)`;
  const rows: { owner: string; rep: RepProfileRow | null; tails: Tail[] }[] = await m.query(
    `SELECT o.owner,
            (SELECT json_build_object('repId', r.rep_id, 'name', r.name, 'timezone', r.timezone, 'workingDays', r.working_days,
                                      'workingStart', r.working_start, 'workingEnd', r.working_end, 'dailyCapacity', r.daily_capacity,
                                      'managerRepId', r.manager_rep_id, 'active', r.active, 'outOfOffice', r.out_of_office)
               FROM rep r WHERE r.rep_id = o.owner) AS rep,
            (SELECT coalesce(json_agg(json_build_object('queueDate', to_char(d.queue_date, 'YYYY-MM-DD'), 'count', d.count,
                                                        'lastMovable', ${lastOfDay(true)}, 'last', ${lastOfDay(false)})), '[]')
               FROM (SELECT queue_date, handoffs AS count FROM queue_day
                      WHERE owner_rep_id = o.owner AND queue_date >= $2::date AND handoffs > 0) d) AS tails
       FROM unnest($1::text[]) AS o(owner)`,
    [owners, fromDay],
  );
  const orderKey = (k: Key): QueueOrderKey => ({ handoffId: k.id, priority: k.priority ?? 0, createdAt: new Date(k.createdAt), intendedDate: k.intendedDate });
  const movable = (k: Key, queueDate: string): QueueItem => ({ ...orderKey(k), queueDate, movable: true });
  return new Map(
    rows.map((row) => [
      row.owner,
      {
        calendar: row.rep ? toCalendar(row.rep) : defaultCalendar(row.owner),
        tails: new Map(
          row.tails.map((t) => [
            t.queueDate,
            { count: t.count, lastMovable: t.lastMovable ? movable(t.lastMovable, t.queueDate) : null, last: t.last ? orderKey(t.last) : null },
          ]),
        ),
      },
    ]),
  );
}

/** A WITH entry recording deferrals, in order, from parameters $3 to $8 (`deferralParams`). */
const DEFERRALS_FROM_PARAMS_3_TO_8 = `deferred AS (
       INSERT INTO queue_deferral (handoff_id, owner_rep_id, from_date, to_date, reason, deferred_at)
       SELECT handoff_id, owner_rep_id, from_date, to_date, reason, deferred_at
         FROM unnest($3::uuid[], $4::text[], $5::date[], $6::date[], $7::text[], $8::timestamptz[])
              WITH ORDINALITY AS d(handoff_id, owner_rep_id, from_date, to_date, reason, deferred_at, n)
        ORDER BY n)`;

const deferralParams = (deferrals: readonly Omit<QueueDeferralEntity, 'id'>[]) => [
  deferrals.map((d) => d.handoffId),
  deferrals.map((d) => d.ownerRepId),
  deferrals.map((d) => d.fromDate),
  deferrals.map((d) => d.toDate),
  deferrals.map((d) => d.reason),
  deferrals.map((d) => d.deferredAt),
];

/** A handoff `moveQueuedHandoffs` moved to another queue day, with what its re-announcement carries. */
export type MovedHandoff = Pick<HandoffEntity, 'id' | 'accountId' | 'qualificationId' | 'ownerAssignment' | 'currentAssignment' | 'deliveredAt' | 'createdAt' | 'queueDate'> & {
  /** Its qualification's correlation id (the qualification id when the qualification is not stored). */
  correlationId: string;
};

/**
 * Moves handoffs to other queue days (their ranks follow from the queue order) and records the
 * deferrals (in the order given), in one statement; returns the moved handoffs.
 */
export async function moveQueuedHandoffs(
  m: EntityManager,
  moves: readonly { handoffId: string; queueDate: string }[],
  deferrals: readonly Omit<QueueDeferralEntity, 'id'>[],
): Promise<MovedHandoff[]> {
  if (moves.length === 0 && deferrals.length === 0) return [];
  const rows: {
    id: string;
    account_id: string;
    qualification_id: string;
    owner_assignment: OwnerAssignment | null;
    current_assignment: OwnerAssignment | null;
    delivered_at: Date | null;
    created_at: Date;
    queue_date: string;
    correlation_id: string | null;
  }[] = await m.query(
    `WITH moved AS (
       UPDATE handoff h SET queue_date = p.queue_date
         FROM unnest($1::uuid[], $2::date[]) AS p(id, queue_date)
        WHERE h.id = p.id
       RETURNING h.id, h.account_id, h.qualification_id, h.owner_assignment, h.current_assignment, h.delivered_at, h.created_at, h.queue_date::text),
     ${DEFERRALS_FROM_PARAMS_3_TO_8}
     SELECT moved.*, q.correlation_id FROM moved LEFT JOIN qualification q ON q.qualification_id = moved.qualification_id`,
    [
      moves.map((x) => x.handoffId),
      moves.map((x) => x.queueDate),
      ...deferralParams(deferrals),
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    qualificationId: r.qualification_id,
    ownerAssignment: r.owner_assignment,
    currentAssignment: r.current_assignment,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
    queueDate: r.queue_date,
    correlationId: r.correlation_id ?? r.qualification_id,
  }));
}

/**
 * Inserts the handoffs, in order, unless their qualification already has one: one statement. With
 * `ranks`, it also reads each queued one's rank on its day as `queueRanks` would have read it right
 * after that handoff was stored (the handoffs ahead of it then — stored before this statement, or
 * earlier in `handoffs` — plus one): right only when nothing else on those days moves in the same
 * transaction. `knownRanks` (by position; null: count it) are ranks the caller already knows — a
 * handoff that joined its day last in queue order ranks behind all of it — and are returned as
 * given. `deferrals` (the arrivals' own moves on over full days) are recorded with them.
 */
export async function insertHandoffs(
  m: EntityManager,
  handoffs: readonly HandoffEntity[],
  options: { ranks: boolean; knownRanks?: readonly (number | null)[]; deferrals?: readonly Omit<QueueDeferralEntity, 'id'>[] },
): Promise<{ inserted: boolean; rank: number | null }[]> {
  if (handoffs.length === 0) return [];
  const deferrals = options.deferrals ?? [];
  const rows = handoffs.map((h) => ({
    id: h.id,
    qualification_id: h.qualificationId,
    account_id: h.accountId,
    status: h.status,
    named_account: h.namedAccount,
    primary_contact: h.primaryContact,
    scoring_snapshot: h.scoringSnapshot,
    next_action: h.nextAction,
    owner_assignment: h.ownerAssignment,
    missing_elements: h.missingElements,
    reasons: h.reasons,
    created_at: h.createdAt,
    delivered_at: h.deliveredAt,
    owner_rep_id: h.ownerRepId,
    current_assignment: h.currentAssignment,
    queue_date: h.queueDate,
    priority: h.priority,
    intended_queue_date: h.intendedQueueDate,
    queued_at: h.queuedAt,
    status_changed_at: h.statusChangedAt,
    playbook_rule_version: h.playbookRuleVersion,
    stage: h.stage,
  }));
  const columns = Object.keys(rows[0]).join(', ');
  const result: { inserted: boolean; rank: number | null }[] = await m.query(
    `WITH incoming AS (SELECT * FROM jsonb_populate_recordset(NULL::handoff, $1::jsonb) WITH ORDINALITY AS n),
     stored AS (
       INSERT INTO handoff (${columns}) SELECT ${columns} FROM incoming ORDER BY ordinality
       ON CONFLICT DO NOTHING RETURNING id),
     ${DEFERRALS_FROM_PARAMS_3_TO_8}
     SELECT EXISTS (SELECT 1 FROM stored WHERE stored.id = incoming.id) AS inserted,
            CASE WHEN NOT $2::boolean OR incoming.queue_date IS NULL THEN NULL
                 WHEN ($9::int[])[incoming.ordinality] IS NOT NULL THEN ($9::int[])[incoming.ordinality]
                 ELSE 1 + ${countAheadInQueue('incoming.owner_rep_id', 'incoming.queue_date', RANKED_INCOMING)}
                   + (SELECT count(*)::int FROM incoming o
                       WHERE o.ordinality < incoming.ordinality AND o.owner_rep_id = incoming.owner_rep_id AND o.queue_date = incoming.queue_date
                         AND ${aheadInQueue('o', RANKED_INCOMING)}) END AS rank
       FROM incoming ORDER BY incoming.ordinality`,
    [
      JSON.stringify(rows),
      options.ranks,
      ...deferralParams(deferrals),
      handoffs.map((_, i) => options.knownRanks?.[i] ?? null),
    ],
  );
  return result;
}

const RANKED_INCOMING: QueueOrderSql = { intendedDate: 'incoming.intended_queue_date', priority: 'coalesce(incoming.priority, 0)', createdAt: 'incoming.created_at', id: 'incoming.id' };

/** `insertHandoffs` for one handoff; `rank`: read its rank on its queue day. */
export async function insertHandoff(m: EntityManager, h: HandoffEntity, options: { rank?: boolean } = {}): Promise<{ inserted: boolean; rank: number | null }> {
  const [row] = await insertHandoffs(m, [h], { ranks: options.rank ?? false });
  return row;
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

/** In the given order (the id orders a handoff's history), one statement. */
export async function insertTransitions(m: EntityManager, rows: Omit<HandoffTransitionEntity, 'id'>[]): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO handoff_transition (handoff_id, from_status, to_status, at, recorded_at, reason, applied, cause_type, cause_event_id)
     SELECT handoff_id, from_status, to_status, at, recorded_at, reason, applied, cause_type, cause_event_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::boolean[], $8::text[], $9::uuid[])
            WITH ORDINALITY AS t(handoff_id, from_status, to_status, at, recorded_at, reason, applied, cause_type, cause_event_id, n)
      ORDER BY n`,
    [
      rows.map((r) => r.handoffId),
      rows.map((r) => r.fromStatus ?? null),
      rows.map((r) => r.toStatus),
      rows.map((r) => r.at),
      rows.map((r) => r.recordedAt),
      rows.map((r) => r.reason),
      rows.map((r) => r.applied),
      rows.map((r) => r.causeType ?? null),
      rows.map((r) => r.causeEventId ?? null),
    ],
  );
}

export function transitionsOf(m: EntityManager, handoffId: string): Promise<HandoffTransitionEntity[]> {
  return m.find(HandoffTransitionEntity, { where: { handoffId }, order: { id: 'ASC' } });
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
