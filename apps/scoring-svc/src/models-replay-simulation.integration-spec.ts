import { KafkaEventBus, withTopicPrefix, type EventBus, type Subscription } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { SIGNAL_TYPES, Topics, createEvent, parseEvent, toMessage, type AnyEvent, type EventEnvelope, type PayloadOf, type ScoringSnapshot } from '@handoff-graph/contracts';
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
import { signalsForReplay } from './data/signal.repository';
import { scoringEntities, scoringMigrations, startScoringService } from './service';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const clock = manualClock('2026-11-24T09:00:00.000Z');
const run = randomUUID().slice(0, 8);
/** The ops lead who edits the model: every request carries this identity, as the gateway verified it (signed per request). */
const OPS_LEAD = { ...TEST_IDENTITIES.OPS, subject: 'ops.lead@example.com' };
const graphqlData = <T>(url: string, query: string, variables: Record<string, unknown> = {}) => graphqlDataAs<T>(url, query, variables, asIdentity(OPS_LEAD));
const graphqlRequest = (url: string, query: string, variables: Record<string, unknown> = {}) => graphqlRequestAs(url, query, variables, asIdentity(OPS_LEAD));
const acc = (name: string) => `acc-${name}-${run}`;
const sig = (name: string) => `sig-${name}-${run}`;
const ago = (hours: number) => new Date(clock().getTime() - hours * HOUR_MS).toISOString();

const V1_RULES = {
  INTENT_SURGE: [25, 14, 25],
  PRICING_PAGE_VISIT: [9, 7, 30],
  PRODUCT_PAGE_VISIT: [4, 7, 16],
  CONTENT_DOWNLOAD: [6, 14, 18],
  WEBINAR_ATTENDED: [20, 14, 20],
  EMAIL_REPLY: [15, 10, 30],
  FORM_FILL: [15, 14, 15],
  TRIAL_ACTIVITY: [12, 7, 36],
} as const;
const rules = SIGNAL_TYPES.map((signalType) => {
  const [points, halfLifeDays, capPoints] = V1_RULES[signalType];
  return { signalType, points, halfLifeDays, capPoints };
});
/** v2: v1's rules, threshold 65, re-arm margin 10, a 30-day cooldown and an ICP fit capped at 12. */
const V2 = {
  version: `v2-${run}`,
  description: 'Q1 recalibration: score ICP fit, raise the line, 30-day cooldown',
  threshold: 65,
  rearmMargin: 10,
  cooldownDays: 30,
  rules,
  fit: {
    capPoints: 12,
    industries: [{ industry: 'Software', points: 6 }],
    employeeBands: [{ minEmployees: 200, maxEmployees: 1000, points: 4 }, { minEmployees: 1001, points: 2 }],
    regions: [{ region: 'EMEA', points: 3 }],
  },
};

const signal = (accountId: string, id: string, signalType: string, occurredAt: string, over: Record<string, unknown> = {}) => ({
  signalId: sig(id),
  accountId,
  signalType,
  occurredAt,
  source: 'website',
  ...over,
});
/** intent 25 + webinar 20 + 3 pricing visits 27 = 72 when fresh. */
const burst = (accountId: string, prefix: string, occurredAt: string) => [
  signal(accountId, `${prefix}-intent`, 'INTENT_SURGE', occurredAt, { source: 'bombora', detail: 'revenue operations' }),
  signal(accountId, `${prefix}-webinar`, 'WEBINAR_ATTENDED', occurredAt, { contactEmail: 'lena.fischer@northwind.example' }),
  signal(accountId, `${prefix}-p1`, 'PRICING_PAGE_VISIT', occurredAt),
  signal(accountId, `${prefix}-p2`, 'PRICING_PAGE_VISIT', occurredAt),
  signal(accountId, `${prefix}-p3`, 'PRICING_PAGE_VISIT', occurredAt),
];

const MODEL_FIELDS = `version status threshold rearmMargin cooldownDays effectiveAt author description
  fit { capPoints industries { industry points } employeeBands { minEmployees maxEmployees points } regions { region points } }
  activations { version previousVersion actor reason }`;
const SNAPSHOT = `score threshold modelVersion computedAt contributors { signalType label points evidence signalIds } trend { daily { date score } delta }`;
const EXPLAIN = `query($accountId: ID!, $asOf: DateTime, $modelVersion: String) {
  explainScore(accountId: $accountId, asOf: $asOf, modelVersion: $modelVersion) {
    asOf modelVersion threshold score atOrAboveThreshold signalsCounted firmographicsKnown
    components { kind signalType label points uncappedPoints capped evidence signalIds }
    snapshot { ${SNAPSHOT} }
  }
}`;

interface Explanation {
  asOf: string;
  modelVersion: string;
  threshold: number;
  score: number;
  atOrAboveThreshold: boolean;
  signalsCounted: number;
  firmographicsKnown: boolean;
  components: { kind: string; signalType: string | null; label: string; points: number; evidence: string; signalIds: string[] }[];
  snapshot: ScoringSnapshot | null;
}
interface RecordResult {
  recordSignals: { accepted: number; accounts: { account: { id: string }; score: number; qualified: boolean; qualifiedByThisBatch: boolean; coolingDown: boolean }[] };
}
interface Outcome {
  threshold: number;
  qualifications: number;
  accounts: number;
  meetings: number;
  rejections: number;
  withoutOutcome: number;
  conversionRate: number | null;
  rejectionRate: number | null;
  rejectionsByReason: { reason: string; count: number; rate: number }[];
}

describe('scoring-svc model versions, replay, cooldown and threshold simulation over PostgreSQL and Kafka', () => {
  let db: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  const subscriptions: Subscription[] = [];
  const outbound: AnyEvent[] = [];

  const gql = <T>(query: string, variables?: Record<string, unknown>) => graphqlData<T>(service.url, query, variables);
  const record = (signals: unknown[]) =>
    gql<RecordResult>(
      `mutation($s: [SignalInput!]!) { recordSignals(signals: $s) { accepted accounts { account { id } score qualified qualifiedByThisBatch coolingDown } } }`,
      { s: signals },
    ).then((d) => d.recordSignals);
  const explain = (accountId: string, asOf?: string, modelVersion?: string) =>
    gql<{ explainScore: Explanation | null }>(EXPLAIN, { accountId, asOf, modelVersion }).then((d) => d.explainScore);
  const qualifiedEvents = (accountId: string) =>
    outbound.filter((e): e is EventEnvelope<'account-qualified'> => e.type === 'account-qualified' && e.aggregateId === accountId);
  const upsertAccount = async (accountId: string, firmographics: PayloadOf<'account-upserted'>['firmographics']) => {
    const event = createEvent(
      'account-upserted',
      { accountId, crmId: `crm-${accountId}`, name: accountId, domain: `${accountId}.example`, firmographics, updatedAt: clock().toISOString() },
      { aggregateId: accountId, producer: 'handoff-svc' },
    );
    await bus.publish([toMessage(event)]);
    return event;
  };

  /** The burst as signal-received events on the signals topic (the Kafka path), each occurring now. */
  const publishBurst = async (accountId: string, prefix: string) => {
    const events = burst(accountId, prefix, clock().toISOString()).map((s) =>
      createEvent(
        'signal-received',
        { contactEmail: null, detail: null, ...s } as PayloadOf<'signal-received'>,
        { aggregateId: accountId, producer: 'marketing-tools' },
      ),
    );
    await bus.publish(events.map(toMessage));
  };

  beforeAll(async () => {
    db = await createTestSchema('scoring_models');
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
    );
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await service?.stop();
    await bus?.close();
    await db?.drop();
  });

  describe('versioned models', () => {
    it('createScoringModel refuses an invalid model naming the field (nothing stored), stores a valid one as a DRAFT authored by the verified identity, refuses the same version again', async () => {
      const create = (input: unknown) => graphqlRequest(service.url, `mutation($input: ScoringModelInput!) { createScoringModel(input: $input) { ${MODEL_FIELDS} } }`, { input });
      const missing = await create({ ...V2, rules: rules.filter((r) => r.signalType !== 'FORM_FILL') });
      expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rules', rule: 'every signal type needs a rule; missing FORM_FILL' });
      const negative = await create({ ...V2, rules: rules.map((r, i) => (i === 2 ? { ...r, halfLifeDays: 0 } : r)) });
      expect(negative.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rules.2.halfLifeDays' });
      expect((await gql<{ scoringModels: { version: string }[] }>(`{ scoringModels { version } }`)).scoringModels).toEqual([{ version: 'v1' }]);

      const created = await create(V2);
      expect(created.errors).toBeUndefined();
      expect((created.data as { createScoringModel: unknown }).createScoringModel).toEqual({
        version: V2.version,
        status: 'DRAFT',
        threshold: 65,
        rearmMargin: 10,
        cooldownDays: 30,
        effectiveAt: null,
        author: 'ops.lead@example.com',
        description: V2.description,
        fit: { ...V2.fit, employeeBands: [V2.fit.employeeBands[0], { minEmployees: 1001, maxEmployees: null, points: 2 }] },
        activations: [],
      });
      const again = await create(V2);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.version' });
    });

    it('a signal-received from Kafka is scored under v1 while v2 is only a draft', async () => {
      const accountId = acc('before-activation');
      await publishBurst(accountId, 'ba');
      await waitFor(() => qualifiedEvents(accountId).length === 1, { what: 'account-qualified under v1' });
      // One event per signal: intent 25 + webinar 20 + two pricing visits 18 = 63 crosses v1's 60 at the fourth.
      expect(qualifiedEvents(accountId)[0].payload.scoringSnapshot).toMatchObject({ modelVersion: 'v1', threshold: 60, score: 63 });
    });

    it('activateScoringModel is audited (who — the verified identity —, when, why): v2 ACTIVE, v1 RETIRED; refuses an unknown version, no reason, and re-activating', async () => {
      const activate = (version: string, reason: string) =>
        graphqlRequest(
          service.url,
          `mutation($v: String!, $r: String!) { activateScoringModel(version: $v, reason: $r) { version previousVersion activatedAt actor reason } }`,
          { v: version, r: reason },
        );
      expect((await activate('v9', 'because')).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'version' });
      expect((await activate(V2.version, '  ')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect((await gql<{ scoringModel: { version: string } }>(`{ scoringModel { version } }`)).scoringModel.version).toBe('v1');

      clock.advance(HOUR_MS);
      const reason = 'Q1 recalibration: simulated 65 converts better';
      const done = await activate(V2.version, reason);
      expect(done.data).toEqual({
        activateScoringModel: { version: V2.version, previousVersion: 'v1', activatedAt: clock().toISOString(), actor: 'ops.lead@example.com', reason },
      });
      expect((await activate(V2.version, 'again')).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version' });

      const { scoringModels, modelActivations } = await gql<{ scoringModels: { version: string; status: string; effectiveAt: string }[]; modelActivations: { version: string; actor: string }[] }>(
        `{ scoringModels { version status effectiveAt } modelActivations(first: 10) { version actor } }`,
      );
      expect(scoringModels).toEqual([
        { version: V2.version, status: 'ACTIVE', effectiveAt: clock().toISOString() },
        { version: 'v1', status: 'RETIRED', effectiveAt: '2025-11-24T00:00:00.000Z' },
      ]);
      expect(modelActivations).toEqual([
        { version: V2.version, actor: 'ops.lead@example.com' },
        { version: 'v1', actor: 'revops (initial model)' },
      ]);
    });

    it('the next signal-received from Kafka after the activation is scored under v2 (v1, parsed before, is not used again)', async () => {
      const accountId = acc('after-activation');
      clock.advance(60_000);
      await publishBurst(accountId, 'aa');
      await waitFor(() => qualifiedEvents(accountId).length === 1, { what: 'account-qualified under v2' });
      // No firmographics known (fit 0): 63 after the fourth signal is below v2's 65; the fifth makes 72.
      expect(qualifiedEvents(accountId)[0].payload.scoringSnapshot).toMatchObject({ modelVersion: V2.version, threshold: 65, score: 72 });
      expect(await explain(accountId)).toMatchObject({ modelVersion: V2.version, threshold: 65, score: 72 });

      // An account scored under v1 has its sums rebuilt from its signals at its first evaluation under v2.
      const earlier = acc('before-activation');
      const formFill = { signalId: sig('ba-form'), accountId: earlier, contactEmail: null, signalType: 'FORM_FILL' as const, occurredAt: clock().toISOString(), source: 'website', detail: null };
      await bus.publish([toMessage(createEvent('signal-received', formFill, { aggregateId: earlier, producer: 'marketing-tools' }))]);
      const rescored = await waitFor(async () => {
        const e = await explain(earlier);
        return e?.modelVersion === V2.version && e.signalsCounted === 6 && e;
      }, { what: 'the v1 account rescored under v2' });
      const [row] = await service.dataSource.query(`SELECT score::float8 AS score, model_version FROM account_score WHERE account_id = $1`, [earlier]);
      expect(row).toEqual({ score: rescored.score, model_version: V2.version });
      expect(await service.dataSource.query(`SELECT signal_type, signal_count FROM account_signal_aggregate WHERE account_id = $1 ORDER BY signal_type`, [earlier])).toEqual([
        { signal_type: 'FORM_FILL', signal_count: 1 },
        { signal_type: 'INTENT_SURGE', signal_count: 1 },
        { signal_type: 'PRICING_PAGE_VISIT', signal_count: 3 },
        { signal_type: 'WEBINAR_ATTENDED', signal_count: 1 },
      ]);
    });
  });

  describe('fit, replay and cooldown under v2', () => {
    const accountId = acc('northwind');
    let qualifiedAt: string;
    let stored: ScoringSnapshot;

    it('scores the firmographic fit as a component: "Fits the ICP: Software, 200–1000 employees, EMEA, +12"', async () => {
      await upsertAccount(accountId, { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' });
      const fitOnly = await waitFor(async () => (await explain(accountId)) ?? false, { what: 'the directory entry' });
      expect(fitOnly).toMatchObject({ score: 12, snapshot: null, firmographicsKnown: true, signalsCounted: 0 });

      clock.advance(60_000);
      const result = await record(burst(accountId, 'nw', ago(1)));
      // each an hour old: intent 24.95 + webinar 19.96 + pricing 26.89 = 71.8, + fit 12 = 83.8 ≥ 65
      expect(result.accounts).toEqual([{ account: { id: accountId }, score: 83.8, qualified: true, qualifiedByThisBatch: true, coolingDown: false }]);
      const explanation = (await explain(accountId))!;
      expect(explanation.components.map((c) => [c.kind, c.label, c.points])).toEqual([
        ['SIGNAL', 'Pricing-page visits', 26.9],
        ['SIGNAL', 'Intent surge', 24.9],
        ['SIGNAL', 'Webinar attendance', 20],
        ['FIT', 'Firmographic fit', 12],
      ]);
      expect(explanation.components[3]).toMatchObject({ signalType: null, evidence: 'Fits the ICP: Software, 200–1000 employees, EMEA, +12', signalIds: [] });
      expect(explanation).toMatchObject({ modelVersion: V2.version, threshold: 65, score: 83.8, atOrAboveThreshold: true, signalsCounted: 5 });
      qualifiedAt = clock().toISOString();
    });

    it('replay: the past score recomputed at the qualification instant equals the stored snapshot, after late signals and a firmographics change', async () => {
      await waitFor(() => qualifiedEvents(accountId).length === 1, { what: 'account-qualified under v2' });
      const event = qualifiedEvents(accountId)[0];
      expect(event.payload).toMatchObject({ qualifiedAt, scoringSnapshot: { score: 83.8, modelVersion: V2.version, threshold: 65 } });
      const { _entities } = await gql<{ _entities: { qualifications: { qualificationId: string; qualifiedAt: string; modelVersion: string; score: number; snapshot: ScoringSnapshot }[] }[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { qualifications { qualificationId qualifiedAt modelVersion score snapshot { ${SNAPSHOT} } } } } }`,
        { r: [{ __typename: 'Account', id: accountId }] },
      );
      const [q] = _entities[0].qualifications;
      expect(q).toMatchObject({ qualificationId: event.payload.qualificationId, qualifiedAt, modelVersion: V2.version, score: 83.8 });
      expect(q.snapshot).toEqual(event.payload.scoringSnapshot);
      stored = q.snapshot;

      // Later: a late signal dated before the qualification, a new one, and the account moves to Retail (fit 12 → 7).
      clock.advance(2 * HOUR_MS);
      await record([
        signal(accountId, 'nw-late', 'EMAIL_REPLY', ago(5), { contactEmail: 'lena.fischer@northwind.example' }),
        signal(accountId, 'nw-new', 'FORM_FILL', ago(0)),
      ]);
      await upsertAccount(accountId, { industry: 'Retail', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' });
      await waitFor(async () => (await explain(accountId))!.components.find((c) => c.kind === 'FIT')?.points === 7, { what: 'the Retail firmographics' });

      const replayed = (await explain(accountId, qualifiedAt))!;
      expect(replayed).toMatchObject({ asOf: qualifiedAt, modelVersion: V2.version, score: 83.8, signalsCounted: 5 });
      expect(replayed.snapshot).toEqual(stored);
      expect(replayed.components.find((c) => c.kind === 'FIT')!.evidence).toBe('Fits the ICP: Software, 200–1000 employees, EMEA, +12');
      // Now the late reply and the form fill count too, with the Retail fit.
      expect((await explain(accountId))!.signalsCounted).toBe(7);
    });

    it('explainScore replays under another version when asked (v1: no fit, threshold 60), and refuses an asOf in the future or before the first model', async () => {
      const underV1 = (await explain(accountId, qualifiedAt, 'v1'))!;
      expect(underV1).toMatchObject({ modelVersion: 'v1', threshold: 60, score: 71.8 });
      expect(underV1.components.some((c) => c.kind === 'FIT')).toBe(false);
      // Before v2 was activated the account had no signals: nothing to explain.
      expect(await explain(accountId, new Date(new Date(qualifiedAt).getTime() - 2 * HOUR_MS).toISOString())).toBeNull();

      const future = await graphqlRequest(service.url, EXPLAIN, { accountId, asOf: new Date(clock().getTime() + 1000).toISOString() });
      expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
      const early = await graphqlRequest(service.url, EXPLAIN, { accountId, asOf: '2025-01-01T00:00:00Z' });
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf', rule: expect.stringContaining('2025-11-24T00:00:00.000Z') });
    });

    it('cooldown: re-armed 20 days later, a new burst reaching the line does not qualify again (coolingDown); after 30 days one does', async () => {
      clock.set(new Date(new Date(qualifiedAt).getTime() + 20 * DAY_MS).toISOString());
      const cooling = await record(burst(accountId, 'nw-d20', ago(0)));
      expect(cooling.accounts[0]).toMatchObject({ qualified: false, qualifiedByThisBatch: false, coolingDown: true });
      expect(cooling.accounts[0].score).toBeGreaterThanOrEqual(65);

      clock.set(new Date(new Date(qualifiedAt).getTime() + 31 * DAY_MS).toISOString());
      const again = await record(burst(accountId, 'nw-d31', ago(0)));
      expect(again.accounts[0]).toMatchObject({ qualified: true, qualifiedByThisBatch: true, coolingDown: false });
      await waitFor(() => qualifiedEvents(accountId).length === 2, { what: 'the second qualification after the cooldown' });
      expect(qualifiedEvents(accountId)[1].payload.qualifiedAt).toBe(clock().toISOString());
    });
  });

  describe('simulateThreshold on a seeded history', () => {
    // The history of simulation.spec.ts moved to June 2026 (Mon 06-01 … Sun 06-21 = 2026-W23 … W25), recorded
    // late (months after it happened: it counts nothing live, but replays by occurrence time), with verdicts on Kafka.
    const at = (date: string) => `${date}T10:00:00.000Z`;
    const types = (accountId: string, id: string, date: string, list: [string, number][]) =>
      list.flatMap(([type, n]) => Array.from({ length: n }, (_, i) => signal(accountId, `${id}-${type}-${i}`, type, at(date))));
    const BURST: [string, number][] = [
      ['INTENT_SURGE', 1],
      ['WEBINAR_ATTENDED', 1],
      ['PRICING_PAGE_VISIT', 3],
    ];
    const [a, b, c, d, e] = ['sim-a', 'sim-b', 'sim-c', 'sim-d', 'sim-e'].map(acc);
    const verdict = (accountId: string, date: string, reason: PayloadOf<'handoff-rejected'>['reason'] | null) => {
      const base = { feedbackId: randomUUID(), handoffId: randomUUID(), accountId, repId: 'rep-ana', at: `${date}T15:00:00.000Z` };
      return reason === null
        ? createEvent('meeting-booked', base, { aggregateId: accountId, producer: 'feedback-svc' })
        : createEvent('handoff-rejected', { ...base, reason, note: null }, { aggregateId: accountId, producer: 'feedback-svc' });
    };
    const SIMULATE = `query($v: String!, $t: Float!, $from: Date!, $to: Date!) {
      simulateThreshold(modelVersion: $v, threshold: $t, from: $from, to: $to) {
        modelVersion from to accountsReplayed signalsReplayed method
        candidate { threshold qualifications accounts meetings rejections withoutOutcome conversionRate rejectionRate rejectionsByReason { reason count rate } }
        current { threshold qualifications accounts meetings rejections withoutOutcome conversionRate rejectionRate rejectionsByReason { reason count rate } }
        weeks { week startsOn candidate { qualifications meetings rejections } current { qualifications meetings rejections conversionRate } }
      }
    }`;
    type Simulation = { modelVersion: string; accountsReplayed: number; signalsReplayed: number; method: string; candidate: Outcome; current: Outcome; weeks: { week: string; startsOn: string; candidate: Partial<Outcome>; current: Partial<Outcome> }[] };
    const simulate = (vars: Record<string, unknown>) => gql<{ simulateThreshold: Simulation }>(SIMULATE, vars).then((r) => r.simulateThreshold);

    it('70 against v1’s 60, by hand: 3 vs 5 qualifications, conversion 66.67% vs 40%, rejection 33.33% vs 40%, per ISO week', async () => {
      await record([
        ...types(a, 'a1', '2026-06-01', [['INTENT_SURGE', 1], ['WEBINAR_ATTENDED', 1], ['PRICING_PAGE_VISIT', 2]]),
        ...types(a, 'a2', '2026-06-03', [['FORM_FILL', 1]]),
        ...types(e, 'e1', '2026-05-19', BURST),
        ...types(e, 'e2', '2026-06-02', BURST),
        ...types(b, 'b1', '2026-06-09', BURST),
        ...types(c, 'c1', '2026-06-10', [['INTENT_SURGE', 1], ['EMAIL_REPLY', 1], ['FORM_FILL', 1], ['PRICING_PAGE_VISIT', 1]]),
        ...types(d, 'd1', '2026-06-16', [['WEBINAR_ATTENDED', 1], ['EMAIL_REPLY', 1], ['FORM_FILL', 1], ['PRODUCT_PAGE_VISIT', 3]]),
      ]);
      const meetingB = verdict(b, '2026-06-11', null);
      await bus.publish(
        [
          verdict(a, '2026-06-02', 'NO_BUDGET_OR_TIMING'),
          verdict(e, '2026-05-20', 'NO_NEED'),
          verdict(e, '2026-06-04', null),
          meetingB,
          meetingB, // delivered twice: counted once
          verdict(c, '2026-06-11', 'NO_FIT'),
        ].map(toMessage),
      );
      const vars = { v: 'v1', t: 70, from: '2026-06-01', to: '2026-06-21' };
      const result = await waitFor(async () => {
        const r = await simulate(vars);
        return r.current.meetings === 2 && r.current.rejections === 2 && r;
      }, { what: 'the feedback verdicts in the simulation' });

      expect(result).toMatchObject({ modelVersion: 'v1', accountsReplayed: 5, signalsReplayed: 30 });
      // Six deliveries, five events: the meeting delivered twice is stored once.
      expect(await service.dataSource.query(`SELECT kind, count(*)::int AS n FROM feedback_outcome GROUP BY kind ORDER BY kind`)).toEqual([
        { kind: 'HANDOFF_REJECTED', n: 3 },
        { kind: 'MEETING_BOOKED', n: 2 },
      ]);
      expect(result.current).toEqual({
        threshold: 60,
        qualifications: 5,
        accounts: 5,
        meetings: 2,
        rejections: 2,
        withoutOutcome: 1,
        conversionRate: 0.4,
        rejectionRate: 0.4,
        rejectionsByReason: [
          { reason: 'NO_BUDGET_OR_TIMING', count: 1, rate: 0.2 },
          { reason: 'NO_FIT', count: 1, rate: 0.2 },
        ],
      });
      expect(result.candidate).toEqual({
        threshold: 70,
        qualifications: 3,
        accounts: 3,
        meetings: 2,
        rejections: 1,
        withoutOutcome: 0,
        conversionRate: 0.6667,
        rejectionRate: 0.3333,
        rejectionsByReason: [{ reason: 'NO_BUDGET_OR_TIMING', count: 1, rate: 0.3333 }],
      });
      expect(result.weeks).toEqual([
        { week: '2026-W23', startsOn: '2026-06-01', candidate: { qualifications: 2, meetings: 1, rejections: 1 }, current: { qualifications: 2, meetings: 1, rejections: 1, conversionRate: 0.5 } },
        { week: '2026-W24', startsOn: '2026-06-08', candidate: { qualifications: 1, meetings: 1, rejections: 0 }, current: { qualifications: 2, meetings: 1, rejections: 1, conversionRate: 0.5 } },
        { week: '2026-W25', startsOn: '2026-06-15', candidate: { qualifications: 0, meetings: 0, rejections: 0 }, current: { qualifications: 1, meetings: 0, rejections: 0, conversionRate: 0 } },
      ]);
      expect(result.method).toMatch(/^Replays every matched signal from 90 days before from/);
      // The late history qualified nobody live (it was months old when recorded).
      expect(outbound.filter((ev) => ev.type === 'account-qualified' && [a, b, c, d, e].includes(ev.aggregateId))).toEqual([]);
    });

    it('reads the history for a replay a page at a time without losing or repeating an account or a signal', async () => {
      const read = async (pageRows: number) => {
        const out: [string, number][] = [];
        for await (const [accountId, list] of signalsForReplay(service.dataSource.manager, new Date('2026-03-01T00:00:00Z'), new Date('2026-06-30T00:00:00Z'), pageRows)) {
          out.push([accountId, list.length]);
          expect(list.map((x) => x.occurredAt.getTime())).toEqual([...list.map((x) => x.occurredAt.getTime())].sort((p, q) => p - q));
        }
        return out;
      };
      const whole = await read(100_000);
      expect(whole.map(([id]) => id)).toEqual([a, b, c, d, e].sort());
      expect(whole.reduce((n, [, k]) => n + k, 0)).toBe(30);
      for (const pageRows of [1, 4, 7]) expect(await read(pageRows)).toEqual(whole);
    });

    it('refuses a threshold at or below the re-arm margin, a reversed range and an unknown version', async () => {
      const ask = (vars: Record<string, unknown>) => graphqlRequest(service.url, SIMULATE, { v: 'v1', t: 70, from: '2026-06-01', to: '2026-06-21', ...vars });
      expect((await ask({ t: 10 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'threshold', rule: "must be above the model's re-arm margin (10)" });
      expect((await ask({ from: '2026-06-22' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
      expect((await ask({ v: 'v0' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'modelVersion' });
    });
  });
});
