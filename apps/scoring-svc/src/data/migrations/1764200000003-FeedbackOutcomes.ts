import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reps' verdicts from feedback-events (meetings booked, handoffs rejected by reason), for simulateThreshold. */
export class FeedbackOutcomes1764200000003 implements MigrationInterface {
  name = 'FeedbackOutcomes1764200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_outcome (
        event_id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('MEETING_BOOKED', 'HANDOFF_REJECTED')),
        handoff_id uuid NOT NULL,
        account_id text NOT NULL,
        at timestamptz NOT NULL,
        reason text,
        CHECK ((kind = 'HANDOFF_REJECTED') = (reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX feedback_outcome_at ON feedback_outcome (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback_outcome`);
  }
}
