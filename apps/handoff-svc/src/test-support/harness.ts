import 'reflect-metadata';
import type { Identity } from '@handoff-graph/auth';
import { KafkaEventBus, withTopicPrefix, type EventBus, type Subscription } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import {
  EVENT_EXAMPLES,
  Topics,
  createEvent,
  deadLetterSchema,
  parseEvent,
  toMessage,
  type AnyEvent,
  type DeadLetter,
  type EventEnvelope,
  type EventType,
  type OwnerAssignment,
  type PayloadOf,
  type RepRef,
} from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import type { RunningService } from '@handoff-graph/runtime';
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
import { handoffEntities, handoffMigrations, runSlaSweep, startHandoffService } from '../service';

/**
 * A handoff-svc on a throwaway PostgreSQL schema and uniquely prefixed Kafka topics, with a manual
 * clock, no background sweep (tests run it), a collector on handoff-events and dead-letter, and
 * helpers that deliver a handoff the way the other services would. It requires the gateway's signed
 * identity like production; requests go as OPS unless a test names another identity.
 */
export interface Harness {
  service: RunningService;
  clock: ReturnType<typeof manualClock>;
  published: AnyEvent[];
  deadLetters: DeadLetter[];
  /** A GraphQL request through the gateway's signed identity: OPS unless `as` says otherwise. */
  gql<T>(query: string, variables?: Record<string, unknown>, as?: Identity): Promise<T>;
  request(query: string, variables?: Record<string, unknown>, as?: Identity): ReturnType<typeof graphqlRequest>;
  publish(...events: EventEnvelope[]): Promise<void>;
  sql<T>(query: string, params?: unknown[]): Promise<T[]>;
  eventsOf<T extends EventType>(type: T, where?: (e: EventEnvelope<T>) => boolean): EventEnvelope<T>[];
  waitForEvent<T extends EventType>(type: T, where: (e: EventEnvelope<T>) => boolean, what?: string): Promise<EventEnvelope<T>>;
  sweep(): ReturnType<typeof runSlaSweep>;
  /** Publishes a rep profile and waits until it is stored. */
  repProfile(p: Partial<PayloadOf<'rep-upserted'>> & { repId: string }): Promise<EventEnvelope<'rep-upserted'>>;
  /** An account with one engaged economic buyer, qualified now with `score` (no ownership outcome yet); resolves once the qualification is stored. */
  qualify(key: string, score?: number): Promise<{ accountId: string; qualificationId: string }>;
  /** An account with one engaged economic buyer, qualified now with `score`, owned per `owner`; resolves with the handoff id once delivered. */
  deliver(key: string, owner: OwnerAssignment, score?: number): Promise<{ accountId: string; handoffId: string; qualificationId: string }>;
  feedback<T extends 'handoff-accepted' | 'handoff-rejected' | 'first-touch-recorded' | 'meeting-booked'>(
    type: T,
    handoffId: string,
    accountId: string,
    repId: string,
    at: string,
    extra?: Partial<PayloadOf<T>>,
  ): EventEnvelope<T>;
  stop(): Promise<void>;
}

export const SNAPSHOT = EVENT_EXAMPLES['account-qualified'].scoringSnapshot; // score 72, trend +72 (capped at +20)
export const OWNER: OwnerAssignment = EVENT_EXAMPLES['ownership-resolved'].ownerAssignment; // rep-ana, backup rep-ben

export function rep(repId: string, name: string, timezone = 'UTC'): RepRef {
  return { repId, name, email: `${repId}@example.com`, role: 'SDR', team: 'EMEA', timezone };
}

export function assignment(owner: RepRef, backup: RepRef, territory = 'EMEA SaaS'): OwnerAssignment {
  return {
    owner,
    backup,
    territoryId: `terr-${territory.toLowerCase().replace(/\W+/g, '-')}`,
    territoryName: territory,
    explanation: `Territory '${territory}' matches the account; ${owner.name} owns it, ${backup.name} backs up.`,
  };
}

export async function startHarness(name: string, start: string): Promise<Harness> {
  const logger = createLogger(`handoff-${name}-spec`, 'error');
  const clock = manualClock(start);
  const schema: TestSchema = await createTestSchema(`handoff_${name}`);
  const bus: EventBus = withTopicPrefix(new KafkaEventBus({ clientId: `handoff-${name}-spec`, brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
  const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: handoffEntities, migrations: handoffMigrations });
  const service = await startHandoffService(
    { dataSource, bus, port: 0, clock, logger, auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } },
    { slaSweepEveryMs: 0 },
  );
  const published: AnyEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  const subscriptions: Subscription[] = [
    await bus.subscribe({
      groupId: 'spec-handoff-out',
      topics: [Topics.handoffEvents],
      handler: async (m) => {
        const parsed = parseEvent(m.value);
        if (!parsed.ok) throw new Error(`handoff-svc published an invalid event: ${parsed.error}`);
        published.push(parsed.event);
      },
    }),
    await bus.subscribe({
      groupId: 'spec-dead-letter',
      topics: [Topics.deadLetter],
      handler: async (m) => void deadLetters.push(deadLetterSchema.parse(JSON.parse(m.value))),
    }),
  ];

  const gql = <T>(query: string, variables: Record<string, unknown> = {}, as: Identity = TEST_IDENTITIES.OPS) =>
    graphqlData<T>(service.url, query, variables, asIdentity(as));
  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => service.dataSource.query(query, params);
  const publish = (...events: EventEnvelope[]) => bus.publish(events.map(toMessage));
  /** The CRM mirror of an account with one economic buyer, and the events of its qualification now with `score` (engagement, then account-qualified). */
  const mirroredQualification = async (key: string, score: number) => {
    const accountId = `acc-${key}`;
    await gql(`mutation ($input: UpsertAccountInput!) { upsertAccount(input: $input) { id } }`, {
      input: { id: accountId, crmId: `001-${key}`, name: `Account ${key}`, domain: `${key}.example`, firmographics: { industry: 'Software', region: 'EMEA' } },
    });
    const email = `buyer@${key}.example`;
    await gql(`mutation ($input: UpsertContactInput!) { upsertContact(input: $input) { id } }`, {
      input: { id: `con-${key}`, accountId, name: `Buyer ${key}`, email, committeeRole: 'ECONOMIC_BUYER' },
    });
    const now = clock();
    const qualificationId = randomUUID();
    const events: EventEnvelope[] = [
      createEvent(
        'contact-engaged',
        {
          accountId,
          contactEmail: email,
          signalId: `sig-${randomUUID()}`,
          signalType: 'PRICING_PAGE_VISIT',
          occurredAt: new Date(now.getTime() - 86_400_000).toISOString(),
          points: 9,
          detail: '/pricing',
        },
        meta(accountId),
      ),
      createEvent(
        'account-qualified',
        { qualificationId, accountId, qualifiedAt: now.toISOString(), scoringSnapshot: { ...SNAPSHOT, score, computedAt: now.toISOString() } },
        meta(accountId),
      ),
    ];
    return { accountId, qualificationId, events };
  };
  const eventsOf = <T extends EventType>(type: T, where: (e: EventEnvelope<T>) => boolean = () => true): EventEnvelope<T>[] =>
    (published.filter((e) => e.type === type) as unknown as EventEnvelope<T>[]).filter(where);
  const waitForEvent = <T extends EventType>(type: T, where: (e: EventEnvelope<T>) => boolean, what = `a ${type} event`) =>
    waitFor(() => eventsOf(type, where)[0], { what, timeoutMs: 15_000 });
  const meta = (aggregateId: string) => ({ aggregateId, producer: 'spec', occurredAt: clock() });

  return {
    service,
    clock,
    published,
    deadLetters,
    gql,
    request: (query, variables = {}, as = TEST_IDENTITIES.OPS) => graphqlRequest(service.url, query, variables, asIdentity(as)),
    publish,
    sql,
    eventsOf,
    waitForEvent,
    sweep: async () => {
      const result = await runSlaSweep(service.dataSource, clock());
      service.relay.nudge();
      return result;
    },
    repProfile: async (p) => {
      const payload: PayloadOf<'rep-upserted'> = {
        ...EVENT_EXAMPLES['rep-upserted'],
        name: p.repId,
        email: `${p.repId}@example.com`,
        managerRepId: null,
        outOfOffice: [],
        ...p,
      };
      const event = createEvent('rep-upserted', payload, meta(p.repId));
      await publish(event);
      await waitFor(
        async () => (await sql<{ updated_at: Date }>(`SELECT updated_at FROM rep WHERE rep_id = $1`, [p.repId]))[0]?.updated_at.toISOString() === new Date(payload.updatedAt).toISOString(),
        { what: `the profile of ${p.repId}` },
      );
      return event;
    },
    qualify: async (key, score = SNAPSHOT.score) => {
      const { accountId, qualificationId, events } = await mirroredQualification(key, score);
      await publish(...events);
      await waitFor(async () => (await sql(`SELECT 1 FROM qualification WHERE qualification_id = $1`, [qualificationId])).length === 1, {
        what: `the qualification of ${accountId}`,
      });
      return { accountId, qualificationId };
    },
    deliver: async (key, owner, score = SNAPSHOT.score) => {
      const { accountId, qualificationId, events } = await mirroredQualification(key, score);
      const now = clock();
      await publish(...events, createEvent('ownership-resolved', { qualificationId, accountId, resolvedAt: now.toISOString(), ownerAssignment: owner }, meta(accountId)));
      const created = await waitForEvent('handoff-created', (e) => e.payload.qualificationId === qualificationId, `the handoff of ${accountId}`);
      await waitForEvent('handoff-delivered', (e) => e.payload.handoffId === created.payload.handoffId);
      return { accountId, handoffId: created.payload.handoffId, qualificationId };
    },
    feedback: (type, handoffId, accountId, repId, at, extra = {}) => {
      const base = { feedbackId: randomUUID(), handoffId, accountId, repId, at };
      const payload = {
        ...base,
        ...(type === 'handoff-rejected' ? { reason: 'NO_NEED', note: null } : {}),
        ...(type === 'first-touch-recorded' ? { channel: 'PHONE' } : {}),
        ...extra,
      } as PayloadOf<typeof type>;
      return createEvent(type, payload, meta(accountId));
    },
    stop: async () => {
      for (const s of subscriptions) await s.stop();
      await service.stop();
      await bus.close();
      await schema.drop();
    },
  };
}
