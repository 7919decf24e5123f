import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reps as ownership-svc publishes them (rep-upserted): time zone, working days and hours, cap, manager, out-of-office. */
export class RepProfiles1764300000000 implements MigrationInterface {
  name = 'RepProfiles1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rep (
        rep_id text PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('SDR', 'AE', 'MANAGER')),
        team text NOT NULL,
        timezone text NOT NULL,
        working_days int[] NOT NULL CHECK (cardinality(working_days) > 0 AND working_days <@ ARRAY[1,2,3,4,5,6,7]),
        working_start text NOT NULL,
        working_end text NOT NULL,
        daily_capacity int NOT NULL CHECK (daily_capacity >= 0),
        active boolean NOT NULL,
        manager_rep_id text,
        out_of_office jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        CHECK (working_end > working_start)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rep`);
  }
}
