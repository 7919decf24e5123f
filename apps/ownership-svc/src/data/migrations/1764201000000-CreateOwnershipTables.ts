import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reps, the territory map, the projected account profiles, qualifications and their decisions. */
export class CreateOwnershipTables1764201000000 implements MigrationInterface {
  name = 'CreateOwnershipTables1764201000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rep (
        id text PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('SDR', 'AE')),
        team text NOT NULL,
        timezone text NOT NULL,
        daily_capacity integer NOT NULL CHECK (daily_capacity >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE territory (
        id text PRIMARY KEY,
        name text NOT NULL,
        priority integer NOT NULL CHECK (priority >= 0),
        match jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(match) = 'object'),
        owner_rep_id text NOT NULL REFERENCES rep (id),
        backup_rep_id text NOT NULL REFERENCES rep (id),
        updated_at timestamptz NOT NULL,
        CONSTRAINT territory_backup_is_not_owner CHECK (owner_rep_id <> backup_rep_id)
      )`);
    await q.query(`CREATE INDEX territory_by_priority ON territory (priority, id)`);
    await q.query(`
      CREATE TABLE account_profile (
        account_id text PRIMARY KEY,
        name text NOT NULL,
        domain text NOT NULL,
        firmographics jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE qualification (
        qualification_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        qualified_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING_ACCOUNT', 'RESOLVED', 'UNRESOLVED')),
        causation_event_id uuid NOT NULL,
        correlation_id text NOT NULL,
        decided_at timestamptz,
        unresolved_reason text,
        CHECK ((status = 'PENDING_ACCOUNT') = (decided_at IS NULL)),
        CHECK ((status = 'UNRESOLVED') = (unresolved_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX qualification_pending_by_account ON qualification (account_id) WHERE status = 'PENDING_ACCOUNT'`);
    await q.query(`
      CREATE TABLE owner_assignment (
        qualification_id uuid PRIMARY KEY REFERENCES qualification (qualification_id),
        account_id text NOT NULL,
        owner_rep_id text NOT NULL REFERENCES rep (id),
        backup_rep_id text NOT NULL REFERENCES rep (id),
        territory_id text NOT NULL REFERENCES territory (id),
        territory_name text NOT NULL,
        explanation text NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT owner_assignment_backup_is_not_owner CHECK (owner_rep_id <> backup_rep_id)
      )`);
    await q.query(`CREATE INDEX owner_assignment_by_account ON owner_assignment (account_id, decided_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE owner_assignment`);
    await q.query(`DROP TABLE qualification`);
    await q.query(`DROP TABLE account_profile`);
    await q.query(`DROP TABLE territory`);
    await q.query(`DROP TABLE rep`);
  }
}
