import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model versions ops create and activate: a cooldown and an optional fit rule per version, when it
 * was created (and why), effective_at = when it last became active (null for a version never
 * activated), and the model_activation audit trail (who, when, why). v1 keeps its numbers: no
 * cooldown and no fit, so its past scores and qualifications replay unchanged.
 */
export class VersionedScoringModels1764200000001 implements MigrationInterface {
  name = 'VersionedScoringModels1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scoring_model ADD COLUMN cooldown_days numeric NOT NULL DEFAULT 0 CHECK (cooldown_days >= 0 AND cooldown_days <= 365)`);
    await q.query(`ALTER TABLE scoring_model ALTER COLUMN cooldown_days DROP DEFAULT`);
    await q.query(`ALTER TABLE scoring_model ADD COLUMN fit jsonb`);
    await q.query(`ALTER TABLE scoring_model ADD COLUMN description text`);
    await q.query(`ALTER TABLE scoring_model ADD COLUMN created_at timestamptz`);
    await q.query(`UPDATE scoring_model SET created_at = effective_at`);
    await q.query(`ALTER TABLE scoring_model ALTER COLUMN created_at SET NOT NULL`);
    await q.query(`ALTER TABLE scoring_model ALTER COLUMN effective_at DROP NOT NULL`);
    await q.query(`
      CREATE TABLE model_activation (
        activation_id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        version text NOT NULL REFERENCES scoring_model (version),
        previous_version text REFERENCES scoring_model (version),
        activated_at timestamptz NOT NULL,
        actor text NOT NULL CHECK (length(actor) > 0),
        reason text NOT NULL CHECK (length(reason) > 0)
      )`);
    await q.query(`CREATE INDEX model_activation_at ON model_activation (activated_at, seq)`);
    await q.query(`
      INSERT INTO model_activation (activation_id, version, previous_version, activated_at, actor, reason)
      SELECT gen_random_uuid(), version, NULL, effective_at, author, 'initial model'
      FROM scoring_model WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_activation`);
    await q.query(`DELETE FROM scoring_model WHERE effective_at IS NULL`);
    await q.query(`ALTER TABLE scoring_model ALTER COLUMN effective_at SET NOT NULL`);
    await q.query(`ALTER TABLE scoring_model DROP COLUMN created_at, DROP COLUMN description, DROP COLUMN fit, DROP COLUMN cooldown_days`);
  }
}
