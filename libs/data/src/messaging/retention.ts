import type { DataSource } from 'typeorm';

/** How long published outbox rows and inbox rows are kept, and how many rows one DELETE removes. */
export interface MessagingRetention {
  /** Published outbox rows older than this (hours since `published_at`) are deleted; unpublished rows never are. */
  outboxKeepHours: number;
  /**
   * Inbox rows older than this (hours since `consumed_at`) are deleted. Must be at least as long as
   * Kafka keeps the topics: an event still in a topic can be redelivered (a consumer group reset to
   * earliest, say), and only its inbox row makes that redelivery harmless.
   */
  inboxKeepHours: number;
  /** Rows per DELETE (default 5000): each statement holds its row locks only that long. */
  batchSize?: number;
}

/** The defaults of OUTBOX_RETENTION_HOURS and INBOX_RETENTION_HOURS (libs/config env.ts): 7 and 14 days. */
export const DEFAULT_MESSAGING_RETENTION: Required<MessagingRetention> = { outboxKeepHours: 168, inboxKeepHours: 336, batchSize: 5000 };

/**
 * One batch of pruneMessaging per table (`$1` hours kept, `$2` rows at most; answers `n`, the rows
 * deleted). The oldest rows' ctids are read from the timestamp index (1764000000001-MessagingRetentionIndexes)
 * and locked, then deleted by a TID scan: a join back on the key instead hashed the whole inbox for
 * every batch (measured ~100 ms per 5000 rows of a 200k-row inbox, against ~7 ms this way). ORDER BY
 * keeps the planner on the index even when most of the table is old (with a bare LIMIT it chose a
 * sequential scan there, which re-reads the pages earlier batches emptied). The ctids are stable:
 * the rows are locked, and a published outbox row or an inbox row is never updated. Exported so the
 * spec can EXPLAIN exactly what runs.
 */
export const PRUNE_STATEMENTS = {
  outbox: `WITH deleted AS (
             DELETE FROM outbox WHERE ctid = ANY (ARRAY(
               SELECT ctid FROM outbox
                WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)
                ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED))
             RETURNING 1)
           SELECT count(*)::int AS n FROM deleted`,
  inbox: `WITH deleted AS (
            DELETE FROM inbox WHERE ctid = ANY (ARRAY(
              SELECT ctid FROM inbox
               WHERE consumed_at < now() - make_interval(hours => $1)
               ORDER BY consumed_at LIMIT $2 FOR UPDATE SKIP LOCKED))
            RETURNING 1)
          SELECT count(*)::int AS n FROM deleted`,
} as const;

/** Rows one `pruneMessaging` run deleted. */
export interface PrunedMessaging {
  outbox: number;
  inbox: number;
}

/**
 * Deletes outbox rows published more than `outboxKeepHours` ago and inbox rows consumed more than
 * `inboxKeepHours` ago (both against the database's now()), `batchSize` rows per statement, each
 * statement its own transaction, until a statement finds fewer than a batch.
 *
 * Old rows are found, oldest first, through the indexes on `outbox (published_at)` and
 * `inbox (consumed_at)`, not by scanning the table. The rows are locked with
 * SKIP LOCKED: two instances of a service pruning at once share the work instead of waiting on each
 * other. An unpublished outbox row (`published_at IS NULL`) is never selected, and no row becomes
 * unpublished again, so the relay and the pruning never want the same row.
 */
export async function pruneMessaging(dataSource: DataSource, retention: MessagingRetention): Promise<PrunedMessaging> {
  const batchSize = Math.trunc(retention.batchSize ?? DEFAULT_MESSAGING_RETENTION.batchSize);
  for (const [name, hours] of [
    ['outboxKeepHours', retention.outboxKeepHours],
    ['inboxKeepHours', retention.inboxKeepHours],
  ] as const) {
    if (!Number.isInteger(hours) || hours < 0) throw new Error(`pruneMessaging: ${name} must be a whole number of hours ≥ 0, got ${hours}`);
  }
  if (!(batchSize >= 1)) throw new Error(`pruneMessaging: batchSize must be at least 1, got ${retention.batchSize}`);

  const outbox = await deleteInBatches(dataSource, PRUNE_STATEMENTS.outbox, retention.outboxKeepHours, batchSize);
  const inbox = await deleteInBatches(dataSource, PRUNE_STATEMENTS.inbox, retention.inboxKeepHours, batchSize);
  return { outbox, inbox };
}

/** Runs a PRUNE_STATEMENTS statement until it deletes fewer than a batch; the rows it deleted in all. */
async function deleteInBatches(dataSource: DataSource, sql: string, hours: number, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ n }]: { n: number }[] = await dataSource.query(sql, [hours, batchSize]);
    total += n;
    if (n < batchSize) return total;
  }
}
