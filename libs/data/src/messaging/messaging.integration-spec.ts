import { KafkaEventBus, withTopicPrefix, type EventBus, type ReceivedMessage, type Subscription } from '@handoff-graph/bus';
import { createLogger } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, deadLetterSchema, toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import { createTestSchema, testKafkaBrokers, waitFor, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createServiceDataSource, initializeDataSource } from '../data-source';
import { startEventConsumer } from './event-consumer';
import { enqueueEvents } from './outbox';
import { OutboxRelay } from './outbox-relay';

@Entity({ name: 'meeting_tally' })
class MeetingTally {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'int' })
  meetings: number;
}

class CreateMeetingTally1764000000001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE meeting_tally (account_id text PRIMARY KEY, meetings int NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_tally`);
  }
}

const logger = createLogger('messaging-spec', 'error');

function meetingBooked(accountId: string): EventEnvelope<'meeting-booked'> {
  return createEvent('meeting-booked', { ...EVENT_EXAMPLES['meeting-booked'], accountId, feedbackId: randomUUID() }, { aggregateId: accountId, producer: 'spec' });
}

describe('outbox, relay and inbox over PostgreSQL and Kafka', () => {
  let schema: TestSchema;
  let dataSource: DataSource;
  let bus: EventBus;
  let relay: OutboxRelay;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('messaging');
    dataSource = await initializeDataSource(
      createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [MeetingTally], migrations: [CreateMeetingTally1764000000001] }),
    );
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'messaging-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    await bus.ensureTopics([Topics.feedbackEvents, Topics.deadLetter]);
    relay = new OutboxRelay({ dataSource, bus, logger, pollIntervalMs: 50 });
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await relay.stop();
    await bus.close();
    await dataSource.destroy();
    await schema.drop();
  });

  async function collect(topic: string, into: ReceivedMessage[]): Promise<void> {
    subscriptions.push(await bus.subscribe({ groupId: `collector-${randomUUID()}`, topics: [topic], handler: async (m) => void into.push(m) }));
  }

  it('runs the messaging migration into the service schema', async () => {
    const tables: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['inbox', 'meeting_tally', 'migrations', 'outbox']);
  });

  it('publishes an event only when its transaction commits', async () => {
    const published: ReceivedMessage[] = [];
    await collect(Topics.feedbackEvents, published);
    const committed = meetingBooked('acc-commit');
    const rolledBack = meetingBooked('acc-rollback');
    await dataSource.transaction((m) => enqueueEvents(m, [committed]));
    await expect(
      dataSource.transaction(async (m) => {
        await enqueueEvents(m, [rolledBack]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    relay.start();
    await waitFor(() => published.some((m) => m.key === 'acc-commit'), { what: 'the committed event on Kafka' });
    const parsed = published.map((m) => JSON.parse(m.value) as EventEnvelope);
    expect(parsed.find((e) => e.aggregateId === 'acc-commit')).toEqual(committed);
    expect(parsed.some((e) => e.aggregateId === 'acc-rollback')).toBe(false);
    const pending: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`);
    expect(Number(pending[0].n)).toBe(0);
  });

  it('refuses to enqueue outside a transaction', async () => {
    await expect(enqueueEvents(dataSource.manager, [meetingBooked('acc-x')])).rejects.toThrow('inside a transaction');
  });

  it('applies a redelivered event once and dead-letters a contract-breaking one with its error', async () => {
    const deadLetters: ReceivedMessage[] = [];
    await collect(Topics.deadLetter, deadLetters);
    const applied: string[] = [];
    subscriptions.push(
      await startEventConsumer({
        bus,
        dataSource,
        logger,
        groupId: 'tally',
        topics: [Topics.feedbackEvents],
        handlers: {
          'meeting-booked': async (event, manager) => {
            applied.push(event.eventId);
            await manager.query(
              `INSERT INTO meeting_tally (account_id, meetings) VALUES ($1, 1)
               ON CONFLICT (account_id) DO UPDATE SET meetings = meeting_tally.meetings + 1`,
              [event.aggregateId],
            );
          },
        },
      }),
    );
    const event = meetingBooked('acc-twice');
    await bus.publish([toMessage(event), toMessage(event)]);
    const broken = { ...toMessage(meetingBooked('acc-broken')) };
    broken.value = broken.value.replace('"repId":"rep-ana"', '"repId":""');
    await bus.publish([broken]);
    await waitFor(() => deadLetters.find((m) => m.key === 'acc-broken'), { what: 'the dead letter' });
    await waitFor(async () => (await dataSource.query(`SELECT 1 FROM meeting_tally WHERE account_id = 'acc-twice'`)).length === 1, {
      what: 'the tally row',
    });
    const [tally] = await dataSource.query(`SELECT meetings FROM meeting_tally WHERE account_id = 'acc-twice'`);
    expect(tally.meetings).toBe(1);
    expect(applied.filter((id) => id === event.eventId)).toHaveLength(1);
    const letter = deadLetterSchema.parse(JSON.parse(deadLetters.find((m) => m.key === 'acc-broken')!.value));
    expect(letter).toMatchObject({ originalTopic: Topics.feedbackEvents, consumerGroup: 'tally', errorKind: 'validation', value: broken.value });
    expect(letter.error).toContain('payload.repId');
  });

  it('dead-letters an event whose handler keeps failing, after retrying, and rolls back its writes', async () => {
    const deadLetters: ReceivedMessage[] = [];
    await collect(Topics.deadLetter, deadLetters);
    let attempts = 0;
    subscriptions.push(
      await startEventConsumer({
        bus,
        dataSource,
        logger,
        groupId: 'failing',
        topics: [Topics.feedbackEvents],
        maxAttempts: 3,
        retryDelayMs: 10,
        handlers: {
          'meeting-booked': async (event, manager) => {
            if (event.aggregateId !== 'acc-poison') return;
            attempts++;
            // A write the failed attempt made: it must be rolled back with the attempt.
            await manager.query(`INSERT INTO meeting_tally (account_id, meetings) VALUES ($1, 1)`, [`half-written-${attempts}`]);
            throw new Error('CRM is down');
          },
        },
      }),
    );
    await bus.publish([toMessage(meetingBooked('acc-poison'))]);
    const message = await waitFor(() => deadLetters.find((m) => m.key === 'acc-poison'), { what: 'the processing dead letter' });
    const letter = deadLetterSchema.parse(JSON.parse(message.value));
    expect(letter.errorKind).toBe('processing');
    expect(letter.error).toMatch(/failed 3 times: CRM is down$/);
    expect(attempts).toBe(3);
    expect(await dataSource.query(`SELECT 1 FROM meeting_tally WHERE account_id LIKE 'half-written-%'`)).toHaveLength(0);
    expect(await dataSource.query(`SELECT 1 FROM inbox WHERE consumer_group = 'failing' AND type = 'meeting-booked' AND event_id = $1`, [JSON.parse(letter.value).eventId])).toHaveLength(0);
  });
});
