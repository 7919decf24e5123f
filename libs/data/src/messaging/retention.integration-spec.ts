import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, initializeDataSource } from '../data-source';
import { PRUNE_STATEMENTS, pruneMessaging } from './retention';

/**
 * The messaging retention on real PostgreSQL: exactly the outbox rows published too long ago and the
 * inbox rows consumed too long ago go, in batches; unpublished rows stay however old; the indexes
 * it reads come and go with their migration, and its statements find old rows through them.
 */
describe('messaging retention (PostgreSQL)', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('retention');
    dataSource = await initializeDataSource(createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [] }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE outbox, inbox`);
  });

  /** Outbox rows named `key`, created and published (null: not yet) that many hours ago. */
  async function outboxRows(rows: [key: string, createdHoursAgo: number, publishedHoursAgo: number | null][]): Promise<void> {
    await dataSource.query(
      `INSERT INTO outbox (event_id, type, topic, key, value, created_at, published_at)
       SELECT gen_random_uuid(), 'meeting-booked', 'feedback-events', r.key, '{}', now() - make_interval(hours => r.created),
              now() - make_interval(hours => r.published)
         FROM unnest($1::text[], $2::int[], $3::int[]) AS r(key, created, published)`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
    );
  }

  /** Inbox rows (event, group) consumed that many hours ago. */
  async function inboxRows(rows: [eventId: string, group: string, consumedHoursAgo: number][]): Promise<void> {
    await dataSource.query(
      `INSERT INTO inbox (event_id, consumer_group, type, consumed_at)
       SELECT r.event_id, r.grp, 'meeting-booked', now() - make_interval(hours => r.consumed)
         FROM unnest($1::uuid[], $2::text[], $3::int[]) AS r(event_id, grp, consumed)`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
    );
  }

  const outboxKeys = async () => (await dataSource.query(`SELECT key FROM outbox ORDER BY key`)).map((r: { key: string }) => r.key);
  const inboxKeys = async () =>
    (await dataSource.query(`SELECT right(event_id::text, 2) || '/' || consumer_group AS k FROM inbox ORDER BY 1`)).map((r: { k: string }) => r.k);
  const uuid = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

  it('deletes exactly the old published outbox rows and the old inbox rows, batch by batch, and keeps everything else', async () => {
    await outboxRows([
      // Published more than 168 hours ago: six rows, two full batches of 3, then an empty one.
      ...[1, 2, 3, 4, 5, 6].map((i): [string, number, number] => [`old-published-${i}`, 400, 169 + i]),
      // Published within the 168 hours, though created long before.
      ['recent-published-1', 400, 167],
      ['recent-published-2', 2, 1],
      // Never published: kept however old.
      ['old-unpublished-1', 2000, null],
      ['old-unpublished-2', 200, null],
      ['recent-unpublished', 0, null],
    ]);
    await inboxRows([
      // Consumed more than 336 hours ago: seven rows (3 + 3 + 1).
      ...[1, 2, 3, 4, 5, 6].map((i): [string, string, number] => [uuid(i), 'scoring', 337 + i * 10]),
      [uuid(7), 'feedback', 5000],
      // The same event in another group, consumed recently: kept.
      [uuid(1), 'feedback', 335],
      [uuid(8), 'scoring', 0],
    ]);

    expect(await pruneMessaging(dataSource, { outboxKeepHours: 168, inboxKeepHours: 336, batchSize: 3 })).toEqual({ outbox: 6, inbox: 7 });

    expect(await outboxKeys()).toEqual(['old-unpublished-1', 'old-unpublished-2', 'recent-published-1', 'recent-published-2', 'recent-unpublished']);
    expect(await inboxKeys()).toEqual(['01/feedback', '08/scoring']);
    // A second run finds nothing.
    expect(await pruneMessaging(dataSource, { outboxKeepHours: 168, inboxKeepHours: 336, batchSize: 3 })).toEqual({ outbox: 0, inbox: 0 });
  });

  it('never deletes an unpublished outbox row, even with nothing kept', async () => {
    await outboxRows([
      ['published', 10, 1],
      ['unpublished', 10_000, null],
    ]);
    await inboxRows([[uuid(1), 'g', 1]]);
    expect(await pruneMessaging(dataSource, { outboxKeepHours: 0, inboxKeepHours: 0, batchSize: 3 })).toEqual({ outbox: 1, inbox: 1 });
    expect(await outboxKeys()).toEqual(['unpublished']);
    expect(await inboxKeys()).toEqual([]);
  });

  it('refuses settings that are not whole hours or a positive batch', async () => {
    await expect(pruneMessaging(dataSource, { outboxKeepHours: 1.5, inboxKeepHours: 336 })).rejects.toThrow('outboxKeepHours must be a whole number of hours');
    await expect(pruneMessaging(dataSource, { outboxKeepHours: 168, inboxKeepHours: -1 })).rejects.toThrow('inboxKeepHours must be a whole number of hours');
    await expect(pruneMessaging(dataSource, { outboxKeepHours: 168, inboxKeepHours: 336, batchSize: 0 })).rejects.toThrow('batchSize must be at least 1');
  });

  const indexes = async () =>
    (
      await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename IN ('outbox', 'inbox') ORDER BY indexname`, [
        schema.schema,
      ])
    ).map((r: { indexdef: string }) => r.indexdef.replace(` ${schema.schema}.`, ' '));
  const TABLE_INDEXES = [
    'CREATE UNIQUE INDEX inbox_pkey ON inbox USING btree (event_id, consumer_group)',
    'CREATE UNIQUE INDEX outbox_event_id_key ON outbox USING btree (event_id)',
    'CREATE UNIQUE INDEX outbox_pkey ON outbox USING btree (seq)',
    'CREATE INDEX outbox_unpublished ON outbox USING btree (seq) WHERE (published_at IS NULL)',
  ];
  const RETENTION_INDEXES = [
    'CREATE INDEX inbox_consumed_at ON inbox USING btree (consumed_at)',
    'CREATE INDEX outbox_published_at ON outbox USING btree (published_at) WHERE (published_at IS NOT NULL)',
  ];
  const migrationNames = async () => (await dataSource.query(`SELECT name FROM migrations ORDER BY id`)).map((r: { name: string }) => r.name);

  it('adds the timestamp indexes after the tables, and its down drops them and nothing else', async () => {
    expect(await migrationNames()).toEqual(['CreateMessagingTables1764000000000', 'MessagingRetentionIndexes1764000000001']);
    expect((await indexes()).sort()).toEqual([...TABLE_INDEXES, ...RETENTION_INDEXES].sort());

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await migrationNames()).toEqual(['CreateMessagingTables1764000000000']);
    expect((await indexes()).sort()).toEqual([...TABLE_INDEXES].sort());
    // Pruning still works without them (by scanning).
    expect(await pruneMessaging(dataSource, { outboxKeepHours: 168, inboxKeepHours: 336 })).toEqual({ outbox: 0, inbox: 0 });

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await migrationNames()).toEqual(['CreateMessagingTables1764000000000', 'MessagingRetentionIndexes1764000000001']);
    expect((await indexes()).sort()).toEqual([...TABLE_INDEXES, ...RETENTION_INDEXES].sort());
  });

  it('finds old rows of 200k-row tables through the indexes, not a sequential scan, however many are old', async () => {
    // 200k rows each over the last 15 days, in time order, as a service writes them; 7 and 14 days kept.
    await dataSource.query(
      `INSERT INTO outbox (event_id, type, topic, key, value, created_at, published_at)
       SELECT gen_random_uuid(), 'meeting-booked', 'feedback-events', 'acc-' || i, repeat('x', 300), t, t
         FROM generate_series(1, 200000) i, LATERAL (SELECT now() - interval '15 days' + i * interval '15 days' / 200000) AS x(t)`,
    );
    await dataSource.query(
      `INSERT INTO inbox (event_id, consumer_group, type, consumed_at)
       SELECT gen_random_uuid(), 'g', 'meeting-booked', now() - interval '15 days' + i * interval '15 days' / 200000
         FROM generate_series(1, 200000) i`,
    );
    await dataSource.query(`VACUUM ANALYZE outbox`);
    await dataSource.query(`VACUUM ANALYZE inbox`);
    const plan = async (sql: string, hours: number) =>
      (await dataSource.query(`EXPLAIN ${sql}`, [hours, 5000])).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');

    // A run every 10 minutes (a sliver old), a week's backlog, nearly all of it old.
    for (const hours of [359, 168, 1]) {
      const outboxPlan = await plan(PRUNE_STATEMENTS.outbox, hours);
      expect(outboxPlan).toContain('Index Scan using outbox_published_at on outbox');
      expect(outboxPlan).toContain('Tid Scan on outbox');
      expect(outboxPlan).not.toContain('Seq Scan');
      const inboxPlan = await plan(PRUNE_STATEMENTS.inbox, hours);
      expect(inboxPlan).toContain('Index Scan using inbox_consumed_at on inbox');
      expect(inboxPlan).toContain('Tid Scan on inbox');
      expect(inboxPlan).not.toContain('Seq Scan');
    }

    // And it does what the plan says: about 106,667 outbox (8 of 15 days) and 13,333 inbox rows (1 of 15) go, 5000 per statement.
    const deleted = await pruneMessaging(dataSource, { outboxKeepHours: 168, inboxKeepHours: 336 });
    expect(deleted.outbox).toBeGreaterThanOrEqual(106_600);
    expect(deleted.outbox).toBeLessThanOrEqual(106_700);
    expect(deleted.inbox).toBeGreaterThanOrEqual(13_300);
    expect(deleted.inbox).toBeLessThanOrEqual(13_400);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at < now() - interval '168 hours'`);
    expect(n).toBe(0);
  });
});
