import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A handoff's rank is read from the queue order when asked (handoff.repository.ts `queueRanks`)
 * instead of stored: storing it made every arrival rewrite the rank of each handoff queued behind
 * it, and every deferral cascade rewrite whole days. The queue-order index serves the day counts,
 * each day's last movable handoff (a backward index step) and the rank counts.
 */
export class QueueRanksReadWhenAsked1764500000000 implements MigrationInterface {
  name = 'QueueRanksReadWhenAsked1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE handoff DROP CONSTRAINT handoff_delivery_check`);
    await q.query(`DROP INDEX handoff_owner_queue`);
    await q.query(`ALTER TABLE handoff DROP COLUMN priority_rank`);
    await q.query(`
      ALTER TABLE handoff ADD CONSTRAINT handoff_delivery_check CHECK (
        (status IN ('CREATED', 'INCOMPLETE')) = (delivered_at IS NULL)
        AND (delivered_at IS NULL) = (queue_date IS NULL)
        AND (queue_date IS NULL) = (intended_queue_date IS NULL)
        AND (queue_date IS NULL) = (queued_at IS NULL))`);
    await q.query(`
      CREATE INDEX handoff_owner_queue ON handoff (owner_rep_id, queue_date, intended_queue_date, (coalesce(priority, 0)) DESC, created_at, id)
       WHERE queue_date IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX handoff_owner_queue`);
    await q.query(`ALTER TABLE handoff DROP CONSTRAINT handoff_delivery_check`);
    await q.query(`ALTER TABLE handoff ADD COLUMN priority_rank int`);
    await q.query(`
      UPDATE handoff h SET priority_rank = r.rank
        FROM (SELECT id, row_number() OVER (PARTITION BY owner_rep_id, queue_date
                                            ORDER BY intended_queue_date, coalesce(priority, 0) DESC, created_at, id)::int AS rank
                FROM handoff WHERE queue_date IS NOT NULL) r
       WHERE h.id = r.id`);
    await q.query(`
      ALTER TABLE handoff ADD CONSTRAINT handoff_delivery_check CHECK (
        (status IN ('CREATED', 'INCOMPLETE')) = (delivered_at IS NULL)
        AND (delivered_at IS NULL) = (queue_date IS NULL)
        AND (queue_date IS NULL) = (priority_rank IS NULL)
        AND (queue_date IS NULL) = (intended_queue_date IS NULL)
        AND (queue_date IS NULL) = (queued_at IS NULL)
        AND (priority_rank IS NULL OR priority_rank > 0))`);
    await q.query(`CREATE INDEX handoff_owner_queue ON handoff (owner_rep_id, queue_date, priority_rank) WHERE queue_date IS NOT NULL`);
  }
}
