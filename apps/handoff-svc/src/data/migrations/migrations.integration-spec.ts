import 'reflect-metadata';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { handoffEntities, handoffMigrations } from '../index';
import { queueRanks } from '../handoff.repository';
import { SEEDED_PLAYBOOK_RULES } from './1764100000001-SeedPlaybookRules';

const TABLES = [
  'account',
  'contact',
  'contact_engagement',
  'handoff',
  'handoff_escalation',
  'handoff_reroute',
  'handoff_transition',
  'ownership_outcome',
  'playbook_rule',
  'playbook_rule_version',
  'qualification',
  'queue_day',
  'queue_deferral',
  'rep',
  'sla_policy',
];

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

  it('creates the tables, seeds the playbook as version 1 and the default SLA policy', async () => {
    expect(await tables()).toEqual(TABLES);
    const rules = await dataSource.query(`SELECT id FROM playbook_rule WHERE active ORDER BY id`);
    expect(rules.map((r: { id: string }) => r.id)).toEqual(SEEDED_PLAYBOOK_RULES.map((r) => r.id).sort());
    const versions = await dataSource.query(`SELECT DISTINCT version, change, saved_by FROM playbook_rule_version`);
    expect(versions).toEqual([{ version: 1, change: 'CREATED', saved_by: 'seed' }]);
    expect(await dataSource.query(`SELECT acceptance_window_minutes, expire_after_business_days FROM sla_policy`)).toEqual([
      { acceptance_window_minutes: 15, expire_after_business_days: 5 },
    ]);
  });

  it('enforces the handoff invariants in the database', async () => {
    const insert = (status: string, missing: string, delivered: string | null) =>
      dataSource.query(
        `INSERT INTO handoff (id, qualification_id, account_id, status, missing_elements, created_at, status_changed_at, delivered_at,
                              queue_date, intended_queue_date, queued_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'acc-x', $1, $2::text[], now(), now(), $3::timestamptz, $4::date, $4::date, $3::timestamptz)`,
        [status, missing, delivered, delivered?.slice(0, 10) ?? null],
      );
    await expect(insert('DELIVERED', '{PRIMARY_CONTACT}', '2026-11-24T10:00:00Z')).rejects.toThrow(/check constraint/);
    await expect(insert('INCOMPLETE', '{}', null)).rejects.toThrow(/check constraint/);
    await expect(insert('DELIVERED', '{}', null)).rejects.toThrow(/check constraint/);
    await expect(insert('ACCEPTED', '{}', null)).rejects.toThrow(/check constraint/);
    await expect(insert('SNOOZED', '{}', '2026-11-24T10:00:00Z')).rejects.toThrow(/check constraint/);
    await expect(insert('INCOMPLETE', '{PRIMARY_CONTACT}', null)).resolves.toBeDefined();
    await expect(insert('FIRST_TOUCH', '{}', '2026-11-24T10:00:00Z')).resolves.toBeDefined();
  });

  it('moves handoffs stored by the walking skeleton into the lifecycle, queue and history', async () => {
    // Back to the skeleton's schema, store a delivered handoff the way it did, then migrate forward.
    await dataSource.query(`DELETE FROM handoff_transition`);
    await dataSource.query(`DELETE FROM handoff`);
    for (let i = 0; i < handoffMigrations.length - 2; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const snapshot = { score: 72, trend: { delta: 12, daily: [] }, contributors: [] };
    await dataSource.query(
      `INSERT INTO handoff (id, qualification_id, account_id, status, scoring_snapshot, primary_contact, next_action, owner_assignment,
                            created_at, delivered_at, owner_rep_id, queue_date, priority_rank)
       VALUES ('00000000-0000-4000-8000-0000000000aa', gen_random_uuid(), 'acc-old', 'DELIVERED', $1, $2, $3, $4,
               '2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z', 'rep-ana', '2026-11-24', 1)`,
      [
        JSON.stringify(snapshot),
        JSON.stringify({ committeeRole: 'ECONOMIC_BUYER' }),
        JSON.stringify({ playbookRuleId: 'pricing-walkthrough' }),
        JSON.stringify({ owner: { repId: 'rep-ana' } }),
      ],
    );
    await dataSource.runMigrations({ transaction: 'each' });
    const [row] = await dataSource.query(
      `SELECT priority, to_char(intended_queue_date, 'YYYY-MM-DD') AS intended, queued_at, playbook_rule_version, stage, current_assignment
         FROM handoff WHERE id = '00000000-0000-4000-8000-0000000000aa'`,
    );
    expect(row).toEqual({
      priority: 88, // 72 + 0.5 × 12 + 10 (economic buyer)
      intended: '2026-11-24',
      queued_at: new Date('2026-11-24T10:00:00Z'),
      playbook_rule_version: 1,
      stage: 'NEW',
      current_assignment: { owner: { repId: 'rep-ana' } },
    });
    const history = await dataSource.query(
      `SELECT from_status, to_status FROM handoff_transition WHERE handoff_id = '00000000-0000-4000-8000-0000000000aa' ORDER BY id`,
    );
    expect(history).toEqual([
      { from_status: null, to_status: 'CREATED' },
      { from_status: 'CREATED', to_status: 'DELIVERED' },
    ]);
    await dataSource.query(`DELETE FROM handoff_transition`);
    await dataSource.query(`DELETE FROM handoff`);
  });

  it('reads ranks from the queue order; reverting stores them again as they were read', async () => {
    const insert = (id: string, intended: string, priority: number) =>
      dataSource.query(
        `INSERT INTO handoff (id, qualification_id, account_id, status, missing_elements, created_at, status_changed_at, delivered_at,
                              owner_rep_id, queue_date, intended_queue_date, queued_at, priority)
         VALUES ($1, gen_random_uuid(), 'acc-x', 'DELIVERED', '{}', now(), now(), now(), 'rep-ana', '2026-11-25', $2::date, now(), $3)`,
        [id, intended, priority],
      );
    await insert('00000000-0000-4000-8000-0000000000b1', '2026-11-25', 90);
    await insert('00000000-0000-4000-8000-0000000000b2', '2026-11-24', 50); // carried over: first
    await insert('00000000-0000-4000-8000-0000000000b3', '2026-11-25', 95);
    const ranks = [...(await queueRanks(dataSource.manager, ['00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-0000000000b3']))].sort();
    expect(ranks.map(([id, rank]) => `${id.slice(-2)}#${rank}`)).toEqual(['b1#3', 'b2#1', 'b3#2']);
    await dataSource.undoLastMigration({ transaction: 'each' }); // QueueDayCounts
    await dataSource.undoLastMigration({ transaction: 'each' }); // QueueRanksReadWhenAsked
    expect(await dataSource.query(`SELECT right(id::text, 2) AS id, priority_rank FROM handoff ORDER BY id`)).toEqual([
      { id: 'b1', priority_rank: 3 },
      { id: 'b2', priority_rank: 1 },
      { id: 'b3', priority_rank: 2 },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`DELETE FROM handoff`);
  });

  it("keeps each owner's queue day count through inserts, moves between days and owners, and deletes; migrating counts what is stored", async () => {
    const insert = (owner: string | null, day: string | null) =>
      dataSource.query(
        `INSERT INTO handoff (id, qualification_id, account_id, status, missing_elements, created_at, status_changed_at, delivered_at,
                              owner_rep_id, queue_date, intended_queue_date, queued_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'acc-x', $3, $4::text[], now(), now(), $5::timestamptz, $1, $2::date, $2::date, $5::timestamptz)
         RETURNING id`,
        [owner, day, day ? 'DELIVERED' : 'INCOMPLETE', day ? '{}' : '{OWNER_ASSIGNMENT}', day ? '2026-11-25T10:00:00Z' : null],
      ).then((rows: { id: string }[]) => rows[0].id);
    const kept = () => dataSource.query(`SELECT owner_rep_id, to_char(queue_date, 'YYYY-MM-DD') AS day, handoffs FROM queue_day WHERE handoffs > 0 ORDER BY 1, 2`);
    const counted = () =>
      dataSource.query(
        `SELECT owner_rep_id, to_char(queue_date, 'YYYY-MM-DD') AS day, count(*)::int AS handoffs FROM handoff
          WHERE queue_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      );

    const [a1, a2] = [await insert('rep-ana', '2026-11-25'), await insert('rep-ana', '2026-11-25')];
    const a3 = await insert('rep-ana', '2026-11-25');
    await insert('rep-bo', '2026-11-26');
    await insert(null, null); // incomplete: in no queue
    expect(await kept()).toEqual([
      { owner_rep_id: 'rep-ana', day: '2026-11-25', handoffs: 3 },
      { owner_rep_id: 'rep-bo', day: '2026-11-26', handoffs: 1 },
    ]);
    await dataSource.query(`UPDATE handoff SET queue_date = '2026-11-26' WHERE id = $1`, [a1]); // deferred a day
    await dataSource.query(`UPDATE handoff SET owner_rep_id = 'rep-bo' WHERE id = $1`, [a2]); // re-routed
    await dataSource.query(`UPDATE handoff SET status = 'ACCEPTED' WHERE id = $1`, [a3]); // still queued
    await dataSource.query(`DELETE FROM handoff WHERE owner_rep_id = 'rep-bo' AND queue_date = '2026-11-26'`);
    expect(await kept()).toEqual(await counted());
    expect(await kept()).toEqual([
      { owner_rep_id: 'rep-ana', day: '2026-11-25', handoffs: 1 },
      { owner_rep_id: 'rep-ana', day: '2026-11-26', handoffs: 1 },
      { owner_rep_id: 'rep-bo', day: '2026-11-25', handoffs: 1 },
    ]);

    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await kept()).toEqual(await counted());
    await dataSource.query(`DELETE FROM handoff`);
    expect(await kept()).toEqual([]);
  });

  it('reverts to nothing and migrates again', async () => {
    for (let i = 0; i < handoffMigrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(TABLES);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM playbook_rule`))[0].n).toBe(SEEDED_PLAYBOOK_RULES.length);
  });
});
