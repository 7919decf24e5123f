import type { SignalType } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { AggregateSignal } from '../domain/aggregate';
import { candidateDomains, referenceDomain, referenceValue, type AccountReference } from '../domain/matching';
import type { IncomingSignal, ScoringSignal } from '../domain/signal';
import type { ReplaySignal } from '../domain/simulation';
import { SignalEntity } from './signal.entity';

/** Where a new signal goes: counted for an account from `countedAt`, or unmatched with the reason. */
export type SignalPlacement = { accountId: string; countedAt: Date } | { accountId: null; unmatchedReason: string };

/** The reference's domain and its parents (null for id references). */
function matchDomains(ref: AccountReference): string[] | null {
  const domain = referenceDomain(ref);
  return domain === null ? null : candidateDomains(domain);
}

/**
 * Stores the signals whose ids are new, in one statement; returns the ids it stored (a known id
 * is left alone: a repeated signal changes nothing).
 */
export async function insertSignals(
  manager: EntityManager,
  signals: { signal: IncomingSignal; placement: SignalPlacement }[],
  receivedAt: Date,
): Promise<Set<string>> {
  if (signals.length === 0) return new Set();
  const values: unknown[] = [receivedAt];
  const tuples = signals.map(({ signal, placement }) => {
    const first = values.length + 1;
    values.push(
      signal.signalId,
      placement.accountId,
      signal.contactEmail,
      signal.signalType,
      signal.occurredAt,
      signal.source,
      signal.detail,
      signal.reference.kind,
      referenceValue(signal.reference),
      referenceDomain(signal.reference),
      matchDomains(signal.reference),
      placement.accountId === null ? null : placement.countedAt,
      placement.accountId === null ? placement.unmatchedReason : null,
    );
    const p = (k: number) => `$${first + k}`;
    return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}::timestamptz, ${p(5)}, ${p(6)}, $1::timestamptz, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}::text[], ${p(11)}::timestamptz, ${p(12)})`;
  });
  const inserted: { signal_id: string }[] = await manager.query(
    `INSERT INTO signal (signal_id, account_id, contact_email, signal_type, occurred_at, source, detail, received_at,
                         ref_kind, ref_value, ref_domain, match_domains, counted_at, unmatched_reason)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (signal_id) DO NOTHING
     RETURNING signal_id`,
    values,
  );
  return new Set(inserted.map((r) => r.signal_id));
}

/**
 * The account's signals known at `asOf` (counted at or before it) that occurred in [since, asOf],
 * oldest first: what a snapshot at `asOf` is computed from.
 */
export async function findAccountSignalsKnownAt(manager: EntityManager, accountId: string, since: Date, asOf: Date): Promise<ScoringSignal[]> {
  const rows: SignalEntity[] = await manager
    .getRepository(SignalEntity)
    .createQueryBuilder('s')
    .where('s.accountId = :accountId', { accountId })
    .andWhere('s.occurredAt >= :since AND s.occurredAt <= :asOf', { since, asOf })
    .andWhere('s.countedAt <= :asOf', { asOf })
    .orderBy('s.occurredAt', 'ASC')
    .addOrderBy('s.signalId', 'ASC')
    .getMany();
  return rows.map(toScoringSignal);
}

/** The counted signals of the given accounts that occurred in [from, to] (aggregate rebuilds), by account. */
export async function findCountedSignalsOf(manager: EntityManager, accountIds: string[], from: Date, to: Date): Promise<Map<string, AggregateSignal[]>> {
  if (accountIds.length === 0) return new Map();
  return byAccount(
    await manager.query(
      `SELECT account_id, signal_type, occurred_at FROM signal WHERE account_id = ANY($1) AND occurred_at >= $2 AND occurred_at <= $3`,
      [accountIds, from, to],
    ),
  );
}

/**
 * For each account, its counted signals that occurred in [leaving.from, leaving.before) or
 * (entering.after, entering.through] — one statement for all accounts, each an index range scan.
 */
export async function findWindowCrossings(
  manager: EntityManager,
  moves: { accountId: string; leaving: { from: Date; before: Date }; entering: { after: Date; through: Date } }[],
): Promise<Map<string, AggregateSignal[]>> {
  const moving = moves.filter((m) => m.leaving.before.getTime() > m.leaving.from.getTime() || m.entering.through.getTime() > m.entering.after.getTime());
  if (moving.length === 0) return new Map();
  return byAccount(
    await manager.query(
      // Two range scans of (account_id, occurred_at) per account; an OR in one condition would read the account's whole history.
      `SELECT w.account_id, s.signal_type, s.occurred_at
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[]) AS w(account_id, leave_from, leave_before, enter_after, enter_through)
       CROSS JOIN LATERAL (
         SELECT signal_type, occurred_at FROM signal
         WHERE account_id = w.account_id AND occurred_at >= w.leave_from AND occurred_at < w.leave_before
         UNION ALL
         SELECT signal_type, occurred_at FROM signal
         WHERE account_id = w.account_id AND occurred_at > w.enter_after AND occurred_at <= w.enter_through
       ) s`,
      [
        moving.map((m) => m.accountId),
        moving.map((m) => m.leaving.from),
        moving.map((m) => m.leaving.before),
        moving.map((m) => m.entering.after),
        moving.map((m) => m.entering.through),
      ],
    ),
  );
}

function byAccount(rows: { account_id: string; signal_type: SignalType; occurred_at: Date }[]): Map<string, AggregateSignal[]> {
  const map = new Map<string, AggregateSignal[]>();
  for (const r of rows) {
    let list = map.get(r.account_id);
    if (!list) map.set(r.account_id, (list = []));
    list.push({ signalType: r.signal_type, occurredAt: r.occurred_at });
  }
  return map;
}

/** Unmatched signals that might be about an account with this CRM id or domain (or a subdomain of it). */
export async function findUnmatchedFor(manager: EntityManager, crmId: string, domain: string): Promise<SignalEntity[]> {
  return manager
    .getRepository(SignalEntity)
    .createQueryBuilder('s')
    .where('s.accountId IS NULL')
    .andWhere(
      `((s.refKind = 'CRM_ID' AND s.refValue = :crmId) OR s.matchDomains @> ARRAY[:domain]::text[])`,
      { crmId, domain },
    )
    .orderBy('s.occurredAt', 'ASC')
    .addOrderBy('s.signalId', 'ASC')
    .getMany();
}

/** Assigns unmatched signals to their account, counting from `countedAt`. */
export async function matchSignals(manager: EntityManager, signalIds: string[], accountId: string, countedAt: Date): Promise<void> {
  if (signalIds.length === 0) return;
  await manager.query(
    `UPDATE signal SET account_id = $2, counted_at = $3, unmatched_reason = NULL WHERE signal_id = ANY($1) AND account_id IS NULL`,
    [signalIds, accountId, countedAt],
  );
}

/** Records why a still unmatched signal does not match (it may change as the directory changes). */
export async function setUnmatchedReason(manager: EntityManager, signalId: string, reason: string): Promise<void> {
  await manager.query(`UPDATE signal SET unmatched_reason = $2 WHERE signal_id = $1 AND account_id IS NULL`, [signalId, reason]);
}

/** Unmatched signals, oldest received first, and how many there are. */
export async function listUnmatched(manager: EntityManager, limit: number): Promise<{ total: number; signals: SignalEntity[] }> {
  const unmatched = manager.getRepository(SignalEntity).createQueryBuilder('s').where('s.accountId IS NULL');
  const [signals, total] = await Promise.all([
    unmatched.clone().orderBy('s.receivedAt', 'ASC').addOrderBy('s.signalId', 'ASC').take(limit).getMany(),
    unmatched.clone().getCount(),
  ]);
  return { total, signals };
}

/**
 * Every matched signal that occurred in [from, to], one account at a time (ordered by account id,
 * each account's signals oldest first), read a page of about `pageRows` rows at a time: what a
 * simulation replays, without holding the whole history in memory.
 */
export async function* signalsForReplay(manager: EntityManager, from: Date, to: Date, pageRows = 100_000): AsyncGenerator<[string, ReplaySignal[]]> {
  const page = (after: string, only: string | null) =>
    manager.query(
      only === null
        ? `SELECT account_id, signal_type, occurred_at FROM signal
           WHERE account_id > $1 AND occurred_at >= $2 AND occurred_at <= $3 ORDER BY account_id, occurred_at LIMIT $4`
        : `SELECT account_id, signal_type, occurred_at FROM signal WHERE account_id = $1 AND occurred_at >= $2 AND occurred_at <= $3 ORDER BY occurred_at`,
      only === null ? [after, from, to, pageRows] : [only, from, to],
    ) as Promise<{ account_id: string; signal_type: SignalType; occurred_at: Date }[]>;
  let after = '';
  for (;;) {
    const rows = await page(after, null);
    if (rows.length === 0) return;
    const accounts = [...byAccount(rows).entries()];
    const lastPage = rows.length < pageRows;
    if (!lastPage) {
      // The page's last account may go on in the next page: read it whole (alone, if it fills the page).
      const [partial] = accounts.pop()!;
      accounts.push([partial, [...byAccount(await page('', partial)).values()][0] ?? []]);
    }
    for (const entry of accounts) yield entry;
    if (lastPage) return;
    after = accounts[accounts.length - 1][0];
  }
}

export function toScoringSignal(row: SignalEntity): ScoringSignal {
  return {
    signalId: row.signalId,
    signalType: row.signalType,
    occurredAt: row.occurredAt,
    source: row.source,
    detail: row.detail,
    contactEmail: row.contactEmail,
  };
}
