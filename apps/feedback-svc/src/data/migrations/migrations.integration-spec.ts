import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { feedbackEntities, feedbackMigrations } from '../index';

/** The migration on a throwaway schema: up, the database-level guards, down, up again. */
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

describe('CreateFeedbackTables migration', () => {
  it('creates handoff_record and feedback beside the outbox, inbox and migrations tables', async () => {
    expect(await tables()).toEqual(['feedback', 'handoff_record', 'inbox', 'migrations', 'outbox']);
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

  it('reverts and re-applies cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['inbox', 'migrations', 'outbox']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(['feedback', 'handoff_record', 'inbox', 'migrations', 'outbox']);
  });
});
