import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Playbooks owned by ops: rules keyed on the account's stage too, every save a new version with who
 * and when (`playbook_rule_version`), deletion as a retired rule. The seeded rules become version 1,
 * saved by "seed".
 */
export class VersionedPlaybooks1764300000002 implements MigrationInterface {
  name = 'VersionedPlaybooks1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE playbook_rule
        ADD COLUMN stage text CHECK (stage IN ('NEW', 'RE_ENGAGED')),
        ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version > 0),
        ADD COLUMN deleted boolean NOT NULL DEFAULT false,
        ADD COLUMN updated_by text NOT NULL DEFAULT 'seed',
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE playbook_rule ALTER COLUMN version DROP DEFAULT, ALTER COLUMN updated_by DROP DEFAULT, ALTER COLUMN updated_at DROP DEFAULT`);
    await q.query(`
      CREATE TABLE playbook_rule_version (
        rule_id text NOT NULL REFERENCES playbook_rule (id),
        version int NOT NULL,
        change text NOT NULL CHECK (change IN ('CREATED', 'UPDATED', 'DELETED')),
        name text NOT NULL,
        trigger_signal_type text,
        stage text,
        contact_role text,
        primary_template text NOT NULL,
        fallback_template text NOT NULL,
        priority int NOT NULL,
        active boolean NOT NULL,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL,
        PRIMARY KEY (rule_id, version)
      )`);
    await q.query(`
      INSERT INTO playbook_rule_version (rule_id, version, change, name, trigger_signal_type, stage, contact_role,
                                         primary_template, fallback_template, priority, active, saved_by, saved_at)
      SELECT id, version, 'CREATED', name, trigger_signal_type, stage, contact_role,
             primary_template, fallback_template, priority, active, updated_by, updated_at
        FROM playbook_rule`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE playbook_rule_version`);
    await q.query(`DELETE FROM playbook_rule WHERE deleted`);
    await q.query(`ALTER TABLE playbook_rule DROP COLUMN stage, DROP COLUMN version, DROP COLUMN deleted, DROP COLUMN updated_by, DROP COLUMN updated_at`);
  }
}
