import 'reflect-metadata';
import { KafkaEventBus, withTopicPrefix, type EventBus, type ReceivedMessage, type Subscription } from '@handoff-graph/bus';
import { createLogger, systemClock } from '@handoff-graph/config';
import {
  EVENT_EXAMPLES,
  Topics,
  createEvent,
  deadLetterSchema,
  parseEvent,
  toMessage,
  type AnyEvent,
  type EventEnvelope,
  type Firmographics,
} from '@handoff-graph/contracts';
import { createServiceDataSource, type EventBatchHandler } from '@handoff-graph/data';
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
import type { EntityManager } from 'typeorm';
import { CompiledMapCache } from './application/compiled-map-cache';
import { ownershipHandlers } from './events/ownership.consumer';
import { ownershipEntities, ownershipMigrations, startOwnershipService } from './service';

const logger = createLogger('ownership-svc-spec', 'error');

const EMEA_SOFTWARE: Firmographics = { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' };

function accountUpserted(accountId: string, firmographics: Firmographics = EMEA_SOFTWARE): EventEnvelope<'account-upserted'> {
  return createEvent(
    'account-upserted',
    { ...EVENT_EXAMPLES['account-upserted'], accountId, name: `Account ${accountId}`, firmographics },
    { aggregateId: accountId, producer: 'spec' },
  );
}

function accountQualified(accountId: string, qualificationId = randomUUID()): EventEnvelope<'account-qualified'> {
  return createEvent('account-qualified', { ...EVENT_EXAMPLES['account-qualified'], accountId, qualificationId }, { aggregateId: accountId, producer: 'spec' });
}

const REP_FIELDS = 'id name email role team timezone dailyCapacity active';
const UPSERT_REP = `mutation ($input: RepInput!) { upsertRep(input: $input) { ${REP_FIELDS} } }`;
const UPSERT_TERRITORY = `mutation ($input: TerritoryInput!) {
  upsertTerritory(input: $input) { id name priority specificity summary match { regions industries } owner { id } backup { id } }
}`;
const DECISION = `query ($id: ID!) {
  ownershipDecision(qualificationId: $id) { status accountId decidedAt owner { id name } backup { id } territoryId explanation }
}`;

interface Decision {
  ownershipDecision: { status: string; owner: { id: string } | null; backup: { id: string } | null; territoryId: string | null; explanation: string | null } | null;
}

describe('ownership-svc over PostgreSQL and Kafka', () => {
  let schema: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  const subscriptions: Subscription[] = [];
  const outcomes: AnyEvent[] = [];
  const deadLetters: ReceivedMessage[] = [];

  const publish = (...events: EventEnvelope[]) => bus.publish(events.map(toMessage));
  const outcomesFor = (qualificationId: string) =>
    outcomes.filter((e) => (e.type === 'ownership-resolved' || e.type === 'ownership-unresolved') && e.payload.qualificationId === qualificationId);
  const waitForOutcome = (qualificationId: string) =>
    waitFor(() => outcomesFor(qualificationId)[0], { what: `the ownership outcome of ${qualificationId}`, timeoutMs: 15_000 });
  // As the gateway calls it: an OPS user's identity, signed (per request: a signed identity expires).
  const gql = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(service.url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
  const request = (query: string, variables: Record<string, unknown> = {}) => graphqlRequest(service.url, query, variables, asIdentity(TEST_IDENTITIES.OPS));

  beforeAll(async () => {
    schema = await createTestSchema('ownership');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'ownership-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: ownershipEntities, migrations: ownershipMigrations });
    service = await startOwnershipService({ dataSource, bus, port: 0, clock: systemClock, logger, auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } });
    subscriptions.push(
      await bus.subscribe({
        groupId: 'spec-ownership-events',
        topics: [Topics.ownershipEvents],
        handler: async (m) => {
          const parsed = parseEvent(m.value);
          if (!parsed.ok) throw new Error(`ownership-svc published an invalid event: ${parsed.error}`);
          outcomes.push(parsed.event);
        },
      }),
      await bus.subscribe({ groupId: 'spec-dead-letter', topics: [Topics.deadLetter], handler: async (m) => void deadLetters.push(m) }),
    );

    const rep = (id: string, name: string, role: 'SDR' | 'AE') => ({
      id,
      name,
      email: `${id.slice(4)}@example.com`,
      role,
      team: 'EMEA',
      timezone: 'Europe/Berlin',
      dailyCapacity: 8,
    });
    for (const input of [rep('rep-ana', 'Ana Ortiz', 'SDR'), rep('rep-ben', 'Ben Okafor', 'AE'), rep('rep-cara', 'Cara Diaz', 'SDR')]) {
      await gql(UPSERT_REP, { input });
    }
    await gql(UPSERT_TERRITORY, {
      input: { id: 'terr-emea', name: 'EMEA', priority: 10, match: { regions: ['EMEA'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-ben' },
    });
    await gql(UPSERT_TERRITORY, {
      input: {
        id: 'terr-emea-saas',
        name: 'EMEA SaaS',
        priority: 20,
        match: { regions: ['EMEA'], industries: ['Software'] },
        ownerRepId: 'rep-ana',
        backupRepId: 'rep-ben',
      },
    });
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await service?.stop();
    await bus?.close();
    await schema?.drop();
  });

  it('lists the map by priority, with owner, backup and specificity', async () => {
    const { territories } = await gql<{ territories: { id: string; specificity: number; summary: string; owner: { name: string } }[] }>(
      `{ territories { id specificity summary owner { name } } }`,
    );
    expect(territories).toEqual([
      { id: 'terr-emea', specificity: 1, summary: 'region EMEA', owner: { name: 'Cara Diaz' } },
      { id: 'terr-emea-saas', specificity: 2, summary: 'region EMEA; industry Software', owner: { name: 'Ana Ortiz' } },
    ]);
  });

  it('upsertTerritory with an unknown rep: BAD_USER_INPUT naming input.ownerRepId, nothing stored', async () => {
    const body = await request(UPSERT_TERRITORY, {
      input: { id: 'terr-ghost', name: 'Ghost', priority: 1, ownerRepId: 'rep-nobody', backupRepId: 'rep-ben' },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.ownerRepId',
      rule: "Territory 'Ghost' (terr-ghost) names rep-nobody as owner, but no rep rep-nobody exists.",
      conflictingTerritoryIds: ['terr-ghost'],
    });
    const sameRep = await request(UPSERT_TERRITORY, {
      input: { id: 'terr-ghost', name: 'Ghost', priority: 1, ownerRepId: 'rep-ben', backupRepId: 'rep-ben' },
    });
    expect(sameRep.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.backupRepId' });
    const { territories } = await gql<{ territories: { id: string }[] }>(`{ territories { id } }`);
    expect(territories.map((t) => t.id)).not.toContain('terr-ghost');
  });

  it('upsertRep with a bad time zone or a negative capacity: BAD_USER_INPUT naming the field, nothing stored', async () => {
    const input = { id: 'rep-zed', name: 'Zed Quinn', email: 'zed@example.com', role: 'AE', team: 'EMEA', timezone: 'Europe/Berlin', dailyCapacity: 5 };
    const badZone = await request(UPSERT_REP, { input: { ...input, timezone: 'Mars/Olympus' } });
    expect(badZone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.timezone' });
    const negative = await request(UPSERT_REP, { input: { ...input, dailyCapacity: -2 } });
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dailyCapacity', rule: 'must be 0 or more' });
    expect(await gql<{ rep: unknown }>(`{ rep(id: "rep-zed") { id } }`)).toEqual({ rep: null });
  });

  it('account-upserted then account-qualified → ownership-resolved with owner, backup and explanation, caused by the qualification', async () => {
    await publish(accountUpserted('acc-northwind'));
    await waitFor(async () => (await gql<{ ownerAssignment: { status: string } }>(`{ ownerAssignment(accountId: "acc-northwind") { status } }`)).ownerAssignment.status === 'RESOLVED', {
      what: 'the Northwind profile',
    });
    const qualified = accountQualified('acc-northwind');
    await publish(qualified);
    const outcome = await waitForOutcome(qualified.payload.qualificationId);
    expect(outcome.type).toBe('ownership-resolved');
    expect(outcome).toMatchObject({ aggregateId: 'acc-northwind', causationId: qualified.eventId, correlationId: qualified.correlationId, producer: 'ownership-svc' });
    expect(outcome.payload).toMatchObject({
      accountId: 'acc-northwind',
      ownerAssignment: {
        owner: { repId: 'rep-ana', name: 'Ana Ortiz', email: 'ana@example.com', role: 'SDR' },
        backup: { repId: 'rep-ben', name: 'Ben Okafor', role: 'AE' },
        territoryId: 'terr-emea-saas',
        territoryName: 'EMEA SaaS',
        explanation:
          "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific of 2 matching territories); " +
          'Ana Ortiz owns it, Ben Okafor backs up.',
      },
    });
    const { ownershipDecision } = await gql<Decision>(DECISION, { id: qualified.payload.qualificationId });
    expect(ownershipDecision).toMatchObject({ status: 'RESOLVED', owner: { id: 'rep-ana' }, backup: { id: 'rep-ben' }, territoryId: 'terr-emea-saas' });
  });

  it('account-qualified BEFORE account-upserted → PENDING_ACCOUNT, then resolved once the profile arrives', async () => {
    const qualified = accountQualified('acc-late-profile');
    await publish(qualified);
    const pending = await waitFor(async () => (await gql<Decision>(DECISION, { id: qualified.payload.qualificationId })).ownershipDecision ?? undefined, {
      what: 'the pending qualification',
    });
    expect(pending).toMatchObject({ status: 'PENDING_ACCOUNT', owner: null, explanation: null });
    expect(outcomesFor(qualified.payload.qualificationId)).toEqual([]);

    await publish(accountUpserted('acc-late-profile', { ...EMEA_SOFTWARE, industry: 'Manufacturing' }));
    const outcome = await waitForOutcome(qualified.payload.qualificationId);
    expect(outcome.type).toBe('ownership-resolved');
    expect(outcome.causationId).toBe(qualified.eventId);
    expect(outcome.payload).toMatchObject({ ownerAssignment: { owner: { repId: 'rep-cara' }, backup: { repId: 'rep-ben' }, territoryId: 'terr-emea' } });
    expect((await gql<Decision>(DECISION, { id: qualified.payload.qualificationId })).ownershipDecision?.status).toBe('RESOLVED');
  });

  it('the same account-qualified twice (and once more re-emitted with a new event id) → one ownership-resolved', async () => {
    await publish(accountUpserted('acc-twice'));
    const qualified = accountQualified('acc-twice');
    const reEmitted = createEvent('account-qualified', qualified.payload, { aggregateId: 'acc-twice', producer: 'spec' });
    // A later qualification of the same account: same key, same partition, handled after the three above.
    const sentinel = accountQualified('acc-twice');
    await publish(qualified, qualified, reEmitted, sentinel);
    await waitForOutcome(sentinel.payload.qualificationId);
    expect(outcomesFor(qualified.payload.qualificationId)).toHaveLength(1);
  });

  it('a run of account-qualified in one transaction decides as one by one would: resolved, unresolved, pending, a repeat, the later routing', async () => {
    // The handlers as the consumer calls them for one partition's run (accounts hashed to different
    // partitions never share a run on Kafka, so the run is handed over directly).
    const handlers = ownershipHandlers({ clock: systemClock, logger, maps: new CompiledMapCache() });
    const onUpserted = handlers['account-upserted'] as (e: EventEnvelope<'account-upserted'>, m: EntityManager) => Promise<void>;
    const onQualified = handlers['account-qualified'] as EventBatchHandler<'account-qualified'>;
    await service.dataSource.transaction(async (m) => {
      await onUpserted(accountUpserted('acc-run-saas'), m);
      await onUpserted(accountUpserted('acc-run-apac', { industry: 'Software', employeeCount: 80, annualRevenueUsd: null, region: 'APAC', country: 'JP' }), m);
    });
    const first = accountQualified('acc-run-saas');
    const apac = accountQualified('acc-run-apac');
    const noProfile = accountQualified('acc-run-no-profile');
    const later = accountQualified('acc-run-saas');
    const reEmitted = createEvent('account-qualified', first.payload, { aggregateId: 'acc-run-saas', producer: 'spec' });
    await service.dataSource.transaction((m) => onQualified.batch([first, apac, noProfile, later, reEmitted], m));

    const status = async (q: EventEnvelope<'account-qualified'>) => (await gql<Decision>(DECISION, { id: q.payload.qualificationId })).ownershipDecision;
    expect(await status(first)).toMatchObject({ status: 'RESOLVED', owner: { id: 'rep-ana' }, backup: { id: 'rep-ben' } });
    expect(await status(later)).toMatchObject({ status: 'RESOLVED', owner: { id: 'rep-ana' } });
    expect(await status(apac)).toMatchObject({ status: 'UNRESOLVED', owner: null });
    expect(await status(noProfile)).toMatchObject({ status: 'PENDING_ACCOUNT' });
    // The account's in-flight routing is its later qualification.
    const [routing] = await service.dataSource.query(`SELECT qualification_id FROM account_routing WHERE account_id = 'acc-run-saas'`);
    expect(routing.qualification_id).toBe(later.payload.qualificationId);

    // One outcome each, caused by its own event, the account's in order on its partition.
    await waitForOutcome(later.payload.qualificationId);
    await waitForOutcome(apac.payload.qualificationId);
    expect(outcomesFor(first.payload.qualificationId)).toEqual([expect.objectContaining({ type: 'ownership-resolved', causationId: first.eventId })]);
    expect(outcomesFor(apac.payload.qualificationId)).toEqual([expect.objectContaining({ type: 'ownership-unresolved', causationId: apac.eventId })]);
    expect(outcomesFor(noProfile.payload.qualificationId)).toEqual([]);
    const saas = outcomes.flatMap((e) => (e.type === 'ownership-resolved' && e.payload.accountId === 'acc-run-saas' ? [e.payload.qualificationId] : []));
    expect(saas).toEqual([first.payload.qualificationId, later.payload.qualificationId]);
  });

  it('an account no territory matches → ownership-unresolved with the reason', async () => {
    await publish(accountUpserted('acc-tokyo', { industry: 'Software', employeeCount: 80, annualRevenueUsd: null, region: 'APAC', country: 'JP' }));
    const qualified = accountQualified('acc-tokyo');
    await publish(qualified);
    const outcome = await waitForOutcome(qualified.payload.qualificationId);
    expect(outcome.type).toBe('ownership-unresolved');
    expect(outcome.payload).toMatchObject({
      reason: 'No territory matches region APAC, country JP, industry Software, 80 employees, and no catch-all territory is defined.',
    });
    expect((await gql<Decision>(DECISION, { id: qualified.payload.qualificationId })).ownershipDecision?.status).toBe('UNRESOLVED');
  });

  it('a malformed message → dead-letter with its error, and the consumer carries on', async () => {
    const good = accountQualified('acc-malformed');
    const broken = { ...good, payload: { ...good.payload, qualificationId: 'not-a-uuid' } };
    await bus.publish([{ topic: Topics.scoringEvents, key: 'acc-malformed', value: JSON.stringify(broken) }]);
    const letter = await waitFor(() => deadLetters.find((m) => m.key === 'acc-malformed'), { what: 'the dead letter' });
    const parsed = deadLetterSchema.parse(JSON.parse(letter.value));
    expect(parsed).toMatchObject({ originalTopic: Topics.scoringEvents, errorKind: 'validation', value: JSON.stringify(broken) });
    expect(parsed.error).toContain('payload.qualificationId');
    expect((await gql<Decision>(DECISION, { id: good.payload.qualificationId })).ownershipDecision).toBeNull();
    // The next message on the same partition is handled: the valid qualification waits for its profile.
    await publish(good);
    const decision = await waitFor(async () => (await gql<Decision>(DECISION, { id: good.payload.qualificationId })).ownershipDecision ?? undefined, {
      what: 'the valid qualification after the dead letter',
    });
    expect(decision.status).toBe('PENDING_ACCOUNT');
  });

  it('answers who would own an account now — also through the Account and Rep entities', async () => {
    const unknown = await gql<{ ownerAssignment: { status: string; explanation: string } }>(
      `{ ownerAssignment(accountId: "acc-never-seen") { status explanation } }`,
    );
    expect(unknown.ownerAssignment.status).toBe('PROFILE_UNKNOWN');
    expect(unknown.ownerAssignment.explanation).toContain('has not arrived from the CRM mirror (account-upserted)');

    const { _entities } = await gql<{ _entities: unknown[] }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Account { id ownerAssignment { status owner { name } backup { name } territory { name } matchingTerritories { id } explanation } }
        ... on Rep { id name role timezone active }
      } }`,
      { reps: [{ __typename: 'Account', id: 'acc-northwind' }, { __typename: 'Rep', id: 'rep-ben' }, { __typename: 'Rep', id: 'rep-nobody' }] },
    );
    expect(_entities).toEqual([
      {
        id: 'acc-northwind',
        ownerAssignment: {
          status: 'RESOLVED',
          owner: { name: 'Ana Ortiz' },
          backup: { name: 'Ben Okafor' },
          territory: { name: 'EMEA SaaS' },
          matchingTerritories: [{ id: 'terr-emea-saas' }, { id: 'terr-emea' }],
          explanation: expect.stringContaining("Territory 'EMEA SaaS' matches region EMEA and industry Software"),
        },
      },
      { id: 'rep-ben', name: 'Ben Okafor', role: 'AE', timezone: 'Europe/Berlin', active: true },
      null,
    ]);
  });
});
