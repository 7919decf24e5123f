import 'reflect-metadata';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { ownershipEntities, ownershipMigrations } from '../ownership-data';

const OWN_TABLES = ['account_profile', 'owner_assignment', 'qualification', 'rep', 'territory'];

describe('ownership migrations on a throwaway schema', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('ownership_migrations');
    dataSource = await initializeDataSource(
      createServiceDataSource({ url: schema.url, schema: schema.schema, entities: ownershipEntities, migrations: ownershipMigrations }),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  const tables = async () =>
    (
      (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema.schema])) as {
        table_name: string;
      }[]
    ).map((t) => t.table_name);

  it('creates the ownership tables beside the outbox and inbox', async () => {
    expect(await tables()).toEqual(['account_profile', 'inbox', 'migrations', 'outbox', 'owner_assignment', 'qualification', 'rep', 'territory']);
  });

  it('refuses, in the database too, a territory whose backup is its owner or an unknown rep', async () => {
    await dataSource.query(
      `INSERT INTO rep (id, name, email, role, team, timezone, daily_capacity, active, created_at, updated_at)
       VALUES ('rep-ana', 'Ana Ortiz', 'ana@example.com', 'SDR', 'EMEA', 'Europe/Berlin', 8, true, now(), now())`,
    );
    const insert = (owner: string, backup: string) =>
      dataSource.query(
        `INSERT INTO territory (id, name, priority, match, owner_rep_id, backup_rep_id, updated_at) VALUES ('t', 'T', 1, '{}', $1, $2, now())`,
        [owner, backup],
      );
    await expect(insert('rep-ana', 'rep-ana')).rejects.toThrow('territory_backup_is_not_owner');
    await expect(insert('rep-ana', 'rep-nobody')).rejects.toThrow('foreign key');
  });

  it('reverts cleanly and runs again', async () => {
    await dataSource.query(`DELETE FROM rep`);
    // Undo every ownership migration (the shared outbox/inbox migration stays).
    for (let i = 0; i < ownershipMigrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect((await tables()).filter((t) => OWN_TABLES.includes(t))).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await tables()).filter((t) => OWN_TABLES.includes(t))).toEqual(OWN_TABLES);
  });
});
