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

/** New signals to store, each with where it goes, received at one instant. */
export interface NewSignals {
  signals: { signal: IncomingSignal; placement: SignalPlacement }[];
  receivedAt: Date;
}

/**
 * The statement that stores the signals whose ids are new and returns the ids it stored (a known
 * id is left alone: a repeated signal changes nothing). Its parameters are appended to `values`,
 * so it can be part of a larger statement (loadScoringState sends it with the reads scoring needs).
 */
export function insertSignalsStatement({ signals, receivedAt }: NewSignals, values: unknown[]): string {
  values.push(receivedAt);
  const received = values.length;
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
    return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}::timestamptz, ${p(5)}, ${p(6)}, $${received}::timestamptz, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}::text[], ${p(11)}::timestamptz, ${p(12)})`;
  });
  return `INSERT INTO signal (signal_id, account_id, contact_email, signal_type, occurred_at, source, detail, received_at,
                           ref_kind, ref_value, ref_domain, match_domains, counted_at, unmatched_reason)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (signal_id) DO NOTHING
       RETURNING signal_id`;
}

/**
 * The account's signals known at `asOf` (counted at or before it) that occurred in [since, asOf],
 * oldest first: what a snapshot at `asOf` is computed from.
 */
export async function findAccountSignalsKnownAt(manager: EntityManager, accountId: string, since: Date, asOf: Date): Promise<ScoringSignal[]> {
  return (await findSignalsKnownAt(manager, [{ accountId, since, asOf }])).get(accountId) ?? [];
}

/**
 * `findAccountSignalsKnownAt` for several accounts in one statement (one index range scan each), by
 * account. `OFFSET 0` keeps the lateral a per-account index scan: flattened into a join, a run of
 * ~90 accounts on a table without statistics yet (a fresh or freshly loaded one) was planned as a
 * hash join over a sequential scan of every signal — 22 ms a run in the pipeline benchmark at
 * 1,000 signals/s, against 0.6 ms.
 */
export async function findSignalsKnownAt(manager: EntityManager, asks: { accountId: string; since: Date; asOf: Date }[]): Promise<Map<string, ScoringSignal[]>> {
  const found = new Map<string, ScoringSignal[]>(asks.map((a) => [a.accountId, []]));
  if (asks.length === 0) return found;
  const rows: { account_id: string; signal_id: string; signal_type: SignalType; occurred_at: Date; source: string; detail: string | null; contact_email: string | null }[] =
    await manager.query(
      `SELECT w.account_id, s.signal_id, s.signal_type, s.occurred_at, s.source, s.detail, s.contact_email
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS w(account_id, since, as_of)
       CROSS JOIN LATERAL (
         SELECT signal_id, signal_type, occurred_at, source, detail, contact_email FROM signal
         WHERE account_id = w.account_id AND occurred_at >= w.since AND occurred_at <= w.as_of AND counted_at <= w.as_of
         OFFSET 0
       ) s
       ORDER BY s.occurred_at, s.signal_id`,
      [asks.map((a) => a.accountId), asks.map((a) => a.since), asks.map((a) => a.asOf)],
    );
  for (const r of rows) {
    found.get(r.account_id)!.push({ signalId: r.signal_id, signalType: r.signal_type, occurredAt: r.occurred_at, source: r.source, detail: r.detail, contactEmail: r.contact_email });
  }
  return found;
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
