import type { MigrationInterface, QueryRunner } from 'typeorm';

/** scoring-svc's tables: the versioned model, the stored signals and each account's score. */
export class CreateScoringTables1764100000000 implements MigrationInterface {
  name = 'CreateScoringTables1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scoring_model (
        version text PRIMARY KEY,
        threshold numeric NOT NULL CHECK (threshold > 0 AND threshold <= 100),
        rearm_margin numeric NOT NULL CHECK (rearm_margin >= 0 AND rearm_margin < threshold),
        rules jsonb NOT NULL,
        active boolean NOT NULL DEFAULT false,
        effective_at timestamptz NOT NULL,
        author text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX scoring_model_one_active ON scoring_model (active) WHERE active`);
    await q.query(`
      CREATE TABLE signal (
        signal_id text PRIMARY KEY,
        account_id text NOT NULL,
        contact_email text,
        signal_type text NOT NULL CHECK (signal_type IN (
          'INTENT_SURGE', 'PRICING_PAGE_VISIT', 'PRODUCT_PAGE_VISIT', 'CONTENT_DOWNLOAD',
          'WEBINAR_ATTENDED', 'EMAIL_REPLY', 'FORM_FILL', 'TRIAL_ACTIVITY')),
        occurred_at timestamptz NOT NULL,
        source text NOT NULL,
        detail text,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX signal_account_occurred ON signal (account_id, occurred_at)`);
    await q.query(`
      CREATE TABLE account_score (
        account_id text PRIMARY KEY,
        score numeric(4,1) NOT NULL CHECK (score >= 0 AND score <= 100),
        qualified boolean NOT NULL DEFAULT false,
        qualified_at timestamptz,
        last_qualification_id uuid,
        snapshot jsonb,
        computed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_score`);
    await q.query(`DROP TABLE signal`);
    await q.query(`DROP TABLE scoring_model`);
  }
}
