import 'reflect-metadata';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { ownershipEntities, ownershipMigrations } from '../ownership-data';
import { loadCurrentMap, loadMapAsOf } from '../map.repository';

const OWN_TABLES = [
  'account_profile',
  'account_routing',
  'map_revision',
  'map_version',
  'named_account',
  'owner_assignment',
  'ownership_move',
  'ownership_settings',
  'qualification',
  'rep',
  'territory',
];

/**
 * Migrations on a throwaway schema: run the walking skeleton's two, seed a map the way it stored one,
 * run the versioning migration, and check the seeded map became version 1 — readable now and as of
 * the moment it was first saved. Then the database's own guards, and revert + re-run.
 */
describe('ownership migrations on a throwaway schema', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('ownership_migrations');
    const skeleton = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: ownershipMigrations.slice(0, 2) });
    await initializeDataSource(skeleton);
    await skeleton.query(
      `INSERT INTO rep (id, name, email, role, team, timezone, daily_capacity, active, created_at, updated_at) VALUES
         ('rep-ana', 'Ana Ortiz', 'ana@example.com', 'SDR', 'EMEA', 'Europe/Berlin', 8, true, '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z'),
         ('rep-ben', 'Ben Okafor', 'ben@example.com', 'AE', 'EMEA', 'Europe/London', 6, false, '2026-11-02T09:00:00Z', '2026-11-02T09:00:00Z')`,
    );
    await skeleton.query(
      `INSERT INTO territory (id, name, priority, match, owner_rep_id, backup_rep_id, updated_at)
       VALUES ('terr-emea', 'EMEA', 10, '{"regions":["EMEA"]}', 'rep-ana', 'rep-ben', '2026-11-03T09:00:00Z')`,
    );
    await skeleton.destroy();
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
    expect(await tables()).toEqual([...OWN_TABLES, 'inbox', 'migrations', 'outbox'].sort());
  });

  it('the map stored before versioning becomes version 1, from its earliest row, with default settings and working time', async () => {
    const current = await loadCurrentMap(dataSource.manager);
    expect(current.version).toBe(1);
    expect(current.settings).toEqual({ conflictRules: ['NAMED_ACCOUNT', 'MOST_SPECIFIC', 'PRIORITY'], midPeriodPolicy: 'STAY_WITH_OWNER_AT_HANDOFF', inFlightDays: 30 });
    expect(current.reps.find((r) => r.id === 'rep-ana')).toMatchObject({ workingDays: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, managerRepId: null, outOfOffice: [] });
    expect(current.territories).toEqual([
      { id: 'terr-emea', name: 'EMEA', priority: 10, match: { regions: ['EMEA'] }, namedAccountIds: [], ownerRepId: 'rep-ana', backupRepId: 'rep-ben', escalationRepId: null },
    ]);
    const [v1] = await dataSource.query(`SELECT changed_at, actor FROM map_version WHERE version = 1`);
    expect([new Date(v1.changed_at).toISOString(), v1.actor]).toEqual(['2026-11-01T09:00:00.000Z', 'migration']);
    // Rebuilt from the revisions, as of a moment after it: the same map.
    const asOf = await loadMapAsOf(dataSource.manager, new Date('2026-11-05T00:00:00Z'));
    expect(asOf.map).toEqual(current);
    expect((await loadMapAsOf(dataSource.manager, new Date('2026-10-01T00:00:00Z'))).map).toMatchObject({ version: 0, territories: [], reps: [] });
  });

  it('refuses, in the database too: backup = owner, an unknown rep, escalation = owner, hours upside down, a second settings row', async () => {
    const insert = (owner: string, backup: string, escalation: string | null = null) =>
      dataSource.query(
        `INSERT INTO territory (id, name, priority, match, owner_rep_id, backup_rep_id, escalation_rep_id, map_version, updated_at) VALUES ('t', 'T', 1, '{}', $1, $2, $3, 1, now())`,
        [owner, backup, escalation],
      );
    await expect(insert('rep-ana', 'rep-ana')).rejects.toThrow('territory_backup_is_not_owner');
    await expect(insert('rep-ana', 'rep-nobody')).rejects.toThrow('foreign key');
    await expect(insert('rep-ana', 'rep-ben', 'rep-ana')).rejects.toThrow('territory_escalation_is_a_third_person');
    await expect(dataSource.query(`UPDATE rep SET working_hours_start = '18:00' WHERE id = 'rep-ana'`)).rejects.toThrow('rep_working_hours');
    await expect(dataSource.query(`INSERT INTO ownership_settings SELECT 2, conflict_rules, mid_period_policy, in_flight_days, map_version, updated_at, updated_by FROM ownership_settings`)).rejects.toThrow(
      'check constraint',
    );
  });

  it('reverts cleanly and runs again', async () => {
    for (let i = 0; i < ownershipMigrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect((await tables()).filter((t) => OWN_TABLES.includes(t))).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await tables()).filter((t) => OWN_TABLES.includes(t))).toEqual(OWN_TABLES);
    expect((await loadCurrentMap(dataSource.manager)).version).toBe(1);
  });
});
