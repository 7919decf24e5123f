import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the retention (pruneMessaging) reads to find old rows, oldest first, without scanning the
 * tables: `outbox (published_at)` for published rows only (an unpublished row has no entry, so an
 * enqueue adds nothing to it; the relay's publish adds one) and `inbox (consumed_at)`.
 *
 * B-trees, not BRIN. BRIN looks made for this (rows arrive in time order) but does not stay so under
 * retention: once old rows are deleted and vacuumed, new rows reuse their pages, a BRIN range's
 * summary only ever widens, and soon every range claims old rows. Measured on a 200k-row inbox after
 * one delete / vacuum / refill cycle: the BRIN lookup of the oldest rows read 1102 of 1870 heap pages
 * (18.6 ms), the B-tree 17 (0.5 ms). A timestamp that only grows is appended at the B-tree's right
 * edge, the cheapest insert a B-tree has; the relay's `UPDATE … SET published_at` was not a HOT update
 * before either (`published_at` is in the predicate of `outbox_unpublished`).
 *
 * Plain CREATE INDEX, in the migration's transaction: writes to the table wait while it builds (a
 * second or so per million rows).
 */
export class MessagingRetentionIndexes1764000000001 implements MigrationInterface {
  name = 'MessagingRetentionIndexes1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_consumed_at ON inbox (consumed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inbox_consumed_at`);
    await q.query(`DROP INDEX outbox_published_at`);
  }
}
