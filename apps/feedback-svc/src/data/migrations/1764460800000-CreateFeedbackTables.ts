import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * handoff_record: the projection of handoff-created / handoff-delivered (either may come first, so
 * the columns only one of them carries are nullable). feedback: rep feedback, at most one of each
 * kind per handoff (partial unique indexes).
 */
export class CreateFeedbackTables1764460800000 implements MigrationInterface {
  name = 'CreateFeedbackTables1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE handoff_record (
        handoff_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        owner_rep_id text NOT NULL,
        backup_rep_id text NOT NULL,
        territory_id text,
        model_version text,
        created_at timestamptz,
        delivered_at timestamptz,
        queue_date date,
        correlation_id text
      )`);
    await q.query(`CREATE INDEX handoff_record_delivered_at ON handoff_record (delivered_at) WHERE delivered_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE feedback (
        feedback_id uuid PRIMARY KEY,
        handoff_id uuid NOT NULL REFERENCES handoff_record (handoff_id),
        kind text NOT NULL CHECK (kind IN ('ACCEPTED', 'REJECTED', 'FIRST_TOUCH', 'MEETING_BOOKED')),
        rep_id text NOT NULL,
        reason text,
        note text,
        channel text,
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT feedback_reason_iff_rejected CHECK ((kind = 'REJECTED') = (reason IS NOT NULL)),
        CONSTRAINT feedback_channel_iff_first_touch CHECK ((kind = 'FIRST_TOUCH') = (channel IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX feedback_by_handoff ON feedback (handoff_id, at)`);
    for (const [name, kind] of [
      ['feedback_one_accepted', 'ACCEPTED'],
      ['feedback_one_rejected', 'REJECTED'],
      ['feedback_one_first_touch', 'FIRST_TOUCH'],
      ['feedback_one_meeting_booked', 'MEETING_BOOKED'],
    ]) {
      await q.query(`CREATE UNIQUE INDEX ${name} ON feedback (handoff_id) WHERE kind = '${kind}'`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback`);
    await q.query(`DROP TABLE handoff_record`);
  }
}
