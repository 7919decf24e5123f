import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { feedbackEntities, feedbackMigrations } from '../index';

/** The migrations on a throwaway schema: up, the database-level guards, down one by one, up again. */
let schema: TestSchema;
let dataSource: DataSource;
/** A plain client for the deliberate violations (TypeORM would log each as a failed query). */
let client: Client;

beforeAll(async () => {
  schema = await createTestSchema('feedback_migrations');
  dataSource = await initializeDataSource(
    createServiceDataSource({ url: schema.url, schema: schema.schema, entities: feedbackEntities, migrations: feedbackMigrations }),
  );
  client = new Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await schema?.drop();
});

const ALL_TABLES = ['feedback', 'handoff_record', 'inbox', 'migrations', 'outbox', 'rejection_pattern_report', 'rep_profile'];
const tables = async () =>
  (
    await dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema.schema],
    )
  ).map((r) => r.table_name);

const insertFeedback = (handoffId: string, kind: string, extra: { reason?: string; channel?: string } = {}) =>
  client.query(
    `INSERT INTO feedback (feedback_id, handoff_id, kind, rep_id, reason, channel, at, recorded_at)
     VALUES ($1, $2, $3, 'rep-ana', $4, $5, now(), now())`,
    [randomUUID(), handoffId, kind, extra.reason ?? null, extra.channel ?? null],
  );

describe('feedback-svc migrations', () => {
  it('creates handoff_record, feedback, rep_profile and rejection_pattern_report beside the outbox, inbox and migrations tables', async () => {
    expect(await tables()).toEqual(ALL_TABLES);
  });

  it('keeps at most one feedback of each kind per handoff and the reason/channel with their kinds', async () => {
    const handoffId = randomUUID();
    await dataSource.query(
      `INSERT INTO handoff_record (handoff_id, account_id, owner_rep_id, backup_rep_id, delivered_at) VALUES ($1, 'acc-1', 'rep-ana', 'rep-ben', now())`,
      [handoffId],
    );
    await insertFeedback(handoffId, 'ACCEPTED');
    await insertFeedback(handoffId, 'FIRST_TOUCH', { channel: 'EMAIL' });
    await insertFeedback(handoffId, 'REJECTED', { reason: 'NO_FIT' });
    await insertFeedback(handoffId, 'MEETING_BOOKED');
    await expect(insertFeedback(handoffId, 'ACCEPTED')).rejects.toThrow(/feedback_one_accepted/);
    await expect(insertFeedback(handoffId, 'REJECTED', { reason: 'NO_NEED' })).rejects.toThrow(/feedback_one_rejected/);
    await expect(insertFeedback(handoffId, 'FIRST_TOUCH', { channel: 'PHONE' })).rejects.toThrow(/feedback_one_first_touch/);
    await expect(insertFeedback(handoffId, 'MEETING_BOOKED')).rejects.toThrow(/feedback_one_meeting_booked/);
    const other = randomUUID();
    await dataSource.query(`INSERT INTO handoff_record (handoff_id, account_id, owner_rep_id, backup_rep_id) VALUES ($1, 'acc-2', 'rep-ana', 'rep-ben')`, [other]);
    await expect(insertFeedback(other, 'REJECTED')).rejects.toThrow(/feedback_reason_iff_rejected/);
    await expect(insertFeedback(other, 'FIRST_TOUCH')).rejects.toThrow(/feedback_channel_iff_first_touch/);
    await expect(insertFeedback(other, 'LIKED')).rejects.toThrow(/check constraint/);
    await expect(insertFeedback(randomUUID(), 'ACCEPTED')).rejects.toThrow(/foreign key/);
  });

  it('keeps one rejection-pattern report per week and rep profiles with valid working days and hours', async () => {
    const report = (week: string, eventId = randomUUID()) =>
      client.query(
        `INSERT INTO rejection_pattern_report (week, time_zone, starts_at, ends_at, generated_at, delivered_count, rejected_count, patterns, event_id, published_by)
         VALUES ($1, 'Europe/Berlin', now(), now(), now(), 3, 1, '[]', $2, 'OPS')`,
        [week, eventId],
      );
    await report('2026-W48');
    await expect(report('2026-W48')).rejects.toThrow(/rejection_pattern_report_pkey/);
    await expect(report('48')).rejects.toThrow(/check constraint/);
    const profile = (days: string, start: string) =>
      client.query(
        `INSERT INTO rep_profile (rep_id, name, team, time_zone, working_days, working_start, working_end, active, updated_at)
         VALUES ($1, 'Ana', 'EMEA', 'Europe/Berlin', $2::smallint[], $3, '17:00', true, now())`,
        [randomUUID(), days, start],
      );
    await profile('{1,2,3,4,5}', '09:00');
    await expect(profile('{}', '09:00')).rejects.toThrow(/check constraint/);
    await expect(profile('{0,1}', '09:00')).rejects.toThrow(/check constraint/);
    await expect(profile('{1}', '9am')).rejects.toThrow(/check constraint/);
  });

  it('records who recorded feedback and who published a report, never a subject for the Monday job', async () => {
    const handoffId = randomUUID();
    await dataSource.query(`INSERT INTO handoff_record (handoff_id, account_id, owner_rep_id, backup_rep_id) VALUES ($1, 'acc-3', 'rep-ana', 'rep-ben')`, [handoffId]);
    await client.query(
      `INSERT INTO feedback (feedback_id, handoff_id, kind, rep_id, at, recorded_at, recorded_by) VALUES ($1, $2, 'ACCEPTED', 'rep-ana', now(), now(), 'ops@example.com')`,
      [randomUUID(), handoffId],
    );
    await expect(
      client.query(`INSERT INTO feedback (feedback_id, handoff_id, kind, rep_id, at, recorded_at, recorded_by) VALUES ($1, $2, 'MEETING_BOOKED', 'rep-ana', now(), now(), '')`, [
        randomUUID(),
        handoffId,
      ]),
    ).rejects.toThrow(/check constraint/);
    const report = (week: string, by: string, subject: string | null) =>
      client.query(
        `INSERT INTO rejection_pattern_report (week, time_zone, starts_at, ends_at, generated_at, delivered_count, rejected_count, patterns, event_id, published_by, published_by_subject)
         VALUES ($1, 'UTC', now(), now(), now(), 0, 0, '[]', $2, $3, $4)`,
        [week, randomUUID(), by, subject],
      );
    await report('2026-W40', 'OPS', 'ops@example.com');
    await report('2026-W41', 'SCHEDULE', null);
    await expect(report('2026-W42', 'SCHEDULE', 'ops@example.com')).rejects.toThrow(/rejection_pattern_report_schedule_has_no_subject/);
  });

  it('keeps feedback recorded before the third migration, and the one recorded with it, without a recorder after a round trip', async () => {
    const [{ handoff_id: handoffId }] = await dataSource.query<{ handoff_id: string }[]>(`SELECT handoff_id FROM handoff_record WHERE account_id = 'acc-3'`);
    await dataSource.undoLastMigration({ transaction: 'each' });
    await client.query(`INSERT INTO feedback (feedback_id, handoff_id, kind, rep_id, reason, at, recorded_at) VALUES ($1, $2, 'REJECTED', 'rep-ana', 'NO_FIT', now(), now())`, [
      randomUUID(),
      handoffId,
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    const rows = await dataSource.query<{ kind: string; recorded_by: string | null }[]>(`SELECT kind, recorded_by FROM feedback WHERE handoff_id = $1 ORDER BY kind`, [handoffId]);
    expect(rows).toEqual([
      { kind: 'ACCEPTED', recorded_by: null },
      { kind: 'REJECTED', recorded_by: null },
    ]);
  });

  it('keeps handoffs projected before the second migration, with its new columns empty', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['feedback', 'handoff_record', 'inbox', 'migrations', 'outbox']);
    const handoffId = randomUUID();
    await client.query(
      `INSERT INTO handoff_record (handoff_id, account_id, owner_rep_id, backup_rep_id, territory_id, delivered_at) VALUES ($1, 'acc-old', 'rep-ana', 'rep-ben', 'terr-1', now())`,
      [handoffId],
    );
    await dataSource.runMigrations({ transaction: 'each' });
    const [row] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT territory_id, owner_team, territory_name, top_contributor, playbook_rule_id FROM handoff_record WHERE handoff_id = $1`,
      [handoffId],
    );
    expect(row).toEqual({ territory_id: 'terr-1', owner_team: null, territory_name: null, top_contributor: null, playbook_rule_id: null });
  });

  it('reverts and re-applies cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['inbox', 'migrations', 'outbox']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(ALL_TABLES);
  });
});
