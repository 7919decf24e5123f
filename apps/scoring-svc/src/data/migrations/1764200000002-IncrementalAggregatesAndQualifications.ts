import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per (account, signal type) decayed sums with their reference time, and per account the window
 * they cover and the model version they were built under; every qualification with the snapshot it
 * published (replay compares against it). account_score.snapshot goes: snapshots are recomputed
 * from the stored signals when read, and kept per qualification.
 */
export class IncrementalAggregatesAndQualifications1764200000002 implements MigrationInterface {
  name = 'IncrementalAggregatesAndQualifications1764200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_signal_aggregate (
        account_id text NOT NULL,
        signal_type text NOT NULL CHECK (signal_type IN (
          'INTENT_SURGE', 'PRICING_PAGE_VISIT', 'PRODUCT_PAGE_VISIT', 'CONTENT_DOWNLOAD',
          'WEBINAR_ATTENDED', 'EMAIL_REPLY', 'FORM_FILL', 'TRIAL_ACTIVITY')),
        decayed_sum double precision NOT NULL CHECK (decayed_sum >= 0),
        signal_count integer NOT NULL CHECK (signal_count >= 0),
        ref_time timestamptz NOT NULL,
        PRIMARY KEY (account_id, signal_type)
      )`);
    await q.query(`ALTER TABLE account_score ADD COLUMN model_version text`);
    await q.query(`ALTER TABLE account_score ADD COLUMN window_from timestamptz`);
    await q.query(`ALTER TABLE account_score ADD COLUMN window_to timestamptz`);
    await q.query(`ALTER TABLE account_score ADD COLUMN fit_points double precision NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE account_score DROP COLUMN snapshot`);
    await q.query(`
      CREATE TABLE qualification (
        qualification_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        qualified_at timestamptz NOT NULL,
        model_version text NOT NULL,
        score numeric(4,1) NOT NULL,
        threshold numeric NOT NULL,
        snapshot jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX qualification_account ON qualification (account_id, qualified_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE qualification`);
    await q.query(`ALTER TABLE account_score ADD COLUMN snapshot jsonb`);
    await q.query(`ALTER TABLE account_score DROP COLUMN fit_points, DROP COLUMN window_to, DROP COLUMN window_from, DROP COLUMN model_version`);
    await q.query(`DROP TABLE account_signal_aggregate`);
  }
}
