import 'reflect-metadata';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { handoffEntities, handoffMigrations } from '../index';
import { SEEDED_PLAYBOOK_RULES } from './1764100000001-SeedPlaybookRules';

const TABLES = ['account', 'contact', 'contact_engagement', 'handoff', 'ownership_outcome', 'playbook_rule', 'qualification'];

describe('handoff-svc migrations on a throwaway schema', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  const tables = async () =>
    (
      await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2) ORDER BY table_name`, [
        schema.schema,
        TABLES,
      ])
    ).map((r: { table_name: string }) => r.table_name);

  beforeAll(async () => {
    schema = await createTestSchema('handoff_migrations');
    dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: handoffEntities, migrations: handoffMigrations });
    await initializeDataSource(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await schema?.drop();
  });

  it('creates the tables and seeds the playbook', async () => {
    expect(await tables()).toEqual(TABLES);
    const rules = await dataSource.query(`SELECT id FROM playbook_rule WHERE active ORDER BY id`);
    expect(rules.map((r: { id: string }) => r.id)).toEqual(SEEDED_PLAYBOOK_RULES.map((r) => r.id).sort());
  });

  it('enforces the handoff invariants in the database', async () => {
    const insert = (status: string, missing: string, delivered: string | null) =>
      dataSource.query(
        `INSERT INTO handoff (id, qualification_id, account_id, status, missing_elements, created_at, delivered_at, queue_date, priority_rank)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'acc-x', $1, $2::text[], now(), $3::timestamptz, $4::date, $5::int)`,
        [status, missing, delivered, delivered?.slice(0, 10) ?? null, delivered ? 1 : null],
      );
    await expect(insert('DELIVERED', '{PRIMARY_CONTACT}', '2026-11-24T10:00:00Z')).rejects.toThrow(/check constraint/);
    await expect(insert('INCOMPLETE', '{}', null)).rejects.toThrow(/check constraint/);
    await expect(insert('DELIVERED', '{}', null)).rejects.toThrow(/check constraint/);
    await expect(insert('INCOMPLETE', '{PRIMARY_CONTACT}', null)).resolves.toBeDefined();
  });

  it('reverts to nothing and migrates again', async () => {
    for (let i = 0; i < handoffMigrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(TABLES);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM playbook_rule`))[0].n).toBe(SEEDED_PLAYBOOK_RULES.length);
  });
});
