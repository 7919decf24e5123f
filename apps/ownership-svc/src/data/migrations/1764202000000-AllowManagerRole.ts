import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Team managers are reps too (they receive escalations); they never own territories. */
export class AllowManagerRole1764202000000 implements MigrationInterface {
  name = 'AllowManagerRole1764202000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rep DROP CONSTRAINT rep_role_check`);
    await q.query(`ALTER TABLE rep ADD CONSTRAINT rep_role_check CHECK (role IN ('SDR', 'AE', 'MANAGER'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rep DROP CONSTRAINT rep_role_check`);
    await q.query(`ALTER TABLE rep ADD CONSTRAINT rep_role_check CHECK (role IN ('SDR', 'AE'))`);
  }
}
