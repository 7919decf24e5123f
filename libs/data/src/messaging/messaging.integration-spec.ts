import { KafkaEventBus, withTopicPrefix, type EventBus, type ReceivedMessage, type Subscription } from '@handoff-graph/bus';
import { createLogger } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, deadLetterSchema, toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import { createTestSchema, testKafkaBrokers, waitFor, type TestSchema } from '@handoff-graph/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
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

  it('stores every event as the exact text toMessage writes, in the order given', async () => {
    // Quotes, backslashes, a newline and non-ASCII: what an escaping slip would change.
    const events = [meetingBooked('acc-"quoted" \\ back\nslash é ✓'), meetingBooked('acc-plain'), meetingBooked('acc-{"json":[1]}')];
    await dataSource.transaction((m) => enqueueEvents(m, events));
    const rows: { event_id: string; type: string; topic: string; key: string; value: string }[] = await dataSource.query(
      `SELECT event_id, type, topic, key, value FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY seq`,
      [events.map((e) => e.eventId)],
    );
    expect(rows).toEqual(events.map((e) => ({ event_id: e.eventId, type: e.type, ...toMessage(e) })));
    expect(JSON.parse(rows[0].value)).toEqual(events[0]);
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

  it('dead-letters at once, without retrying, an event whose data PostgreSQL refuses (a NUL in a string)', async () => {
    const deadLetters: ReceivedMessage[] = [];
    await collect(Topics.deadLetter, deadLetters);
    let attempts = 0;
    subscriptions.push(
      await startEventConsumer({
        bus,
        dataSource,
        logger,
        groupId: 'unstorable',
        topics: [Topics.feedbackEvents],
        maxAttempts: 5,
        retryDelayMs: 1_000,
        handlers: {
          'meeting-booked': async (event, manager) => {
            if (!event.aggregateId.startsWith('acc-nul')) return;
            attempts++;
            await manager.query(`INSERT INTO meeting_tally (account_id, meetings) VALUES ($1, 1)`, [event.payload.accountId]);
          },
        },
      }),
    );
    // The contract lets the NUL through (a string is a string); the database does not.
    await bus.publish([toMessage(meetingBooked('acc-nul\u0000'))]);
    // (The earlier tests' groups on this topic refuse it too; this test looks at its own group's letter.)
    const letter = await waitFor(
      () => deadLetters.map((m) => deadLetterSchema.parse(JSON.parse(m.value))).find((l) => l.key === 'acc-nul\u0000' && l.consumerGroup === 'unstorable'),
      { what: 'the data-exception dead letter' },
    );
    expect(letter.errorKind).toBe('processing');
    expect(letter.error).toMatch(/holds data PostgreSQL refuses \(SQLSTATE 22\w{3}; not retried\)/);
    expect(attempts).toBe(1);
  });
});

/** What a consumer committed, in commit order, with the transaction that committed it. */
class CreateAppliedLog1764000000002 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE applied_log (seq bigserial PRIMARY KEY, consumer_group text NOT NULL, event_id uuid NOT NULL, account_id text NOT NULL, txid bigint NOT NULL)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applied_log`);
  }
}

describe('batched consumption and relay coalescing over PostgreSQL and Kafka', () => {
  let schema: TestSchema;
  let dataSource: DataSource;
  let kafka: KafkaEventBus;
  let bus: EventBus;
  let prefix: string;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('messaging_batch');
    dataSource = await initializeDataSource(
      createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [CreateAppliedLog1764000000002] }),
    );
    prefix = `it-${randomUUID().slice(0, 8)}`;
    kafka = new KafkaEventBus({ clientId: 'messaging-batch-spec', brokers: testKafkaBrokers() });
    bus = withTopicPrefix(kafka, prefix);
    await bus.ensureTopics([Topics.feedbackEvents, Topics.deadLetter]);
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await bus.close();
    await dataSource.destroy();
    await schema.drop();
  });

  /** A meeting-booked handler that logs what it applies (through its transaction) and fails on `poison`. */
  function logging(groupId: string, accountPrefix: string, poison = new Set<string>(), calls: string[] = []) {
    return {
      'meeting-booked': async (event: EventEnvelope<'meeting-booked'>, manager: EntityManager) => {
        if (!event.aggregateId.startsWith(accountPrefix)) return;
        calls.push(event.eventId);
        if (poison.has(event.eventId)) {
          await manager.query(`INSERT INTO applied_log (consumer_group, event_id, account_id, txid) VALUES ($1, $2, 'half-written', txid_current())`, [groupId, event.eventId]);
          throw new Error('CRM is down');
        }
        await manager.query(`INSERT INTO applied_log (consumer_group, event_id, account_id, txid) VALUES ($1, $2, $3, txid_current())`, [
          groupId,
          event.eventId,
          event.aggregateId,
        ]);
      },
    };
  }

  async function appliedLog(groupId: string): Promise<{ event_id: string; account_id: string; txid: string }[]> {
    return dataSource.query(`SELECT event_id, account_id, txid FROM applied_log WHERE consumer_group = $1 ORDER BY seq`, [groupId]);
  }

  /** Counts every message the bus hands the consumer, batched or single (the consumer is unchanged). */
  function observed(delivered: ReceivedMessage[]): EventBus {
    return {
      ensureTopics: (topics) => bus.ensureTopics(topics),
      publish: (messages) => bus.publish(messages),
      health: () => bus.health(),
      close: () => bus.close(),
      subscribe: (options) =>
        bus.subscribe({
          ...options,
          handler: async (m) => {
            delivered.push(m);
            await options.handler(m);
          },
          handleBatch:
            options.handleBatch &&
            (async (ms) => {
              delivered.push(...ms);
              await options.handleBatch!(ms);
            }),
        }),
    };
  }

  it('applies a backlog in batches of at most maxBatchSize, one transaction each, every event once and in order', async () => {
    const accounts = ['acc-batch-a', 'acc-batch-b', 'acc-batch-c'];
    const events = Array.from({ length: 30 }, (_, i) => meetingBooked(accounts[i % 3]));
    await bus.publish(events.map(toMessage)); // before the consumer starts: a backlog
    subscriptions.push(
      await startEventConsumer({ bus, dataSource, logger, groupId: 'batched', topics: [Topics.feedbackEvents], maxBatchSize: 8, handlers: logging('batched', 'acc-batch-') }),
    );
    await waitFor(async () => (await appliedLog('batched')).length >= 30, { what: '30 applied events' });
    await new Promise((r) => setTimeout(r, 500));

    const log = await appliedLog('batched');
    expect(log.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.eventId).sort()); // each exactly once
    for (const account of accounts) {
      expect(log.filter((r) => r.account_id === account).map((r) => r.event_id)).toEqual(events.filter((e) => e.aggregateId === account).map((e) => e.eventId));
    }
    const perTransaction = new Map<string, number>();
    for (const r of log) perTransaction.set(r.txid, (perTransaction.get(r.txid) ?? 0) + 1);
    expect(Math.max(...perTransaction.values())).toBeGreaterThan(1); // batched…
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(8); // …and capped
    const [inbox] = await dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer_group = 'batched'`);
    expect(inbox.n).toBe(30);
  });

  it('isolates a poison event in the middle of a batch: dead-lettered after its retries, the others applied once, in order', async () => {
    const deadLetters: ReceivedMessage[] = [];
    subscriptions.push(await bus.subscribe({ groupId: `collector-${randomUUID()}`, topics: [Topics.deadLetter], handler: async (m) => void deadLetters.push(m) }));
    // One account: one partition, so all eleven sit in one fetched batch, the poison sixth.
    const events = Array.from({ length: 11 }, () => meetingBooked('acc-mid-batch'));
    const poison = events[5];
    await bus.publish(events.map(toMessage));
    const calls: string[] = [];
    subscriptions.push(
      await startEventConsumer({
        bus,
        dataSource,
        logger,
        groupId: 'poisoned',
        topics: [Topics.feedbackEvents],
        maxAttempts: 3,
        retryDelayMs: 10,
        handlers: logging('poisoned', 'acc-mid-batch', new Set([poison.eventId]), calls),
      }),
    );
    const message = await waitFor(() => deadLetters.find((m) => JSON.parse(JSON.parse(m.value).value).eventId === poison.eventId), { what: 'the poison dead letter' });
    await waitFor(async () => (await appliedLog('poisoned')).length >= 10, { what: 'the ten good events' });
    await new Promise((r) => setTimeout(r, 500));

    const letter = deadLetterSchema.parse(JSON.parse(message.value));
    expect(letter).toMatchObject({ errorKind: 'processing', consumerGroup: 'poisoned' });
    expect(letter.error).toMatch(/failed 3 times: CRM is down$/);
    // maxAttempts runs in all, exactly as without batches: the run inside the batch that rolled back counts as the first.
    expect(calls.filter((id) => id === poison.eventId)).toHaveLength(3);
    const log = await appliedLog('poisoned');
    expect(log.map((r) => r.event_id)).toEqual(events.filter((e) => e !== poison).map((e) => e.eventId));
    expect(log.some((r) => r.account_id === 'half-written')).toBe(false);
    const inbox: { event_id: string }[] = await dataSource.query(`SELECT event_id FROM inbox WHERE consumer_group = 'poisoned' AND event_id = ANY($1::uuid[])`, [
      events.map((e) => e.eventId),
    ]);
    expect(inbox.map((r) => r.event_id).sort()).toEqual(events.filter((e) => e !== poison).map((e) => e.eventId).sort());
  });

  it("records a batch's inbox rows in one statement: an event repeated in the batch, spelled in upper case, or already in the inbox is applied at most once", async () => {
    const [a, b, c, d] = Array.from({ length: 4 }, () => meetingBooked('acc-inbox-1')); // one key: one partition, in order
    const bUpper = { ...b, eventId: b.eventId.toUpperCase() };
    await dataSource.query(`INSERT INTO inbox (event_id, consumer_group, type) VALUES ($1, 'inbox-batch', $2)`, [c.eventId, c.type]);
    // A backlog (with the earlier tests' messages, which this handler ignores), taken in batches: a, b, a again, B (b in upper case), c (applied before), d.
    await bus.publish([a, b, a, bUpper, c, d].map(toMessage));
    const delivered: ReceivedMessage[] = [];
    subscriptions.push(
      await startEventConsumer({ bus: observed(delivered), dataSource, logger, groupId: 'inbox-batch', topics: [Topics.feedbackEvents], handlers: logging('inbox-batch', 'acc-inbox-') }),
    );
    await waitFor(async () => (await appliedLog('inbox-batch')).some((r) => r.event_id === d.eventId), { what: 'the last event applied' });
    await new Promise((r) => setTimeout(r, 300));

    const log = await appliedLog('inbox-batch');
    expect(log.map((r) => r.event_id)).toEqual([a.eventId, b.eventId, d.eventId]);
    const inbox: { event_id: string }[] = await dataSource.query(
      `SELECT event_id FROM inbox WHERE consumer_group = 'inbox-batch' AND event_id = ANY($1::uuid[]) ORDER BY event_id`,
      [[a, b, c, d].map((e) => e.eventId)],
    );
    expect(inbox.map((r) => r.event_id)).toEqual([a, b, c, d].map((e) => e.eventId).sort());
  });

  it('absorbs a redelivered batch: offsets rewound to the start apply nothing twice', async () => {
    const events = Array.from({ length: 20 }, (_, i) => meetingBooked(`acc-redo-${i % 4}`));
    await bus.publish(events.map(toMessage));
    const first: ReceivedMessage[] = [];
    const firstRun = await startEventConsumer({ bus: observed(first), dataSource, logger, groupId: 'redelivered', topics: [Topics.feedbackEvents], handlers: logging('redelivered', 'acc-redo-') });
    await waitFor(async () => (await appliedLog('redelivered')).length >= 20, { what: '20 applied events' });
    await firstRun.stop();

    // Rewind the group (as after a crash between the database commit and the offset commit).
    const admin = new Kafka({ clientId: 'messaging-batch-admin', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await waitFor(
        async () =>
          admin
            .resetOffsets({ groupId: `${prefix}.redelivered`, topic: `${prefix}.${Topics.feedbackEvents}`, earliest: true })
            .then(() => true)
            .catch(() => false),
        { what: 'the group to be empty so its offsets can be reset' },
      );
    } finally {
      await admin.disconnect();
    }
    const again: ReceivedMessage[] = [];
    subscriptions.push(await startEventConsumer({ bus: observed(again), dataSource, logger, groupId: 'redelivered', topics: [Topics.feedbackEvents], handlers: logging('redelivered', 'acc-redo-') }));
    const redeliveredIds = () => new Set(again.map((m) => (JSON.parse(m.value) as EventEnvelope).eventId));
    await waitFor(() => events.every((e) => redeliveredIds().has(e.eventId)), { what: 'all 20 events delivered again' });
    await new Promise((r) => setTimeout(r, 500));

    const log = await appliedLog('redelivered');
    expect(log.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.eventId).sort());
  });

  it('coalesces nudges: commits during a relay cycle are published together by one more cycle', async () => {
    const publishes: number[] = [];
    let release!: () => void;
    const firstPublishHeld = new Promise<void>((resolve) => (release = resolve));
    const gated: EventBus = {
      ensureTopics: (topics) => bus.ensureTopics(topics),
      subscribe: (options) => bus.subscribe(options),
      health: () => bus.health(),
      close: () => bus.close(),
      publish: async (messages) => {
        publishes.push(messages.length);
        if (publishes.length === 1) await firstPublishHeld;
        await bus.publish(messages);
      },
    };
    const relay = new OutboxRelay({ dataSource, bus: gated, logger, pollIntervalMs: 60_000 });
    const published: ReceivedMessage[] = [];
    subscriptions.push(await bus.subscribe({ groupId: `collector-${randomUUID()}`, topics: [Topics.feedbackEvents], handler: async (m) => void published.push(m) }));
    relay.start();
    try {
      const events = Array.from({ length: 100 }, (_, i) => meetingBooked(`acc-relay-${i % 10}`));
      await dataSource.transaction((m) => enqueueEvents(m, [events[0]]));
      relay.nudge();
      await waitFor(() => publishes.length === 1, { what: 'the first relay cycle to publish' });
      // 99 more transactions, each nudging, while that cycle waits for the broker.
      for (const event of events.slice(1)) {
        await dataSource.transaction((m) => enqueueEvents(m, [event]));
        relay.nudge();
      }
      release();
      const seen = () => new Set(published.map((m) => (JSON.parse(m.value) as EventEnvelope).eventId));
      await waitFor(() => events.every((e) => seen().has(e.eventId)), { what: 'all 100 events on Kafka' });

      expect(publishes).toEqual([1, 99]);
      const [pending] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      expect(pending.n).toBe(0);
    } finally {
      release();
      await relay.stop();
    }
  });

  it('keeps rows unpublished when the broker refuses them, rolls its transaction back, and publishes them on the next cycle', async () => {
    let refuse = true;
    const refusing: EventBus = {
      ensureTopics: (topics) => bus.ensureTopics(topics),
      subscribe: (options) => bus.subscribe(options),
      health: () => bus.health(),
      close: () => bus.close(),
      publish: async (messages) => (refuse ? Promise.reject(new Error('broker down')) : bus.publish(messages)),
    };
    const relay = new OutboxRelay({ dataSource, bus: refusing, logger, pollIntervalMs: 60_000 });
    const published: ReceivedMessage[] = [];
    subscriptions.push(await bus.subscribe({ groupId: `collector-${randomUUID()}`, topics: [Topics.feedbackEvents], handler: async (m) => void published.push(m) }));
    const events = ['acc-refused-1', 'acc-refused-2', 'acc-refused-3'].map(meetingBooked);
    await dataSource.transaction((m) => enqueueEvents(m, events));
    const unpublished = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND key LIKE 'acc-refused-%'`))[0].n as number;
    try {
      await expect(relay.flush()).rejects.toThrow('broker down');
      expect(await unpublished()).toBe(3);
      // No connection of the pool is left inside the cycle's transaction holding the rows: a connection
      // outside the pool can lock all three at once.
      const outside = new Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
      await outside.connect();
      try {
        await outside.query('BEGIN');
        const lockable = await outside.query(`SELECT seq FROM outbox WHERE published_at IS NULL AND key LIKE 'acc-refused-%' FOR UPDATE SKIP LOCKED`);
        expect(lockable.rows).toHaveLength(3);
      } finally {
        await outside.query('ROLLBACK').catch(() => undefined);
        await outside.end();
      }

      refuse = false;
      expect(await relay.flush()).toBe(3);
      expect(await unpublished()).toBe(0);
      const seen = () => new Set(published.map((m) => (JSON.parse(m.value) as EventEnvelope).eventId));
      await waitFor(() => events.every((e) => seen().has(e.eventId)), { what: 'the 3 refused events on Kafka' });
    } finally {
      await relay.stop();
    }
  });

  it('nudges the relay after a transaction that enqueued events, and only then', async () => {
    const nudges: string[] = [];
    const relay = { nudge: () => void nudges.push('nudge') } as unknown as OutboxRelay;
    const applied: string[] = [];
    subscriptions.push(
      await startEventConsumer({
        bus,
        dataSource,
        logger,
        relay,
        groupId: 'nudging',
        topics: [Topics.feedbackEvents],
        handlers: {
          'meeting-booked': async (event, manager) => {
            if (!event.aggregateId.startsWith('acc-nudge-')) return;
            if (event.aggregateId === 'acc-nudge-emits') await enqueueEvents(manager, [meetingBooked('acc-nudge-follow-up')]);
            applied.push(event.aggregateId);
          },
        },
      }),
    );
    await bus.publish([toMessage(meetingBooked('acc-nudge-quiet'))]);
    await waitFor(() => applied.includes('acc-nudge-quiet'), { what: 'the quiet event applied' });
    await new Promise((r) => setTimeout(r, 200));
    expect(nudges).toEqual([]);

    await bus.publish([toMessage(meetingBooked('acc-nudge-emits'))]);
    await waitFor(() => nudges.length === 1, { what: 'one nudge after the transaction that enqueued' });
    expect(applied).toContain('acc-nudge-emits');
  });
});
