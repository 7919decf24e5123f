/**
 * A handler fails until its cause is fixed; the message is dead-lettered with its error; ops lists it
 * and replays it; the consumer applies it exactly once, and a second replay changes nothing.
 * Real Kafka (own topic prefix) and PostgreSQL (throwaway schema).
 */
import { KafkaEventBus, withTopicPrefix, type EventBus, type Subscription } from '@handoff-graph/bus';
import { createLogger } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import { createServiceDataSource, initializeDataSource, startEventConsumer } from '@handoff-graph/data';
import { createTestSchema, testKafkaBrokers, waitFor, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { REPLAYED_FROM_HEADER, formatLetters, loadDeadLetters, replayDeadLetters, selectLetters, type KafkaTarget } from './dead-letters';

class CreateMeetingTally1764000000001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE meeting_tally (account_id text PRIMARY KEY, meetings int NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_tally`);
  }
}

function meetingBooked(accountId: string): EventEnvelope<'meeting-booked'> {
  return createEvent('meeting-booked', { ...EVENT_EXAMPLES['meeting-booked'], accountId, feedbackId: randomUUID() }, { aggregateId: accountId, producer: 'spec' });
}

describe('dead letters: list and replay over Kafka', () => {
  let schema: TestSchema;
  let dataSource: DataSource;
  let bus: EventBus;
  let subscription: Subscription;
  const target: KafkaTarget = { brokers: testKafkaBrokers(), prefix: `it-${randomUUID().slice(0, 8)}` };
  let downstreamDown = true;

  const tally = async (accountId: string): Promise<number> =>
    ((await dataSource.query(`SELECT meetings FROM meeting_tally WHERE account_id = $1`, [accountId])) as { meetings: number }[])[0]?.meetings ?? 0;

  beforeAll(async () => {
    schema = await createTestSchema('deadletters');
    dataSource = await initializeDataSource(createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [CreateMeetingTally1764000000001] }));
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'dead-letters-spec', brokers: target.brokers }), target.prefix);
    subscription = await startEventConsumer({
      bus,
      dataSource,
      logger: createLogger('dead-letters-spec', 'error'),
      groupId: 'tally-svc',
      topics: [Topics.feedbackEvents],
      maxAttempts: 2,
      retryDelayMs: 10,
      handlers: {
        'meeting-booked': async (event, manager) => {
          if (downstreamDown) throw new Error('calendar service unavailable');
          await manager.query(
            `INSERT INTO meeting_tally (account_id, meetings) VALUES ($1, 1) ON CONFLICT (account_id) DO UPDATE SET meetings = meeting_tally.meetings + 1`,
            [event.payload.accountId],
          );
        },
      },
    });
  });

  afterAll(async () => {
    await subscription?.stop();
    await bus?.close();
    await dataSource?.destroy();
    await schema?.drop();
  });

  it('lists the failed event with its error, replays it once fixed, and a second replay is absorbed', async () => {
    const event = meetingBooked('acc-replay');
    await bus.publish([toMessage(event), { topic: Topics.feedbackEvents, key: 'acc-poison', value: '{"type":"meeting-booked","version":1}' }]);

    const letters = await waitFor(
      async () => {
        const { entries } = await loadDeadLetters(target);
        return entries.length >= 2 ? entries : undefined;
      },
      { what: 'two dead letters', timeoutMs: 30_000 },
    );
    const [processing] = selectLetters(letters, { group: 'tally-svc', errorKind: 'processing' });
    expect(processing).toMatchObject({ eventId: event.eventId, type: 'meeting-booked', letter: { originalTopic: Topics.feedbackEvents, key: 'acc-replay' } });
    expect(processing.letter.error).toContain('calendar service unavailable');
    expect(selectLetters(letters, { errorKind: 'validation' })).toHaveLength(1);
    expect(formatLetters(letters)).toContain('calendar service unavailable');
    expect(await tally('acc-replay')).toBe(0);

    downstreamDown = false;
    const replayed = await replayDeadLetters(target, [processing]);
    expect(replayed).toHaveLength(1);
    expect(replayed[0].headers?.[REPLAYED_FROM_HEADER]).toBe(`${processing.partition}:${processing.offset}`);
    await waitFor(async () => ((await tally('acc-replay')) === 1 ? true : undefined), { what: 'the replayed meeting applied', timeoutMs: 30_000 });

    // Replay again, then a fresh event for the same account (same partition, so it comes after the replay):
    // the tally counts the fresh one only, the replayed duplicate was skipped by the inbox.
    await replayDeadLetters(target, [processing]);
    await bus.publish([toMessage(meetingBooked('acc-replay'))]);
    await waitFor(async () => ((await tally('acc-replay')) === 2 ? true : undefined), { what: 'the fresh meeting applied', timeoutMs: 30_000 });
    const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [event.eventId])) as { n: number }[];
    expect(n).toBe(1);
    expect(await tally('acc-replay')).toBe(2);
  });

  it('a dry run publishes nothing', async () => {
    const before = (await loadDeadLetters(target)).entries.length;
    const letters = selectLetters((await loadDeadLetters(target)).entries, { errorKind: 'validation' });
    const wouldPublish = await replayDeadLetters(target, letters, { dryRun: true });
    expect(wouldPublish).toHaveLength(1);
    // Had it been published, the poison would fail validation again and add a letter.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await loadDeadLetters(target)).entries).toHaveLength(before);
  });
});
