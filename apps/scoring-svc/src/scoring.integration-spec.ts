import { KafkaEventBus, withTopicPrefix, type EventBus, type ReceivedMessage, type Subscription } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import {
  Topics,
  createEvent,
  deadLetterSchema,
  parseEvent,
  scoringSnapshotSchema,
  toMessage,
  type AnyEvent,
  type EventEnvelope,
  type PayloadOf,
} from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import type { RunningService } from '@handoff-graph/runtime';
import {
  TEST_GATEWAY_SECRET,
  TEST_IDENTITIES,
  asIdentity,
  createTestSchema,
  graphqlData as graphqlDataAs,
  graphqlRequest as graphqlRequestAs,
  testKafkaBrokers,
  waitFor,
  type TestSchema,
} from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { scoringEntities, scoringMigrations, startScoringService } from './service';

const DAY_MS = 86_400_000;
const clock = manualClock('2026-11-24T09:00:00.000Z');
/** An instant `hoursAgo` before the service's clock. */
const ago = (hoursAgo: number) => new Date(clock().getTime() - hoursAgo * 3_600_000).toISOString();
/** Unique per run, so a rerun never meets an earlier run's rows or messages. */
const run = randomUUID().slice(0, 8);
/** Every request as the OPS user the gateway verified (signed per request; the roles are proved in authorization.integration-spec.ts). */
const graphqlData = <T>(url: string, query: string, variables: Record<string, unknown> = {}) => graphqlDataAs<T>(url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
const graphqlRequest = (url: string, query: string, variables: Record<string, unknown> = {}) => graphqlRequestAs(url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
const acc = (name: string) => `acc-${name}-${run}`;
const sig = (name: string) => `sig-${name}-${run}`;

type SignalInput = PayloadOf<'signal-received'>;
const signalInput = (accountId: string, id: string, over: Partial<SignalInput> = {}): SignalInput => ({
  signalId: sig(id),
  accountId,
  contactEmail: null,
  signalType: 'PRICING_PAGE_VISIT',
  occurredAt: ago(1),
  source: 'website',
  detail: null,
  ...over,
});

/**
 * Intent 25 + webinar 20 + 3 pricing-page visits 27, each an hour old: 24.95 + 19.96 + 3 × 8.96 = 71.8.
 * The fourth signal crosses 60: 24.95 + 19.96 + 2 × 8.96 = 62.8.
 */
const qualifyingBurst = (accountId: string, prefix: string): SignalInput[] => [
  signalInput(accountId, `${prefix}-intent`, { signalType: 'INTENT_SURGE', source: 'bombora', detail: 'revenue operations' }),
  signalInput(accountId, `${prefix}-webinar`, { signalType: 'WEBINAR_ATTENDED', contactEmail: 'lena.fischer@northwind.example', detail: 'Fixing the MQA handoff' }),
  signalInput(accountId, `${prefix}-p1`, { contactEmail: 'lena.fischer@northwind.example', detail: '/pricing' }),
  signalInput(accountId, `${prefix}-p2`, { contactEmail: 'max.braun@northwind.example', detail: '/pricing/enterprise' }),
  signalInput(accountId, `${prefix}-p3`, { detail: '/pricing' }),
];

const RECORD = `mutation Record($signals: [SignalInput!]!) {
  recordSignals(signals: $signals) {
    accepted unmatched duplicates rejected
    signals { index signalId status field rule problems { field rule } }
    accounts { account { id } score qualified qualifiedByThisBatch }
  }
}`;
const EXPLAIN = `query Explain($accountId: ID!) {
  explainScore(accountId: $accountId) {
    snapshot {
      score threshold modelVersion computedAt
      contributors { signalType label points evidence signalIds }
      trend { daily { date score } delta }
    }
  }
}`;

interface RecordResult {
  recordSignals: {
    accepted: number;
    unmatched: number;
    duplicates: number;
    rejected: number;
    signals: { index: number; signalId: string; status: string; field: string | null; rule: string | null; problems: { field: string; rule: string }[] }[];
    accounts: { account: { id: string }; score: number; qualified: boolean; qualifiedByThisBatch: boolean }[];
  };
}
interface ExplainResult {
  explainScore: null | {
    snapshot: null | {
      score: number;
      threshold: number;
      modelVersion: string;
      computedAt: string;
      contributors: { signalType: string; label: string; points: number; evidence: string; signalIds: string[] }[];
      trend: { daily: { date: string; score: number }[]; delta: number };
    };
  };
}

describe('scoring-svc over PostgreSQL and Kafka', () => {
  let db: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  const subscriptions: Subscription[] = [];
  /** Everything on scoring-events, in arrival order (one account's events share a partition, so keep their order). */
  const outbound: AnyEvent[] = [];
  const deadLetters: ReceivedMessage[] = [];

  const record = (signals: unknown[]) => graphqlData<RecordResult>(service.url, RECORD, { signals }).then((d) => d.recordSignals);
  const explain = (accountId: string) => graphqlData<ExplainResult>(service.url, EXPLAIN, { accountId }).then((d) => d.explainScore?.snapshot ?? null);
  const eventsOf = <T extends AnyEvent['type']>(accountId: string, type?: T) =>
    outbound.filter((e) => e.aggregateId === accountId && (!type || e.type === type)) as EventEnvelope<T>[];

  beforeAll(async () => {
    db = await createTestSchema('scoring');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'test', brokers: testKafkaBrokers() }), `it-${run}`);
    const dataSource = createServiceDataSource({ url: db.url, schema: db.schema, entities: scoringEntities, migrations: scoringMigrations });
    service = await startScoringService({
      dataSource,
      bus,
      port: 0,
      clock,
      logger: createLogger('scoring-svc', 'error'),
      auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true },
    });
    subscriptions.push(
      await bus.subscribe({
        groupId: 'test-scoring-events',
        topics: [Topics.scoringEvents],
        handler: async (m) => {
          const parsed = parseEvent(m.value);
          if (!parsed.ok) throw new Error(`scoring-svc published an invalid event: ${parsed.error}`);
          outbound.push(parsed.event);
        },
      }),
      await bus.subscribe({ groupId: 'test-dead-letter', topics: [Topics.deadLetter], handler: async (m) => void deadLetters.push(m) }),
    );
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await service?.stop();
    await bus?.close();
    await db?.drop();
  });

  it('serves the seeded v1 model', async () => {
    const { scoringModel } = await graphqlData<{ scoringModel: { version: string; threshold: number; rearmMargin: number; rules: { signalType: string; points: number; halfLifeDays: number; capPoints: number }[] } }>(
      service.url,
      `{ scoringModel { version status threshold rearmMargin cooldownDays fit { capPoints } effectiveAt rules { signalType points halfLifeDays capPoints } } }`,
    );
    expect(scoringModel).toMatchObject({ version: 'v1', status: 'ACTIVE', threshold: 60, rearmMargin: 10, cooldownDays: 0, fit: null, effectiveAt: '2025-11-24T00:00:00.000Z' });
    expect(scoringModel.rules).toHaveLength(8);
    expect(scoringModel.rules.find((r) => r.signalType === 'PRICING_PAGE_VISIT')).toEqual({ signalType: 'PRICING_PAGE_VISIT', points: 9, halfLifeDays: 7, capPoints: 30 });
  });

  it('recordSignals qualifies an account: contact-engaged events first, then one account-qualified with a valid snapshot', async () => {
    const accountId = acc('northwind');
    const result = await record(qualifyingBurst(accountId, 'nw'));
    expect(result).toMatchObject({ accepted: 5, unmatched: 0, duplicates: 0, rejected: 0 });
    expect(result.accounts).toEqual([{ account: { id: accountId }, score: 71.8, qualified: true, qualifiedByThisBatch: true }]);

    await waitFor(() => eventsOf(accountId).length === 4, { what: '3 contact-engaged + 1 account-qualified' });
    const events = eventsOf(accountId);
    // The batch counts at one instant: a contact-engaged per signal naming a contact (webinar, p1, p2; p3 has none), then the qualification.
    expect(events.map((e) => e.type)).toEqual(['contact-engaged', 'contact-engaged', 'contact-engaged', 'account-qualified']);
    expect(events.slice(0, 3).map((e) => (e as EventEnvelope<'contact-engaged'>).payload)).toEqual([
      expect.objectContaining({ signalId: sig('nw-webinar'), contactEmail: 'lena.fischer@northwind.example', points: 20, signalType: 'WEBINAR_ATTENDED' }),
      expect.objectContaining({ signalId: sig('nw-p1'), points: 9, detail: '/pricing' }),
      expect.objectContaining({ signalId: sig('nw-p2'), contactEmail: 'max.braun@northwind.example', points: 9 }),
    ]);
    const qualified = events[3] as EventEnvelope<'account-qualified'>;
    expect(scoringSnapshotSchema.safeParse(qualified.payload.scoringSnapshot).success).toBe(true);
    // The snapshot at the instant the batch counted: all five signals, each an hour old.
    expect(qualified.payload.scoringSnapshot).toMatchObject({ score: 71.8, threshold: 60, modelVersion: 'v1', computedAt: clock().toISOString() });
    expect(qualified.payload.scoringSnapshot.contributors.map((c) => c.signalType)).toEqual(['PRICING_PAGE_VISIT', 'INTENT_SURGE', 'WEBINAR_ATTENDED']);
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);

    const snapshot = await explain(accountId);
    expect(snapshot).toMatchObject({ score: 71.8, threshold: 60 });
    expect(snapshot!.contributors[0]).toEqual({
      signalType: 'PRICING_PAGE_VISIT',
      label: 'Pricing-page visits',
      points: 26.9,
      evidence: '3 pricing-page visits in 1 day, +26.9',
      signalIds: expect.arrayContaining([sig('nw-p1'), sig('nw-p2'), sig('nw-p3')]),
    });
    expect(snapshot!.contributors[1].evidence).toMatch(/^Intent surge on 'revenue operations' \(bombora\) on 2026-11-24, \+24\.9$/);

    const { _entities } = await graphqlData<{ _entities: { id: string; qualified: boolean; scoringSnapshot: { score: number } | null }[] }>(
      service.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id qualified scoringSnapshot { score } } } }`,
      { r: [{ __typename: 'Account', id: accountId }, { __typename: 'Account', id: acc('never-seen') }] },
    );
    expect(_entities).toEqual([
      { id: accountId, qualified: true, scoringSnapshot: { score: 71.8 } },
      { id: acc('never-seen'), qualified: false, scoringSnapshot: null },
    ]);
  });

  it('does not qualify an account a second time while its score stays above the line', async () => {
    const accountId = acc('northwind');
    // 71.8 + a form fill an hour old 15 × 0.5^(1/336) = 14.97 → 86.8
    const result = await record([signalInput(accountId, 'nw-form', { signalType: 'FORM_FILL', contactEmail: 'lena.fischer@northwind.example' })]);
    expect(result.accounts).toEqual([{ account: { id: accountId }, score: 86.8, qualified: true, qualifiedByThisBatch: false }]);
    await waitFor(() => eventsOf(accountId, 'contact-engaged').some((e) => e.payload.signalId === sig('nw-form')), { what: 'the form-fill contact-engaged' });
    expect(eventsOf(accountId, 'account-qualified')).toHaveLength(1);
  });

  it('a repeated signal id changes nothing and is reported as DUPLICATE', async () => {
    const accountId = acc('northwind');
    const before = await explain(accountId);
    const result = await record([signalInput(accountId, 'nw-p1', { contactEmail: 'lena.fischer@northwind.example', signalType: 'TRIAL_ACTIVITY' })]);
    expect(result).toMatchObject({ accepted: 0, duplicates: 1, rejected: 0, accounts: [] });
    expect(result.signals).toEqual([{ index: 0, signalId: sig('nw-p1'), status: 'DUPLICATE', field: null, rule: null, problems: [] }]);
    expect(await explain(accountId)).toEqual(before);
    // A later marker's contact-engaged proves anything the duplicate could have enqueued was published before it.
    await record([signalInput(accountId, 'nw-marker', { signalType: 'PRODUCT_PAGE_VISIT', contactEmail: 'lena.fischer@northwind.example' })]);
    await waitFor(() => eventsOf(accountId, 'contact-engaged').some((e) => e.payload.signalId === sig('nw-marker')), { what: 'the marker contact-engaged' });
    expect(eventsOf(accountId, 'contact-engaged').filter((e) => e.payload.signalId === sig('nw-p1'))).toHaveLength(1);
    expect(eventsOf(accountId, 'account-qualified')).toHaveLength(1);
  });

  it('a mixed batch stores the valid signals and reports each invalid one with its index, field and rule', async () => {
    const accountId = acc('contoso');
    const result = await record([
      signalInput(accountId, 'ct-ok-1', { signalType: 'CONTENT_DOWNLOAD', detail: 'MQA playbook' }),
      signalInput(accountId, 'ct-bad-time', { occurredAt: 'yesterday' }),
      signalInput(accountId, 'ct-ok-2', { signalType: 'EMAIL_REPLY' }),
      { ...signalInput(accountId, 'ct-bad-email'), contactEmail: 'not-an-email' },
    ]);
    expect(result).toMatchObject({ accepted: 2, duplicates: 0, rejected: 2 });
    expect(result.signals.map((s) => [s.index, s.status, s.field])).toEqual([
      [0, 'ACCEPTED', null],
      [1, 'REJECTED', 'signals.1.occurredAt'],
      [2, 'ACCEPTED', null],
      [3, 'REJECTED', 'signals.3.contactEmail'],
    ]);
    expect(result.signals[1].rule).toMatch(/datetime/i);
    expect(result.signals[3].rule).toMatch(/email/i);
    const snapshot = await explain(accountId);
    expect(snapshot!.contributors.flatMap((c) => c.signalIds).sort()).toEqual([sig('ct-ok-1'), sig('ct-ok-2')].sort());
  });

  it('fails with BAD_USER_INPUT naming the first field when every signal is invalid, and stores nothing', async () => {
    const accountId = acc('fabrikam');
    const body = await graphqlRequest(service.url, RECORD, {
      signals: [signalInput(accountId, 'fb-1', { source: '' }), signalInput(accountId, 'fb-2', { occurredAt: '2026-13-45' })],
    });
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signals.0.source' });
    expect(body.errors?.[0].extensions?.problems).toEqual([
      expect.objectContaining({ field: 'signals.0.source' }),
      expect.objectContaining({ field: 'signals.1.occurredAt' }),
    ]);
    expect(await explain(accountId)).toBeNull();

    const empty = await graphqlRequest(service.url, RECORD, { signals: [] });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signals', rule: 'at least one signal is required' });
  });

  it('scores a signal-received from Kafka, once, and qualifies caused by the inbound event', async () => {
    const accountId = acc('adatum');
    const events = qualifyingBurst(accountId, 'ad').map((payload) => createEvent('signal-received', payload, { aggregateId: accountId, producer: 'bombora-connector' }));
    // Every event twice: the inbox (event id) and the signal id keep the second delivery a no-op.
    await bus.publish([...events, ...events].map(toMessage));

    await waitFor(() => eventsOf(accountId, 'account-qualified').length === 1, { what: 'account-qualified from Kafka signals' });
    const qualified = eventsOf(accountId, 'account-qualified')[0];
    expect(qualified.causationId).toBe(events[3].eventId);
    expect(qualified.correlationId).toBe(events[3].correlationId);
    const engaged = eventsOf(accountId, 'contact-engaged');
    expect(engaged.map((e) => e.causationId)).toEqual([events[1].eventId, events[2].eventId, events[3].eventId]);
    expect(eventsOf(accountId).indexOf(qualified)).toBe(3);

    // A later marker proves the duplicates were consumed before it, and did nothing.
    const marker = createEvent('signal-received', signalInput(accountId, 'ad-marker', { signalType: 'PRODUCT_PAGE_VISIT', contactEmail: 'x@adatum.example' }), {
      aggregateId: accountId,
      producer: 'website',
    });
    await bus.publish([toMessage(marker)]);
    await waitFor(() => eventsOf(accountId, 'contact-engaged').some((e) => e.payload.signalId === sig('ad-marker')), { what: 'the marker contact-engaged' });
    expect(eventsOf(accountId, 'contact-engaged')).toHaveLength(4);
    expect(eventsOf(accountId, 'account-qualified')).toHaveLength(1);
    const snapshot = await explain(accountId);
    expect(snapshot!.contributors.find((c) => c.signalType === 'PRICING_PAGE_VISIT')!.signalIds).toHaveLength(3);
  });

  it('sends a malformed or contract-breaking message on signals to dead-letter with its error', async () => {
    const accountId = acc('poison');
    const breaking = createEvent('signal-received', signalInput(accountId, 'poison-1'), { aggregateId: accountId, producer: 'website' });
    const breakingValue = JSON.stringify({ ...breaking, payload: { ...breaking.payload, signalType: 'BILLBOARD' } });
    await bus.publish([
      { topic: Topics.signals, key: accountId, value: '{not json' },
      { topic: Topics.signals, key: accountId, value: breakingValue },
    ]);
    const letters = await waitFor(() => {
      const mine = deadLetters.map((m) => deadLetterSchema.parse(JSON.parse(m.value))).filter((l) => l.key === accountId);
      return mine.length === 2 && mine;
    }, { what: 'two dead letters' });
    expect(letters.map((l) => [l.originalTopic, l.consumerGroup, l.errorKind])).toEqual([
      [Topics.signals, 'scoring-svc', 'validation'],
      [Topics.signals, 'scoring-svc', 'validation'],
    ]);
    expect(letters[0]).toMatchObject({ value: '{not json', error: expect.stringContaining('not JSON') });
    expect(letters[1]).toMatchObject({ value: breakingValue, error: expect.stringContaining('payload.signalType') });
    expect(await explain(accountId)).toBeNull();
  });

  describe('signals naming their account by CRM id, domain or contact email', () => {
    const accountId = acc('globex');
    const crmId = `001-GLOBEX-${run}`;
    const domain = `globex-${run}.example`;
    const upserted = (over: Partial<PayloadOf<'account-upserted'>> = {}) =>
      createEvent(
        'account-upserted',
        {
          accountId,
          crmId,
          name: 'Globex Logistics',
          domain,
          firmographics: { industry: 'Logistics', employeeCount: 2300, annualRevenueUsd: 410_000_000, region: 'NA', country: 'US' },
          updatedAt: clock().toISOString(),
          ...over,
        },
        { aggregateId: accountId, producer: 'handoff-svc' },
      );
    const byRef = (id: string, ref: Record<string, string>, over: Partial<SignalInput> = {}) => {
      const { accountId: _omit, ...rest } = signalInput('unused', id, over);
      return { ...rest, ...ref };
    };
    const UNMATCHED = `query { unmatchedSignals(first: 500) { total signals { signalId referenceKind reference reason } } }`;
    const unmatchedIds = async () =>
      (await graphqlData<{ unmatchedSignals: { signals: { signalId: string; referenceKind: string; reason: string }[] } }>(service.url, UNMATCHED)).unmatchedSignals.signals.filter((s) =>
        s.signalId.endsWith(run),
      );
    let upsert: ReturnType<typeof upserted>;

    it('keeps signals for an account not known yet as UNMATCHED, with the reason, and scores nothing', async () => {
      const result = await graphqlData<{ recordSignals: { unmatched: number; accepted: number; signals: { status: string; account: { id: string } | null; unmatchedReason: string | null }[]; accounts: unknown[] } }>(
        service.url,
        `mutation($signals: [SignalInput!]!) { recordSignals(signals: $signals) { accepted unmatched signals { status account { id } unmatchedReason } accounts { score } } }`,
        {
          signals: [
            byRef('gx-intent', { crmId }, { signalType: 'INTENT_SURGE', source: 'bombora', detail: 'sales routing software' }),
            byRef('gx-webinar', { domain: `https://www.${domain}/webinars` }, { signalType: 'WEBINAR_ATTENDED' }),
            byRef('gx-reply', { contactEmail: `maria.lopez@${domain}` }, { signalType: 'EMAIL_REPLY' }),
            byRef('gx-pricing', { contactEmail: `Tom.Brooks@${domain}` }),
            byRef('gx-free', { contactEmail: `someone-${run}@gmail.com` }),
          ],
        },
      ).then((d) => d.recordSignals);
      expect(result).toMatchObject({ accepted: 0, unmatched: 5, accounts: [] });
      expect(result.signals.map((s) => [s.status, s.account, s.unmatchedReason])).toEqual([
        ['UNMATCHED', null, `no known account has CRM id ${crmId}`],
        ['UNMATCHED', null, `no known account has domain www.${domain} or a parent of it`],
        ['UNMATCHED', null, `no known account has domain ${domain}`],
        ['UNMATCHED', null, `no known account has domain ${domain}`],
        ['UNMATCHED', null, 'no known account has domain gmail.com'],
      ]);
      // Oldest received first, then by id (one batch arrives at one instant).
      expect((await unmatchedIds()).map((s) => [s.signalId, s.referenceKind])).toEqual([
        [sig('gx-free'), 'CONTACT_EMAIL'],
        [sig('gx-intent'), 'CRM_ID'],
        [sig('gx-pricing'), 'CONTACT_EMAIL'],
        [sig('gx-reply'), 'CONTACT_EMAIL'],
        [sig('gx-webinar'), 'DOMAIN'],
      ]);
      expect(await explain(accountId)).toBeNull();
      // Sending one again is a DUPLICATE, even while unmatched.
      expect((await record([byRef('gx-intent', { crmId }, { signalType: 'INTENT_SURGE' })])).signals[0].status).toBe('DUPLICATE');
    });

    it('counts them once account-upserted makes the account known: contact-engaged for the contacts, then one account-qualified caused by the upsert', async () => {
      upsert = upserted();
      // Delivered twice: the second delivery changes nothing.
      await bus.publish([toMessage(upsert), toMessage(upsert)]);
      await waitFor(() => eventsOf(accountId, 'account-qualified').length === 1, { what: 'account-qualified after account-upserted' });
      // intent 24.95 + webinar 19.96 + email reply 14.95 + pricing 8.96 = 68.8
      const qualified = eventsOf(accountId, 'account-qualified')[0];
      expect(qualified.causationId).toBe(upsert.eventId);
      expect(qualified.payload.scoringSnapshot).toMatchObject({ score: 68.8, modelVersion: 'v1' });
      expect(eventsOf(accountId, 'contact-engaged').map((e) => [e.payload.signalId, e.payload.contactEmail])).toEqual([
        [sig('gx-pricing'), `Tom.Brooks@${domain}`],
        [sig('gx-reply'), `maria.lopez@${domain}`],
      ]);
      expect(eventsOf(accountId).map((e) => e.type)).toEqual(['contact-engaged', 'contact-engaged', 'account-qualified']);
      expect((await unmatchedIds()).map((s) => s.signalId)).toEqual([sig('gx-free')]);
      expect((await explain(accountId))!.score).toBe(68.8);
    });

    it('matches a new signal by domain or contact email at once (ACCEPTED, matchedBy), and ignores a late, older account-upserted', async () => {
      const { recordSignals } = await graphqlData<{ recordSignals: { signals: { status: string; account: { id: string }; matchedBy: string }[] } }>(
        service.url,
        `mutation($signals: [SignalInput!]!) { recordSignals(signals: $signals) { signals { status account { id } matchedBy } } }`,
        { signals: [byRef('gx-form', { domain }, { signalType: 'FORM_FILL' }), byRef('gx-dl', { contactEmail: `tom.brooks@eu.${domain}` }, { signalType: 'CONTENT_DOWNLOAD' })] },
      );
      expect(recordSignals.signals).toEqual([
        { status: 'ACCEPTED', account: { id: accountId }, matchedBy: 'DOMAIN' },
        { status: 'ACCEPTED', account: { id: accountId }, matchedBy: 'CONTACT_EMAIL' },
      ]);
      const stale = upserted({ domain: `old-${domain}`, updatedAt: new Date(clock().getTime() - 86_400_000).toISOString() });
      const marker = createEvent('signal-received', signalInput(accountId, 'gx-marker', { contactEmail: `x@${domain}` }), { aggregateId: accountId, producer: 'website' });
      await bus.publish([toMessage(stale)]);
      await bus.publish([toMessage(marker)]);
      await waitFor(() => eventsOf(accountId, 'contact-engaged').some((e) => e.payload.signalId === sig('gx-marker')), { what: 'the marker after the stale upsert' });
      const again = await record([byRef('gx-after-stale', { domain }, { signalType: 'PRODUCT_PAGE_VISIT' })]);
      expect(again.signals[0].status).toBe('ACCEPTED');
    });

    it('refuses a signal naming no account, or two references, with BAD_USER_INPUT naming the field, and stores nothing', async () => {
      const body = await graphqlRequest(service.url, RECORD, {
        signals: [byRef('gx-none', {}), { ...signalInput(accountId, 'gx-two'), crmId }],
      });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signals.0.accountId' });
      expect(body.errors?.[0].extensions?.problems).toEqual([
        expect.objectContaining({ field: 'signals.0.accountId', rule: expect.stringMatching(/^name the account/) }),
        { field: 'signals.1.crmId', rule: 'give only one of accountId, crmId and domain (accountId is given)' },
      ]);
      expect((await unmatchedIds()).map((s) => s.signalId)).toEqual([sig('gx-free')]);
    });
  });

  it('re-arms an account whose score decayed below threshold − margin and qualifies it again (one more account-qualified)', async () => {
    const accountId = acc('northwind');
    clock.advance(45 * DAY_MS);
    const result = await record(qualifyingBurst(accountId, 'nw-again'));
    expect(result.accounts).toEqual([{ account: { id: accountId }, score: expect.any(Number), qualified: true, qualifiedByThisBatch: true }]);
    await waitFor(() => eventsOf(accountId, 'account-qualified').length === 2, { what: 'a second account-qualified after re-arming' });
    const [first, second] = eventsOf(accountId, 'account-qualified');
    expect(second.payload.qualificationId).not.toBe(first.payload.qualificationId);
    expect(second.payload.qualifiedAt).toBe(clock().toISOString());
  });
});
