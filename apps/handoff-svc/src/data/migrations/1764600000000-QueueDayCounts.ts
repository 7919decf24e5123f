import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many handoffs each owner's queue day holds, kept by a trigger on `handoff` (insert, delete,
 * and any change of owner or queue day), so an arrival's cascade reads a day's count as one row
 * instead of counting the day's handoffs: counting made every delivery cost as much as the owner's
 * queues were long (the pipeline benchmark: 1.1 ms a delivery at 800 a day, and growing).
 * Every path that queues or moves a handoff is covered, because the database keeps the count.
 */
export class QueueDayCounts1764600000000 implements MigrationInterface {
  name = 'QueueDayCounts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue_day (
        owner_rep_id text NOT NULL,
        queue_date date NOT NULL,
        handoffs int NOT NULL CHECK (handoffs >= 0),
        PRIMARY KEY (owner_rep_id, queue_date)
      )`);
    await q.query(`
      INSERT INTO queue_day (owner_rep_id, queue_date, handoffs)
      SELECT owner_rep_id, queue_date, count(*) FROM handoff
       WHERE owner_rep_id IS NOT NULL AND queue_date IS NOT NULL GROUP BY owner_rep_id, queue_date`);
    await q.query(`
      CREATE FUNCTION handoff_queue_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.owner_rep_id IS NOT NULL AND OLD.queue_date IS NOT NULL THEN
          UPDATE queue_day SET handoffs = handoffs - 1 WHERE owner_rep_id = OLD.owner_rep_id AND queue_date = OLD.queue_date;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.owner_rep_id IS NOT NULL AND NEW.queue_date IS NOT NULL THEN
          INSERT INTO queue_day (owner_rep_id, queue_date, handoffs) VALUES (NEW.owner_rep_id, NEW.queue_date, 1)
          ON CONFLICT (owner_rep_id, queue_date) DO UPDATE SET handoffs = queue_day.handoffs + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER handoff_queue_day AFTER INSERT OR DELETE OR UPDATE OF owner_rep_id, queue_date ON handoff
      FOR EACH ROW EXECUTE FUNCTION handoff_queue_day_count()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER handoff_queue_day ON handoff`);
    await q.query(`DROP FUNCTION handoff_queue_day_count()`);
    await q.query(`DROP TABLE queue_day`);
  }
}
