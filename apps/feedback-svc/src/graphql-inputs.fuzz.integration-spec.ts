import { KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import type { RunningService } from '@handoff-graph/runtime';
import {
  TEST_GATEWAY_SECRET,
  TEST_IDENTITIES,
  asIdentity,
  createTestSchema,
  itFuzzesEveryMutation,
  graphqlData,
  graphqlRequest,
  mutationFuzzTargets,
  schemaFootprint,
  testKafkaBrokers,
  waitFor,
  type FuzzVariables,
  type TestSchema,
} from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedbackEntities, feedbackMigrations, startFeedbackService } from './service';

/**
 * Every mutation of feedback-svc's schema, fed generated bad and borderline variables as OPS (so
 * authorization does not mask validation; OPS names the rep): the service answers every request
 * with a clean refusal (allowed code, message, field and rule) or a success, and a refused request
 * stores nothing (feedback, handoff records, reports, outbox, inbox).
 * A new mutation needs a valid example below (the first test fails until it has one).
 */

const clock = manualClock('2026-12-02T12:00:00.000Z'); // Wed of 2026-W49: 2026-W48 has closed
const DELIVERED = '2026-11-24T10:00:00.000Z';
const OWNER = EVENT_EXAMPLES['handoff-created'].ownerAssignment.owner.repId;
/**
 * Delivered handoffs per feedback mutation: a success uses one up (one feedback of a kind per handoff,
 * an accepted handoff cannot be rejected), so later requests still reach the write on the others.
 * The meeting ones get a first touch first (a meeting needs one).
 */
const POOL = 8;
const pool = () => Array.from({ length: POOL }, () => randomUUID());
const HANDOFFS = { accept: pool(), reject: pool(), touch: pool(), meeting: pool() };

function delivered(handoffId: string, n: number): EventEnvelope[] {
  const accountId = `acc-fuzz-${n}`;
  const created = EVENT_EXAMPLES['handoff-created'];
  return [
    createEvent('handoff-created', { ...created, handoffId, qualificationId: randomUUID(), createdAt: DELIVERED, account: { ...created.account, accountId } }, { aggregateId: accountId, producer: 'handoff-svc' }),
    createEvent(
      'handoff-delivered',
      { ...EVENT_EXAMPLES['handoff-delivered'], handoffId, accountId, deliveredAt: DELIVERED, queueDate: DELIVERED.slice(0, 10) },
      { aggregateId: accountId, producer: 'handoff-svc' },
    ),
  ];
}

/** Valid variables per mutation (one variant per pooled handoff), each accepted as is. */
const EXAMPLES: Record<string, FuzzVariables | FuzzVariables[]> = {
  acceptHandoff: HANDOFFS.accept.map((handoffId) => ({ input: { handoffId, repId: OWNER } })),
  rejectHandoff: HANDOFFS.reject.map((handoffId) => ({ input: { handoffId, repId: OWNER, reason: 'OTHER', note: 'Already a customer through a reseller.' } })),
  recordFirstTouch: HANDOFFS.touch.map((handoffId) => ({ input: { handoffId, repId: OWNER, channel: 'PHONE', at: '2026-11-24T11:00:00Z' } })),
  recordMeeting: HANDOFFS.meeting.map((handoffId) => ({ input: { handoffId, repId: OWNER, at: '2026-11-26T15:00:00Z' } })),
  publishRejectionPatternReport: { week: '2026-W48' },
};

describe('feedback-svc mutations under generated bad input (PostgreSQL, Kafka)', () => {
  const sdl = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');
  const targets = mutationFuzzTargets(sdl, { examples: EXAMPLES });
  const ops = () => asIdentity(TEST_IDENTITIES.OPS);
  let db: TestSchema;
  let bus: EventBus;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestSchema('feedback_fuzz');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'feedback-fuzz-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: db.url, schema: db.schema, entities: feedbackEntities, migrations: feedbackMigrations });
    service = await startFeedbackService(
      { dataSource, bus, port: 0, clock, logger: createLogger('feedback-svc', 'error'), auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } },
      { reportCheckEveryMs: 3_600_000 },
    );
    await bus.ensureTopics([Topics.handoffEvents]);
    const all = Object.values(HANDOFFS).flat();
    await bus.publish(all.flatMap((id, n) => delivered(id, n)).map(toMessage));
    await waitFor(
      async () => Number((await service.dataSource.query(`SELECT count(*) AS n FROM handoff_record WHERE delivered_at IS NOT NULL`))[0].n) === all.length,
      { what: `the ${all.length} handoffs projected from handoff-events` },
    );
    for (const handoffId of HANDOFFS.meeting) {
      await graphqlData(
        service.url,
        `mutation ($i: RecordFirstTouchInput!) { recordFirstTouch(input: $i) { id } }`,
        { i: { handoffId, repId: OWNER, channel: 'EMAIL', at: '2026-11-24T12:00:00Z' } },
        ops(),
      );
    }
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await db?.drop();
  });

  /** Row count and checksum of every table of the service's schema (outbox and inbox included). */
  const footprint = () => schemaFootprint((sql, params) => service.dataSource.query(sql, params), db.schema);

  it('refuses a rejection note PostgreSQL cannot store (NUL) naming the field, and stores nothing', async () => {
    const before = await footprint();
    const input = { handoffId: HANDOFFS.reject[POOL - 1], repId: OWNER, reason: 'OTHER', note: 'Reseller\u0000' };
    const body = await graphqlRequest(service.url, `mutation ($i: RejectHandoffInput!) { rejectHandoff(input: $i) { id } }`, { i: input }, ops());
    expect(body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.note', rule: expect.stringContaining('NUL') })]);
    expect(await footprint()).toEqual(before);
  });

  itFuzzesEveryMutation({
    sdl,
    targets: () => targets,
    exampleNames: () => Object.keys(EXAMPLES),
    url: () => service.url,
    headers: ops,
    footprint,
  });

  it('is still up and still applies a valid request', async () => {
    expect((await fetch(service.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
    const data = await graphqlData<{ publishRejectionPatternReport: { newlyPublished: boolean } }>(
      service.url,
      `mutation { publishRejectionPatternReport(week: "2026-W47") { newlyPublished } }`,
      {},
      ops(),
    );
    expect(data.publishRejectionPatternReport.newlyPublished).toBe(true);
  });
});
