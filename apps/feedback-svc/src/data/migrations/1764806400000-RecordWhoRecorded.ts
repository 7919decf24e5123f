import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7: who recorded what, from the verified identity.
 * - feedback.recorded_by: the signed-in subject that recorded the feedback — the rep themselves, or an
 *   ops user recording it for the rep named in rep_id. Null for feedback stored before this migration.
 * - rejection_pattern_report.published_by_subject: the ops user who published the week with the
 *   mutation; null for the Monday job (SCHEDULE) and for reports stored before this migration.
 */
export class RecordWhoRecorded1764806400000 implements MigrationInterface {
  name = 'RecordWhoRecorded1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feedback ADD COLUMN recorded_by text CHECK (recorded_by IS NULL OR length(recorded_by) > 0)`);
    await q.query(`
      ALTER TABLE rejection_pattern_report
        ADD COLUMN published_by_subject text,
        ADD CONSTRAINT rejection_pattern_report_schedule_has_no_subject CHECK (published_by = 'OPS' OR published_by_subject IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE rejection_pattern_report
        DROP CONSTRAINT rejection_pattern_report_schedule_has_no_subject,
        DROP COLUMN published_by_subject`);
    await q.query(`ALTER TABLE feedback DROP COLUMN recorded_by`);
  }
}
