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

  const ALL_TABLES = [
    'account_directory',
    'account_directory_change',
    'account_score',
    'account_signal_aggregate',
    'feedback_outcome',
    'inbox',
    'migrations',
    'model_activation',
    'outbox',
    'qualification',
    'scoring_model',
    'signal',
  ];

  it('creates the tables and seeds v1 as the one active model, with no cooldown, no fit and its activation audited', async () => {
    expect(await tables()).toEqual(ALL_TABLES);
    const model = await findActiveModel(dataSource.manager);
    expect(model).toMatchObject({ version: 'v1', threshold: 60, rearmMargin: 10, cooldownDays: 0, fit: null, active: true });
    expect(model.effectiveAt).toEqual(new Date('2025-11-24T00:00:00Z'));
    expect(model.rules.INTENT_SURGE).toEqual({ points: 25, halfLifeDays: 14, capPoints: 25, label: 'Intent surge' });
    expect(await dataSource.query(`SELECT version, previous_version, actor, reason FROM model_activation`)).toEqual([
      { version: 'v1', previous_version: null, actor: 'revops (initial model)', reason: 'initial model' },
    ]);
  });

  it('keeps a signal either unmatched (no account, not counted) or matched and counted', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO signal (signal_id, account_id, signal_type, occurred_at, source, received_at, ref_kind, ref_value, counted_at)
         VALUES ('s-half', 'acc-x', 'FORM_FILL', now(), 'x', now(), 'ACCOUNT_ID', 'acc-x', NULL)`,
      ),
    ).rejects.toThrow(/signal_counted_when_matched/);
  });

  it('refuses a second active model and a signal of an unknown type', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO scoring_model (version, threshold, rearm_margin, cooldown_days, rules, active, effective_at, author, created_at)
         VALUES ('v2', 65, 10, 0, '{}', true, now(), 'test', now())`,
      ),
    ).rejects.toThrow(/scoring_model_one_active/);
    await expect(
      dataSource.query(
        `INSERT INTO signal (signal_id, account_id, signal_type, occurred_at, source, received_at, ref_kind, ref_value, counted_at)
         VALUES ('s', 'a', 'BILLBOARD', now(), 'x', now(), 'ACCOUNT_ID', 'a', now())`,
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('migrates a v1-era signal and score: the signal stays counted for its account, the score row rebuilds its aggregates later', async () => {
    for (let i = 0; i < 4; i++) await dataSource.undoLastMigration();
    await dataSource.query(
      `INSERT INTO signal (signal_id, account_id, signal_type, occurred_at, source, received_at) VALUES ('old-1', 'acc-old', 'FORM_FILL', '2026-11-01', 'web', '2026-11-02')`,
    );
    await dataSource.query(
      `INSERT INTO account_score (account_id, score, qualified, snapshot, computed_at) VALUES ('acc-old', 15, false, NULL, '2026-11-02')`,
    );
    await dataSource.runMigrations();
    expect(await dataSource.query(`SELECT account_id, ref_kind, ref_value, counted_at FROM signal WHERE signal_id = 'old-1'`)).toEqual([
      { account_id: 'acc-old', ref_kind: 'ACCOUNT_ID', ref_value: 'acc-old', counted_at: new Date('2026-11-02T00:00:00Z') },
    ]);
    expect(await dataSource.query(`SELECT model_version, fit_points FROM account_score WHERE account_id = 'acc-old'`)).toEqual([{ model_version: null, fit_points: 0 }]);
  });

  it('reverts cleanly, newest first', async () => {
    for (let i = 0; i < 4; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual(['account_score', 'inbox', 'migrations', 'outbox', 'scoring_model', 'signal']);
    await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM scoring_model`)).toEqual([{ n: 0 }]);
    await dataSource.undoLastMigration();
    expect(await tables()).toEqual(['inbox', 'migrations', 'outbox']);
    await dataSource.runMigrations();
    expect(await tables()).toEqual(ALL_TABLES);
    expect((await findActiveModel(dataSource.manager)).version).toBe('v1');
  });
});
