import 'reflect-metadata';
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
import { handoffEntities, handoffMigrations, startHandoffService } from './service';

const logger = createLogger('handoff-svc-spec', 'error');
const QUALIFIED_AT = '2026-11-24T14:02:11.000Z';
const NOW = '2026-11-24T14:05:00.000Z';
const SNAPSHOT = EVENT_EXAMPLES['account-qualified'].scoringSnapshot; // score 72, top: 3 pricing-page visits, +27
const OWNER: OwnerAssignment = EVENT_EXAMPLES['ownership-resolved'].ownerAssignment; // rep-ana, backup rep-ben

const UPSERT_ACCOUNT = `mutation ($input: UpsertAccountInput!) {
  upsertAccount(input: $input) { id crmId name domain firmographics { industry region country employeeCount annualRevenueUsd } updatedAt }
}`;
const UPSERT_CONTACT = `mutation ($input: UpsertContactInput!) { upsertContact(input: $input) { id accountId name title email committeeRole } }`;
const HANDOFF_FIELDS = `id qualificationId status createdAt deliveredAt missingElements reasons queueDate priorityRank
  namedAccount { accountId crmId name domain firmographics { industry region } }
  primaryContact { contactId name title email committeeRole engagementEvidence engagementScore }
  scoringSnapshot { score threshold modelVersion computedAt contributors { signalType label points evidence signalIds } trend { delta daily { date score } } }
  nextAction { primary fallback triggerReason playbookRuleId }
  ownerAssignment { owner { id } backup { id } territoryId territoryName explanation }`;

interface HandoffView {
  id: string;
  qualificationId: string;
  status: string;
  missingElements: string[];
  reasons: string[];
  queueDate: string | null;
  priorityRank: number | null;
  primaryContact: { name: string } | null;
  nextAction: { primary: string } | null;
  [field: string]: unknown;
}

describe('handoff-svc over PostgreSQL and Kafka', () => {
  let schema: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  const clock = manualClock(NOW);
  const subscriptions: Subscription[] = [];
  const published: AnyEvent[] = [];
  const deadLetters: DeadLetter[] = [];

  /** As ops, through the gateway's signed identity (authorization.integration-spec.ts covers the other roles). */
  const gql = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(service.url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
  const request = (query: string, variables: Record<string, unknown> = {}) => graphqlRequest(service.url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
  const publish = (...events: EventEnvelope[]) => bus.publish(events.map(toMessage));
  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => service.dataSource.query(query, params);
  const eventsOf = <T extends EventType>(type: T, where: (e: EventEnvelope<T>) => boolean = () => true): EventEnvelope<T>[] =>
    (published.filter((e) => e.type === type) as unknown as EventEnvelope<T>[]).filter(where);
  const waitForEvent = <T extends EventType>(type: T, where: (e: EventEnvelope<T>) => boolean) =>
    waitFor(() => eventsOf(type, where)[0], { what: `a ${type} event`, timeoutMs: 15_000 });

  const meta = (accountId: string) => ({ aggregateId: accountId, producer: 'spec' });
  const accountQualified = (accountId: string, qualificationId: string, score = SNAPSHOT.score) =>
    createEvent('account-qualified', { qualificationId, accountId, qualifiedAt: QUALIFIED_AT, scoringSnapshot: { ...SNAPSHOT, score } }, meta(accountId));
  const ownershipResolved = (accountId: string, qualificationId: string, ownerAssignment = OWNER) =>
    createEvent('ownership-resolved', { qualificationId, accountId, resolvedAt: QUALIFIED_AT, ownerAssignment }, meta(accountId));
  const contactEngaged = (accountId: string, contactEmail: string, occurredAt: string, points: number, detail: string | null = '/pricing') =>
    createEvent(
      'contact-engaged',
      { accountId, contactEmail, signalId: `sig-${randomUUID()}`, signalType: 'PRICING_PAGE_VISIT', occurredAt, points, detail },
      meta(accountId),
    );

  /** An account with two contacts in the mirror, through GraphQL. */
  async function seedAccount(key: string): Promise<{ accountId: string; lena: string; tom: string }> {
    const accountId = `acc-${key}`;
    await gql(UPSERT_ACCOUNT, {
      input: { id: accountId, crmId: `001-${key}`, name: `Northwind ${key}`, domain: `${key}.example`, firmographics: { industry: 'Software', region: 'EMEA' } },
    });
    const lena = `lena@${key}.example`;
    const tom = `tom@${key}.example`;
    await gql(UPSERT_CONTACT, {
      input: { id: `con-lena-${key}`, accountId, name: 'Lena Fischer', title: 'VP Revenue Operations', email: lena, committeeRole: 'ECONOMIC_BUYER' },
    });
    await gql(UPSERT_CONTACT, { input: { id: `con-tom-${key}`, accountId, name: 'Tom Berg', title: null, email: tom, committeeRole: 'USER' } });
    return { accountId, lena, tom };
  }

  const handoffOf = async (accountId: string) =>
    (await gql<{ account: { handoff: HandoffView | null; handoffs: { id: string }[] } }>(
      `query ($id: ID!) { account(id: $id) { handoff { ${HANDOFF_FIELDS} } handoffs { id } } }`,
      { id: accountId },
    )).account;

  beforeAll(async () => {
    schema = await createTestSchema('handoff');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'handoff-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: handoffEntities, migrations: handoffMigrations });
    service = await startHandoffService({ dataSource, bus, port: 0, clock, logger, auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } });
    subscriptions.push(
      await bus.subscribe({
        groupId: 'spec-handoff-out',
        topics: [Topics.handoffEvents, Topics.accountEvents],
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
    );
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await service?.stop();
    await bus?.close();
    await schema?.drop();
  });

  it('mirrors accounts and contacts through GraphQL and announces every account upsert', async () => {
    const created = await gql<{ upsertAccount: Record<string, unknown> }>(UPSERT_ACCOUNT, {
      input: { id: 'acc-mirror', crmId: '001-MIRROR', name: 'Mirror Corp', domain: 'Mirror.Example', firmographics: { industry: 'Software', country: 'de' } },
    });
    expect(created.upsertAccount).toMatchObject({
      id: 'acc-mirror',
      domain: 'mirror.example',
      firmographics: { industry: 'Software', region: null, country: 'DE', employeeCount: null },
      updatedAt: NOW,
    });
    await gql(UPSERT_ACCOUNT, { input: { id: 'acc-mirror', crmId: '001-MIRROR', name: 'Mirror Corporation', domain: 'mirror.example' } });
    const contact = await gql<{ upsertContact: Record<string, unknown> }>(UPSERT_CONTACT, {
      input: { id: 'con-mia', accountId: 'acc-mirror', name: 'Mia Wong', email: 'Mia@Mirror.Example', committeeRole: 'CHAMPION' },
    });
    expect(contact.upsertContact).toEqual({ id: 'con-mia', accountId: 'acc-mirror', name: 'Mia Wong', title: null, email: 'mia@mirror.example', committeeRole: 'CHAMPION' });

    const { account } = await gql<{ account: Record<string, unknown> }>(`{ account(id: "acc-mirror") { name contacts { id email } handoff { id } handoffs { id } } }`);
    expect(account).toEqual({ name: 'Mirror Corporation', contacts: [{ id: 'con-mia', email: 'mia@mirror.example' }], handoff: null, handoffs: [] });

    await waitFor(() => eventsOf('account-upserted', (e) => e.aggregateId === 'acc-mirror').length === 2, { what: 'two account-upserted events' });
    expect(eventsOf('account-upserted', (e) => e.aggregateId === 'acc-mirror').map((e) => e.payload.name)).toEqual(['Mirror Corp', 'Mirror Corporation']);
  });

  it('refuses a duplicate domain, an unknown account and a taken email naming the field, and stores nothing', async () => {
    await gql(UPSERT_ACCOUNT, { input: { id: 'acc-first', crmId: '001-FIRST', name: 'First', domain: 'first.example' } });
    const outboxBefore = (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`))[0].n;

    const dup = await request(UPSERT_ACCOUNT, { input: { id: 'acc-copycat', crmId: '001-COPY', name: 'Copycat', domain: 'FIRST.example' } });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.domain', rule: 'first.example is already the domain of account acc-first' });

    const orphan = await request(UPSERT_CONTACT, {
      input: { id: 'con-orphan', accountId: 'acc-nowhere', name: 'Orphan', email: 'orphan@nowhere.example', committeeRole: 'USER' },
    });
    expect(orphan.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.accountId' });

    await gql(UPSERT_CONTACT, { input: { id: 'con-one', accountId: 'acc-first', name: 'One', email: 'one@first.example', committeeRole: 'USER' } });
    const taken = await request(UPSERT_CONTACT, {
      input: { id: 'con-two', accountId: 'acc-first', name: 'Two', email: 'one@first.example', committeeRole: 'USER' },
    });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });

    const badShape = await request(UPSERT_ACCOUNT, { input: { id: 'acc-bad', crmId: '1', name: 'Bad', domain: 'not a domain' } });
    expect(badShape.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.domain' });

    expect(await sql(`SELECT id FROM account WHERE id IN ('acc-copycat', 'acc-bad')`)).toEqual([]);
    expect(await sql(`SELECT id FROM contact WHERE id IN ('con-orphan', 'con-two')`)).toEqual([]);
    expect((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`))[0].n).toBe(outboxBefore);
  });

  it('mirrors crm-changes through the same write path and dead-letters what the mirror refuses', async () => {
    const changed = createEvent(
      'crm-account-changed',
      { ...EVENT_EXAMPLES['crm-account-changed'], accountId: 'acc-crm', crmId: '001-CRM', domain: 'crm.example' },
      meta('acc-crm'),
    );
    const contact = createEvent('crm-contact-changed', { ...EVENT_EXAMPLES['crm-contact-changed'], contactId: 'con-crm', accountId: 'acc-crm', email: 'Lena@CRM.example' }, meta('acc-crm'));
    const orphan = createEvent('crm-contact-changed', { ...EVENT_EXAMPLES['crm-contact-changed'], contactId: 'con-lost', accountId: 'acc-lost', email: 'lost@crm.example' }, meta('acc-lost'));
    await publish(changed, contact, orphan);

    const upserted = await waitForEvent('account-upserted', (e) => e.aggregateId === 'acc-crm');
    expect(upserted.causationId).toBe(changed.eventId);
    const { account } = await waitFor(
      async () => {
        const data = await gql<{ account: { name: string; contacts: { id: string; email: string }[] } | null }>(`{ account(id: "acc-crm") { name contacts { id email } } }`);
        return data.account?.contacts.length ? data : undefined;
      },
      { what: 'the CRM contact in the mirror' },
    );
    expect(account).toEqual({ name: 'Northwind Analytics', contacts: [{ id: 'con-crm', email: 'lena@crm.example' }] });

    const letter = await waitFor(() => deadLetters.find((d) => d.key === 'acc-lost'), { what: 'the refused contact on dead-letter', timeoutMs: 20_000 });
    expect(letter).toMatchObject({ originalTopic: Topics.crmChanges, errorKind: 'processing', consumerGroup: 'handoff-svc' });
    expect(letter.error).toContain('accountId: account acc-lost is not in the CRM mirror');
    expect(await sql(`SELECT id FROM contact WHERE id = 'con-lost'`)).toEqual([]);
  });

  it('assembles all five elements and delivers the handoff: handoff-created, handoff-delivered, the account card, the queue', async () => {
    const { accountId, lena, tom } = await seedAccount('north');
    const qualificationId = randomUUID();
    await publish(
      contactEngaged(accountId, lena, '2026-11-20T10:00:00.000Z', 9, '/pricing'),
      contactEngaged(accountId, lena, '2026-11-24T13:58:40.000Z', 9, '/pricing/enterprise'),
      contactEngaged(accountId, tom, '2026-11-23T10:00:00.000Z', 12, '/pricing'),
      contactEngaged(accountId, 'ghost@north.example', '2026-11-23T10:00:00.000Z', 40, '/pricing'),
      accountQualified(accountId, qualificationId),
      ownershipResolved(accountId, qualificationId),
    );

    const created = await waitForEvent('handoff-created', (e) => e.payload.qualificationId === qualificationId);
    const delivered = await waitForEvent('handoff-delivered', (e) => e.payload.handoffId === created.payload.handoffId);
    const expectedAction = {
      primary: 'Call Lena Fischer today and offer a 20-minute pricing walkthrough; mention 3 pricing-page visits in 7 days.',
      fallback: 'Email Lena Fischer a five-line note with the pricing sheet and two meeting slots.',
      triggerReason: 'Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, ECONOMIC_BUYER)',
      playbookRuleId: 'pricing-walkthrough',
    };
    expect(created.payload).toMatchObject({
      account: { accountId, crmId: '001-north', name: 'Northwind north', domain: 'north.example' },
      primaryContact: {
        contactId: 'con-lena-north',
        committeeRole: 'ECONOMIC_BUYER',
        engagementScore: 18, // 9 + 9 beats Tom's 12; the ghost's 40 has no contact in the mirror
        engagementEvidence: 'Visited /pricing/enterprise on 2026-11-24; visited /pricing on 2026-11-20',
      },
      scoringSnapshot: SNAPSHOT,
      nextAction: expectedAction,
      ownerAssignment: OWNER,
    });
    expect(delivered.payload).toEqual({
      handoffId: created.payload.handoffId,
      accountId,
      ownerRepId: 'rep-ana',
      backupRepId: 'rep-ben',
      deliveredAt: NOW,
      queueDate: '2026-11-24',
      priorityRank: 1,
    });
    const qualified = await sql<{ correlation_id: string }>(`SELECT correlation_id FROM qualification WHERE qualification_id = $1`, [qualificationId]);
    expect(created.correlationId).toBe(qualified[0].correlation_id);
    expect(published.indexOf(created)).toBeLessThan(published.indexOf(delivered));

    const card = await handoffOf(accountId);
    expect(card.handoff).toMatchObject({
      id: created.payload.handoffId,
      qualificationId,
      status: 'DELIVERED',
      createdAt: NOW,
      deliveredAt: NOW,
      missingElements: [],
      reasons: [],
      queueDate: '2026-11-24',
      priorityRank: 1,
      namedAccount: { accountId, name: 'Northwind north', firmographics: { industry: 'Software', region: 'EMEA' } },
      primaryContact: { name: 'Lena Fischer', title: 'VP Revenue Operations', email: lena, engagementScore: 18 },
      scoringSnapshot: { score: 72, threshold: 60, modelVersion: 'v1', contributors: SNAPSHOT.contributors, trend: SNAPSHOT.trend },
      nextAction: expectedAction,
      ownerAssignment: { owner: { id: 'rep-ana' }, backup: { id: 'rep-ben' }, territoryId: 'terr-emea-saas', territoryName: 'EMEA SaaS', explanation: OWNER.explanation },
    });

    const queue = await gql<{ myHandoffQueue: { id: string; priorityRank: number }[] }>(
      `{ myHandoffQueue(repId: "rep-ana", date: "2026-11-24") { id priorityRank } }`,
    );
    expect(queue.myHandoffQueue).toContainEqual({ id: created.payload.handoffId, priorityRank: 1 });
    const byId = await gql<{ handoff: { id: string; account: { id: string } } }>(`query ($id: ID!) { handoff(id: $id) { id account { id } } }`, {
      id: created.payload.handoffId,
    });
    expect(byId.handoff).toEqual({ id: created.payload.handoffId, account: { id: accountId } });
  });

  it('assembles once when ownership arrives first, and redelivered events make no second handoff', async () => {
    const { accountId, lena } = await seedAccount('south');
    const qualificationId = randomUUID();
    const engaged = contactEngaged(accountId, lena, '2026-11-22T10:00:00.000Z', 9);
    const resolved = ownershipResolved(accountId, qualificationId);
    await publish(engaged, resolved);
    await waitFor(async () => (await sql(`SELECT 1 FROM ownership_outcome WHERE qualification_id = $1`, [qualificationId])).length > 0, {
      what: 'the ownership outcome stored first',
    });
    expect(await sql(`SELECT 1 FROM handoff WHERE qualification_id = $1`, [qualificationId])).toEqual([]);

    const qualified = accountQualified(accountId, qualificationId);
    await publish(qualified);
    const created = await waitForEvent('handoff-created', (e) => e.payload.qualificationId === qualificationId);
    expect(created.causationId).toBe(qualified.eventId);

    // The same events again, plus new deliveries of the same facts (new event ids), then sentinels
    // on both topics with the same key: once the sentinels are stored, everything before them was handled.
    const sentinelQualification = randomUUID();
    const sentinelSignal = contactEngaged(accountId, lena, '2026-11-22T11:00:00.000Z', 1);
    await publish(
      engaged,
      resolved,
      qualified,
      accountQualified(accountId, qualificationId),
      ownershipResolved(accountId, qualificationId),
      sentinelSignal,
      ownershipResolved(accountId, sentinelQualification),
    );
    await waitFor(
      async () =>
        (await sql(`SELECT 1 FROM contact_engagement WHERE signal_id = $1`, [sentinelSignal.payload.signalId])).length > 0 &&
        (await sql(`SELECT 1 FROM ownership_outcome WHERE qualification_id = $1`, [sentinelQualification])).length > 0,
      { what: 'the sentinels' },
    );
    expect(await sql(`SELECT id FROM handoff WHERE qualification_id = $1`, [qualificationId])).toEqual([{ id: created.payload.handoffId }]);
    const announced = await sql<{ type: string }>(
      `SELECT type FROM outbox WHERE key = $1 AND type LIKE 'handoff-%' ORDER BY seq`,
      [accountId],
    );
    expect(announced.map((r) => r.type)).toEqual(['handoff-created', 'handoff-delivered']);
    expect((await handoffOf(accountId)).handoffs).toEqual([{ id: created.payload.handoffId }]);
  });

  it('ranks an owner’s queue by score: a higher-scored arrival goes first', async () => {
    const zoe: OwnerAssignment = { ...OWNER, owner: { ...OWNER.owner, repId: 'rep-zoe', name: 'Zoe Park', email: 'zoe@example.com' } };
    const ids: Record<string, string> = {};
    for (const [key, score] of [['east', 65], ['west', 88]] as const) {
      const { accountId, lena } = await seedAccount(key);
      const qualificationId = randomUUID();
      clock.advance(60_000);
      await publish(contactEngaged(accountId, lena, '2026-11-22T10:00:00.000Z', 9), accountQualified(accountId, qualificationId, score), ownershipResolved(accountId, qualificationId, zoe));
      ids[key] = (await waitForEvent('handoff-delivered', (e) => e.payload.accountId === accountId)).payload.handoffId;
    }
    expect(eventsOf('handoff-delivered', (e) => e.payload.ownerRepId === 'rep-zoe').map((e) => e.payload.priorityRank)).toEqual([1, 1]);
    const { myHandoffQueue } = await gql<{ myHandoffQueue: { id: string; priorityRank: number; scoringSnapshot: { score: number } }[] }>(
      `{ myHandoffQueue(repId: "rep-zoe") { id priorityRank scoringSnapshot { score } } }`,
    );
    expect(myHandoffQueue).toEqual([
      { id: ids.west, priorityRank: 1, scoringSnapshot: { score: 88 } },
      { id: ids.east, priorityRank: 2, scoringSnapshot: { score: 65 } },
    ]);

    const bad = await request(`{ myHandoffQueue(repId: "rep-zoe", date: "24/11/2026") { id } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
  });

  it('marks a handoff with no engaged contact INCOMPLETE, names PRIMARY_CONTACT and alerts ops; it is never delivered', async () => {
    const { accountId } = await seedAccount('quiet');
    const qualificationId = randomUUID();
    await publish(accountQualified(accountId, qualificationId), ownershipResolved(accountId, qualificationId));

    const alert = await waitForEvent('handoff-incomplete', (e) => e.payload.qualificationId === qualificationId);
    expect(alert.payload).toMatchObject({
      accountId,
      detectedAt: clock().toISOString(),
      missingElements: ['PRIMARY_CONTACT', 'NEXT_ACTION'],
      reasons: [
        'PRIMARY_CONTACT: no contact of Northwind quiet engaged in the 28 days before qualification.',
        'NEXT_ACTION: there is no primary contact to address the action to.',
      ],
    });
    const card = await handoffOf(accountId);
    expect(card.handoff).toMatchObject({
      id: alert.payload.handoffId,
      status: 'INCOMPLETE',
      deliveredAt: null,
      queueDate: null,
      priorityRank: null,
      primaryContact: null,
      nextAction: null,
      missingElements: ['PRIMARY_CONTACT', 'NEXT_ACTION'],
    });
    const { incompleteHandoffs } = await gql<{ incompleteHandoffs: { id: string }[] }>(`{ incompleteHandoffs { id } }`);
    expect(incompleteHandoffs).toContainEqual({ id: alert.payload.handoffId });
    expect(await sql(`SELECT type FROM outbox WHERE key = $1 AND type LIKE 'handoff-%'`, [accountId])).toEqual([{ type: 'handoff-incomplete' }]);
  });

  it('marks a handoff whose ownership is unresolved INCOMPLETE, naming OWNER_ASSIGNMENT with ownership-svc’s reason', async () => {
    const { accountId, lena } = await seedAccount('apac');
    const qualificationId = randomUUID();
    const reason = EVENT_EXAMPLES['ownership-unresolved'].reason;
    await publish(
      contactEngaged(accountId, lena, '2026-11-22T10:00:00.000Z', 9),
      accountQualified(accountId, qualificationId),
      createEvent('ownership-unresolved', { qualificationId, accountId, resolvedAt: QUALIFIED_AT, reason }, meta(accountId)),
    );
    const alert = await waitForEvent('handoff-incomplete', (e) => e.payload.qualificationId === qualificationId);
    expect(alert.payload).toMatchObject({ missingElements: ['OWNER_ASSIGNMENT'], reasons: [`OWNER_ASSIGNMENT: ${reason}`] });
    expect((await handoffOf(accountId)).handoff).toMatchObject({ status: 'INCOMPLETE', ownerAssignment: null, primaryContact: { name: 'Lena Fischer' } });
  });

  it('resolves Account and Handoff references for the gateway', async () => {
    const [row] = await sql<{ id: string }>(`SELECT id FROM handoff WHERE account_id = 'acc-north'`);
    const data = await gql<{ _entities: unknown[] }>(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Account { id name handoff { id status } }
          ... on Handoff { id status primaryContact { name } }
        }
      }`,
      {
        representations: [
          { __typename: 'Account', id: 'acc-north' },
          { __typename: 'Handoff', id: row.id },
          { __typename: 'Account', id: 'acc-unknown' },
          { __typename: 'Handoff', id: 'not-a-uuid' },
        ],
      },
    );
    expect(data._entities).toEqual([
      { id: 'acc-north', name: 'Northwind north', handoff: { id: row.id, status: 'DELIVERED' } },
      { id: row.id, status: 'DELIVERED', primaryContact: { name: 'Lena Fischer' } },
      null,
      null,
    ]);
  });

  it('dead-letters a malformed message and a contract-breaking event, and keeps consuming', async () => {
    await bus.publish([{ topic: Topics.scoringEvents, key: 'acc-garbage', value: '{not json' }]);
    const breaking = { ...accountQualified('acc-broken', randomUUID()) };
    breaking.payload = { ...breaking.payload, scoringSnapshot: { ...SNAPSHOT, score: 150 } };
    await bus.publish([{ topic: Topics.scoringEvents, key: 'acc-broken', value: JSON.stringify(breaking) }]);

    const garbage = await waitFor(() => deadLetters.find((d) => d.key === 'acc-garbage'), { what: 'the malformed message on dead-letter' });
    expect(garbage).toMatchObject({ originalTopic: Topics.scoringEvents, errorKind: 'validation', value: '{not json', consumerGroup: 'handoff-svc' });
    expect(garbage.error).toContain('value is not JSON');
    const broken = await waitFor(() => deadLetters.find((d) => d.key === 'acc-broken'), { what: 'the contract-breaking event on dead-letter' });
    expect(broken.error).toContain('payload.scoringSnapshot.score');
    expect(await sql(`SELECT 1 FROM qualification WHERE account_id = 'acc-broken'`)).toEqual([]);

    const after = contactEngaged('acc-garbage', 'x@garbage.example', '2026-11-22T10:00:00.000Z', 1);
    await publish(after);
    await waitFor(async () => (await sql(`SELECT 1 FROM contact_engagement WHERE signal_id = $1`, [after.payload.signalId])).length > 0, {
      what: 'the next message on the partition',
    });
  });
});
