import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { scoringEntities, scoringMigrations } from './index';
import { findActiveModel } from './scoring-model.repository';

describe('scoring-svc migrations on a throwaway schema', () => {
  let db: TestSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestSchema('scoring_migrations');
    dataSource = createServiceDataSource({ url: db.url, schema: db.schema, entities: scoringEntities, migrations: scoringMigrations });
    await initializeDataSource(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  const tables = async () =>
    (
      await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [db.schema])
    ).map((r: { table_name: string }) => r.table_name);

  it('creates the tables and seeds v1 as the one active model', async () => {
    expect(await tables()).toEqual(['account_score', 'inbox', 'migrations', 'outbox', 'scoring_model', 'signal']);
    const model = await findActiveModel(dataSource.manager);
    expect(model).toMatchObject({ version: 'v1', threshold: 60, rearmMargin: 10 });
    expect(model.rules.INTENT_SURGE).toEqual({ points: 25, halfLifeDays: 14, capPoints: 25, label: 'Intent surge' });
  });

  it('refuses a second active model and a signal of an unknown type', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO scoring_model (version, threshold, rearm_margin, rules, active, effective_at, author) VALUES ('v2', 65, 10, '{}', true, now(), 'test')`,
      ),
    ).rejects.toThrow(/scoring_model_one_active/);
    await expect(
      dataSource.query(
        `INSERT INTO signal (signal_id, account_id, signal_type, occurred_at, source, received_at) VALUES ('s', 'a', 'BILLBOARD', now(), 'x', now())`,
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('reverts cleanly, newest first', async () => {
    await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM scoring_model`)).toEqual([{ n: 0 }]);
    await dataSource.undoLastMigration();
    expect(await tables()).toEqual(['inbox', 'migrations', 'outbox']);
    await dataSource.runMigrations();
    expect((await findActiveModel(dataSource.manager)).version).toBe('v1');
  });
});
