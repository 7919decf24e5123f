import { KafkaEventBus, withTopicPrefix, type EventBus, type Subscription } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import {
  EVENT_EXAMPLES,
  Topics,
  createEvent,
  parseEvent,
  toMessage,
  type AnyEvent,
  type DeadLetter,
  type EventEnvelope,
} from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import type { RunningService } from '@handoff-graph/runtime';
import type { Identity } from '@handoff-graph/auth';
import {
  TEST_GATEWAY_SECRET,
  TEST_IDENTITIES,
  asIdentity,
  createTestSchema,
  graphqlData,
  graphqlRequest,
  testKafkaBrokers,
  waitFor,
  type TestSchema,
} from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { feedbackEntities, feedbackMigrations, startFeedbackService } from './service';

/**
 * feedback-svc over real PostgreSQL and Kafka: handoff-events in, GraphQL feedback, feedback-events
 * out, the weekly metrics moving. 2026-W48 runs Mon 23 Nov – Sun 29 Nov 2026 (UTC).
 */
const clock = manualClock('2026-11-26T12:00:00.000Z');
const H1 = randomUUID(); // acc-one: created then delivered Tue 24 Nov 14:00 — accepted, touched +30 min, meeting
const H2 = randomUUID(); // acc-two: delivered Tue 24 Nov 15:00 — rejected NO_FIT
const H3 = randomUUID(); // acc-three: delivered (before its created arrives) Wed 25 Nov 08:00 — touched +90 min

let schema: TestSchema;
let bus: EventBus;
let service: RunningService;
let observer: Subscription;
type FeedbackEvent = Extract<AnyEvent, { type: 'handoff-accepted' | 'handoff-rejected' | 'first-touch-recorded' | 'meeting-booked' }>;
const published: FeedbackEvent[] = [];
const isFeedbackEvent = (e: AnyEvent): e is FeedbackEvent =>
  ['handoff-accepted', 'handoff-rejected', 'first-touch-recorded', 'meeting-booked'].includes(e.type);
const deadLetters: DeadLetter[] = [];

function handoffCreated(handoffId: string, accountId: string): EventEnvelope<'handoff-created'> {
  const example = EVENT_EXAMPLES['handoff-created'];
  return createEvent(
    'handoff-created',
    { ...example, handoffId, qualificationId: randomUUID(), account: { ...example.account, accountId } },
    { aggregateId: accountId, producer: 'handoff-svc' },
  );
}
function handoffDelivered(handoffId: string, accountId: string, deliveredAt: string): EventEnvelope<'handoff-delivered'> {
  return createEvent(
    'handoff-delivered',
    { ...EVENT_EXAMPLES['handoff-delivered'], handoffId, accountId, deliveredAt, queueDate: deliveredAt.slice(0, 10) },
    { aggregateId: accountId, producer: 'handoff-svc' },
  );
}
const publish = (...events: EventEnvelope[]) => bus.publish(events.map(toMessage));
/** Requests as the gateway would send them: an ops user, or a rep (signed fresh: the signature is good for 5 minutes). */
const asOps = () => asIdentity(TEST_IDENTITIES.OPS);
const asRep = (repId: string) => asIdentity({ subject: `${repId}@example.com`, role: 'REP', repId, team: 'EMEA' } satisfies Identity);
const sql = <T>(query: string, params: unknown[] = []) => service.dataSource.query(query, params) as Promise<T[]>;
const outboxCount = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM outbox'))[0].n);

const METRICS = `query($week: String!) { weeklyMetrics(week: $week) {
  week startsAt endsAt timeZone deliveredCount acceptedCount firstTouchedCount medianMinutesToFirstTouch
  meetingCount mqaToMeetingConversion rejectedCount rejectionRate rejectionRateByReason { reason count rate } } }`;
const metrics = async (week = '2026-W48') =>
  (await graphqlData<{ weeklyMetrics: Record<string, unknown> }>(service.url, METRICS, { week }, asOps())).weeklyMetrics;

const FEEDBACK_FIELDS = 'id kind repId rep { id } handoff { id } reason note channel at recordedAt recordedBy';
const feedbackOf = async (handoffId: string) =>
  (
    await graphqlData<{ _entities: { feedback: { kind: string; repId: string; at: string }[] }[] }>(
      service.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Handoff { feedback { kind repId at } } } }`,
      { r: [{ __typename: 'Handoff', id: handoffId }] },
      asOps(),
    )
  )._entities[0].feedback;

/** Feedback from the rep named by `repId`, signed in as that rep (who then gives it as themselves: no repId argument). */
const mutate = (name: string, inputType: string, { repId, ...input }: Record<string, unknown> & { repId: string }) =>
  graphqlRequest<Record<string, Record<string, unknown>>>(
    service.url,
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${FEEDBACK_FIELDS} } }`,
    { input },
    asRep(repId),
  );
async function mutateOk(name: string, inputType: string, input: Record<string, unknown> & { repId: string }) {
  const body = await mutate(name, inputType, input);
  if (body.errors?.length) throw new Error(`${name} failed: ${JSON.stringify(body.errors)}`);
  return body.data![name];
}

beforeAll(async () => {
  schema = await createTestSchema('feedback');
  bus = withTopicPrefix(new KafkaEventBus({ clientId: 'test', brokers: testKafkaBrokers() }), 'it-' + randomUUID().slice(0, 8));
  const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: feedbackEntities, migrations: feedbackMigrations });
  service = await startFeedbackService({
    dataSource,
    bus,
    port: 0,
    clock,
    logger: createLogger('feedback-svc-it', 'error'),
    auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true },
  });
  await bus.ensureTopics([Topics.handoffEvents, Topics.feedbackEvents, Topics.deadLetter]);
  observer = await bus.subscribe({
    groupId: 'it-observer',
    topics: [Topics.feedbackEvents, Topics.deadLetter],
    handler: async (message) => {
      if (message.topic === Topics.deadLetter) {
        deadLetters.push(JSON.parse(message.value) as DeadLetter);
        return;
      }
      const parsed = parseEvent(message.value);
      if (parsed.ok && isFeedbackEvent(parsed.event)) published.push(parsed.event);
    },
  });
});

afterAll(async () => {
  await observer?.stop();
  await service?.stop();
  await bus?.close();
  await schema?.drop();
});

describe('feedback-svc', () => {
  const h1Created = handoffCreated(H1, 'acc-one');

  it('projects handoff-created and handoff-delivered in either order, once per handoff, even when redelivered', async () => {
    await publish(
      h1Created,
      h1Created, // the same event delivered twice: the inbox skips it
      { ...h1Created, eventId: randomUUID() }, // the same facts under a new event id: merged into the same record
      handoffDelivered(H1, 'acc-one', '2026-11-24T14:00:00.000Z'),
      handoffCreated(H2, 'acc-two'),
      handoffDelivered(H2, 'acc-two', '2026-11-24T15:00:00.000Z'),
      handoffDelivered(H3, 'acc-three', '2026-11-25T08:00:00.000Z'), // delivered before created
      handoffCreated(H3, 'acc-three'),
    );
    await waitFor(
      async () => (await sql<{ territory_id: string | null }>('SELECT territory_id FROM handoff_record WHERE handoff_id = $1', [H3]))[0]?.territory_id,
      { what: 'H3 completed by its late handoff-created' },
    );
    await waitFor(async () => (await metrics()).deliveredCount === 3, { what: 'three handoffs delivered in 2026-W48' });

    const records = await sql<Record<string, unknown>>(
      `SELECT handoff_id, account_id, owner_rep_id, backup_rep_id, territory_id, model_version, delivered_at, queue_date::text AS queue_date
         FROM handoff_record ORDER BY delivered_at`,
    );
    expect(records).toEqual([
      expect.objectContaining({ handoff_id: H1, account_id: 'acc-one', owner_rep_id: 'rep-ana', backup_rep_id: 'rep-ben', territory_id: 'terr-emea-saas', model_version: 'v1', queue_date: '2026-11-24' }),
      expect.objectContaining({ handoff_id: H2, account_id: 'acc-two' }),
      expect.objectContaining({ handoff_id: H3, account_id: 'acc-three', territory_id: 'terr-emea-saas', model_version: 'v1', queue_date: '2026-11-25' }),
    ]);
    expect(await sql('SELECT event_id FROM inbox WHERE event_id = $1', [h1Created.eventId])).toHaveLength(1);
    expect(await metrics()).toEqual({
      week: '2026-W48',
      startsAt: '2026-11-23T00:00:00.000Z',
      endsAt: '2026-11-30T00:00:00.000Z',
      timeZone: 'UTC',
      deliveredCount: 3,
      acceptedCount: 0,
      firstTouchedCount: 0,
      medianMinutesToFirstTouch: null,
      meetingCount: 0,
      mqaToMeetingConversion: 0,
      rejectedCount: 0,
      rejectionRate: 0,
      rejectionRateByReason: [],
    });
  });

  it('records accept, first touch and meeting from the owner and the backup, publishes them and moves the metrics', async () => {
    const accepted = await mutateOk('acceptHandoff', 'AcceptHandoffInput', { handoffId: H1, repId: 'rep-ana' });
    expect(accepted).toMatchObject({
      kind: 'ACCEPTED',
      repId: 'rep-ana',
      rep: { id: 'rep-ana' },
      handoff: { id: H1 },
      at: '2026-11-26T12:00:00.000Z',
      recordedBy: 'rep-ana@example.com',
    });
    const touch1 = await mutateOk('recordFirstTouch', 'RecordFirstTouchInput', { handoffId: H1, repId: 'rep-ana', channel: 'PHONE', at: '2026-11-24T14:30:00Z' });
    expect(touch1).toMatchObject({ kind: 'FIRST_TOUCH', channel: 'PHONE', at: '2026-11-24T14:30:00.000Z', recordedAt: '2026-11-26T12:00:00.000Z' });
    const meeting = await mutateOk('recordMeeting', 'RecordMeetingInput', { handoffId: H1, repId: 'rep-ben', at: '2026-11-25T10:00:00Z' });
    const touch3 = await mutateOk('recordFirstTouch', 'RecordFirstTouchInput', { handoffId: H3, repId: 'rep-ana', channel: 'EMAIL', at: '2026-11-25T09:30:00Z' });

    const events = await waitFor(() => {
      const mine = published.filter((e) => [accepted.id, touch1.id, meeting.id, touch3.id].includes(e.payload.feedbackId));
      return mine.length === 4 && mine;
    }, { what: 'four feedback events on feedback-events' });
    expect(events.map((e) => [e.type, e.aggregateId, e.payload.handoffId])).toEqual(
      expect.arrayContaining([
        ['handoff-accepted', 'acc-one', H1],
        ['first-touch-recorded', 'acc-one', H1],
        ['meeting-booked', 'acc-one', H1],
        ['first-touch-recorded', 'acc-three', H3],
      ]),
    );
    const meetingEvent = events.find((e) => e.type === 'meeting-booked')!;
    expect(meetingEvent.payload).toMatchObject({ repId: 'rep-ben', at: '2026-11-25T10:00:00.000Z', accountId: 'acc-one' });
    expect(meetingEvent.correlationId).toBe(h1Created.correlationId); // the trace continues from the handoff

    expect(await feedbackOf(H1)).toEqual([
      { kind: 'FIRST_TOUCH', repId: 'rep-ana', at: '2026-11-24T14:30:00.000Z' },
      { kind: 'MEETING_BOOKED', repId: 'rep-ben', at: '2026-11-25T10:00:00.000Z' },
      { kind: 'ACCEPTED', repId: 'rep-ana', at: '2026-11-26T12:00:00.000Z' },
    ]);
    expect(await metrics()).toMatchObject({
      deliveredCount: 3,
      acceptedCount: 1,
      firstTouchedCount: 2,
      medianMinutesToFirstTouch: 60, // (30 + 90) / 2
      meetingCount: 1,
      mqaToMeetingConversion: 1 / 3,
    });
  });

  it('records a rejection with its reason into the rejection rate and refuses what a rejection closes', async () => {
    const rejected = await mutateOk('rejectHandoff', 'RejectHandoffInput', { handoffId: H2, repId: 'rep-ben', reason: 'NO_FIT', note: 'Agency, not a SaaS buyer' });
    expect(rejected).toMatchObject({ kind: 'REJECTED', reason: 'NO_FIT', note: 'Agency, not a SaaS buyer', repId: 'rep-ben' });
    const event = await waitFor(() => published.find((e) => e.payload.feedbackId === rejected.id), { what: 'handoff-rejected' });
    expect(event).toMatchObject({ type: 'handoff-rejected', aggregateId: 'acc-two', payload: { reason: 'NO_FIT', note: 'Agency, not a SaaS buyer' } });
    expect(await metrics()).toMatchObject({
      rejectedCount: 1,
      rejectionRate: 1 / 3,
      rejectionRateByReason: [{ reason: 'NO_FIT', count: 1, rate: 1 / 3 }],
    });

    const before = await outboxCount();
    const second = await mutate('rejectHandoff', 'RejectHandoffInput', { handoffId: H2, repId: 'rep-ana', reason: 'DUPLICATE' });
    expect(second.errors?.[0]).toMatchObject({ message: expect.stringContaining('was already rejected (NO_FIT by rep-ben'), extensions: { code: 'CONFLICT' } });
    const touch = await mutate('recordFirstTouch', 'RecordFirstTouchInput', { handoffId: H2, repId: 'rep-ana', channel: 'EMAIL' });
    expect(touch.errors?.[0]).toMatchObject({ message: expect.stringContaining('no touch can be recorded on a rejected handoff'), extensions: { code: 'CONFLICT' } });
    const accept = await mutate('acceptHandoff', 'AcceptHandoffInput', { handoffId: H2, repId: 'rep-ben' });
    expect(accept.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await outboxCount()).toBe(before);
    expect((await feedbackOf(H2)).map((f) => f.kind)).toEqual(['REJECTED']);
  });

  it('refuses a rep who is neither owner nor backup with FORBIDDEN, storing nothing', async () => {
    const before = await outboxCount();
    const body = await mutate('acceptHandoff', 'AcceptHandoffInput', { handoffId: H3, repId: 'rep-cara' });
    expect(body.errors?.[0]).toMatchObject({
      message: `rep-cara is neither the owner (rep-ana) nor the backup (rep-ben) of handoff ${H3}; only they may give feedback on it`,
      extensions: { code: 'FORBIDDEN', field: 'input.repId' },
    });
    expect(body.data).toBeNull();
    expect((await feedbackOf(H3)).map((f) => f.kind)).toEqual(['FIRST_TOUCH']);
    expect(await outboxCount()).toBe(before);
  });

  it('answers bad input with the code and the field, and stores nothing', async () => {
    const before = await outboxCount();
    const cases: [string, string, Record<string, unknown> & { repId: string }, string, string][] = [
      ['acceptHandoff', 'AcceptHandoffInput', { handoffId: randomUUID(), repId: 'rep-ana' }, 'NOT_FOUND', 'input.handoffId'],
      ['acceptHandoff', 'AcceptHandoffInput', { handoffId: 'not-a-uuid', repId: 'rep-ana' }, 'BAD_USER_INPUT', 'input.handoffId'],
      ['rejectHandoff', 'RejectHandoffInput', { handoffId: H3, repId: 'rep-ana', reason: 'OTHER' }, 'BAD_USER_INPUT', 'input.note'],
      ['recordMeeting', 'RecordMeetingInput', { handoffId: H3, repId: 'rep-ana', at: '2026-11-27T09:00:00Z' }, 'BAD_USER_INPUT', 'input.at'],
      ['recordMeeting', 'RecordMeetingInput', { handoffId: H3, repId: 'rep-ana', at: 'tomorrow' }, 'BAD_USER_INPUT', 'input.at'],
    ];
    for (const [name, type, input, code, field] of cases) {
      const body = await mutate(name, type, input);
      expect([name, body.errors?.[0].extensions?.code, body.errors?.[0].extensions?.field]).toEqual([name, code, field]);
    }
    const week = await graphqlRequest(service.url, METRICS, { week: '2027-W53' }, asOps());
    expect(week.errors?.[0]).toMatchObject({
      message: 'week: 2027 has 52 ISO weeks; 2027-W53 does not exist',
      extensions: { code: 'BAD_USER_INPUT', field: 'week' },
    });
    expect(await outboxCount()).toBe(before);
    expect((await feedbackOf(H3)).map((f) => f.kind)).toEqual(['FIRST_TOUCH']);
  });

  it('decides concurrent feedback on one handoff one at a time: two simultaneous accepts, one wins', async () => {
    const bodies = await Promise.all([
      mutate('acceptHandoff', 'AcceptHandoffInput', { handoffId: H3, repId: 'rep-ana' }),
      mutate('acceptHandoff', 'AcceptHandoffInput', { handoffId: H3, repId: 'rep-ben' }),
    ]);
    const codes = bodies.map((b) => (b.errors ? b.errors[0].extensions?.code : 'OK')).sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect((await feedbackOf(H3)).map((f) => f.kind)).toEqual(['FIRST_TOUCH', 'ACCEPTED']);
  });

  it('counts late feedback toward the week the handoff was delivered in', async () => {
    clock.set('2026-12-02T09:00:00.000Z'); // Wednesday of 2026-W49
    const meeting = await mutateOk('recordMeeting', 'RecordMeetingInput', { handoffId: H3, repId: 'rep-ana' });
    expect(meeting.at).toBe('2026-12-02T09:00:00.000Z');
    expect(await metrics('2026-W48')).toMatchObject({ deliveredCount: 3, meetingCount: 2, mqaToMeetingConversion: 2 / 3 });
    expect(await metrics('2026-W49')).toMatchObject({ deliveredCount: 0, meetingCount: 0, mqaToMeetingConversion: null, medianMinutesToFirstTouch: null });

    const trend = await graphqlData<{ weeklyMetricsTrend: { week: string; deliveredCount: number; meetingCount: number }[] }>(
      service.url,
      `{ weeklyMetricsTrend(weeks: 3) { week deliveredCount meetingCount } }`,
      {},
      asOps(),
    );
    expect(trend.weeklyMetricsTrend).toEqual([
      { week: '2026-W47', deliveredCount: 0, meetingCount: 0 },
      { week: '2026-W48', deliveredCount: 3, meetingCount: 2 },
      { week: '2026-W49', deliveredCount: 0, meetingCount: 0 },
    ]);
  });

  it('dead-letters a message that breaks its contract, storing nothing', async () => {
    const broken = handoffCreated(randomUUID(), 'acc-broken');
    const { ownerAssignment: _dropped, ...payload } = broken.payload;
    await bus.publish([{ topic: Topics.handoffEvents, key: 'acc-broken', value: JSON.stringify({ ...broken, payload }) }]);
    const letter = await waitFor(() => deadLetters.find((d) => d.key === 'acc-broken'), { what: 'the dead letter' });
    expect(letter).toMatchObject({ originalTopic: Topics.handoffEvents, consumerGroup: 'feedback-svc', errorKind: 'validation' });
    expect(letter.error).toContain('payload.ownerAssignment');
    expect(JSON.parse(letter.value).eventId).toBe(broken.eventId);
    expect(await sql('SELECT 1 FROM handoff_record WHERE account_id = $1', ['acc-broken'])).toHaveLength(0);
  });
});
