import { KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { SIGNAL_TYPES } from '@handoff-graph/contracts';
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
  type FuzzVariables,
  type TestSchema,
} from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoringEntities, scoringMigrations, startScoringService } from './service';

/**
 * Every mutation of scoring-svc's schema, fed generated bad and borderline variables as OPS (so
 * authorization does not mask validation): the service answers every request with a clean refusal
 * (allowed code, message, field and rule) or a success, and a refused request stores nothing.
 * A new mutation needs a valid example below (the first test fails until it has one).
 */

const clock = manualClock('2026-11-24T09:00:00.000Z');
/** Drafts to activate: each activation uses one up (activating the active version is a CONFLICT). */
const DRAFTS = Array.from({ length: 4 }, (_, i) => `v-fuzz-draft-${i}`);
const VARIANTS = 10;

const model = (version: string): Record<string, unknown> => ({
  version,
  description: 'fuzz baseline',
  threshold: 60,
  rearmMargin: 10,
  cooldownDays: 7,
  rules: SIGNAL_TYPES.map((signalType) => ({ signalType, points: 10, halfLifeDays: 14, capPoints: 30 })),
  fit: { capPoints: 10, industries: [{ industry: 'Software', points: 5 }], employeeBands: [{ minEmployees: 200, maxEmployees: 1000, points: 3 }], regions: [{ region: 'EMEA', points: 2 }] },
});

/** Valid variables per mutation, each accepted as is (the fuzzer breaks one part at a time). */
const EXAMPLES: Record<string, FuzzVariables | FuzzVariables[]> = {
  recordSignals: {
    signals: [
      {
        signalId: 'sig-fuzz-1',
        accountId: 'acc-fuzz',
        contactEmail: 'lena@fuzz.example',
        signalType: 'PRICING_PAGE_VISIT',
        occurredAt: '2026-11-24T08:00:00.000Z',
        source: 'website',
        detail: '/pricing',
      },
    ],
  },
  createScoringModel: Array.from({ length: VARIANTS }, (_, i) => ({ input: model(`v-fuzz-new-${i}`) })),
  activateScoringModel: DRAFTS.map((version) => ({ version, reason: 'fuzz: activate the draft' })),
};

describe('scoring-svc mutations under generated bad input (PostgreSQL, Kafka)', () => {
  const sdl = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');
  const targets = mutationFuzzTargets(sdl, { examples: EXAMPLES });
  const ops = () => asIdentity(TEST_IDENTITIES.OPS);
  let db: TestSchema;
  let bus: EventBus;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestSchema('scoring_fuzz');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'scoring-fuzz-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: db.url, schema: db.schema, entities: scoringEntities, migrations: scoringMigrations });
    service = await startScoringService({
      dataSource,
      bus,
      port: 0,
      clock,
      logger: createLogger('scoring-svc', 'error'),
      auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true },
    });
    for (const draft of DRAFTS) await graphqlData(service.url, `mutation($i: ScoringModelInput!) { createScoringModel(input: $i) { version } }`, { i: model(draft) }, ops());
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await db?.drop();
  });

  /** Row count and checksum of every table of the service's schema (outbox and inbox included). */
  const footprint = () => schemaFootprint((sql, params) => service.dataSource.query(sql, params), db.schema);

  it('refuses text PostgreSQL cannot store (NUL, an unpaired surrogate) naming the field — one signal of a batch, or the whole model', async () => {
    const signal = (EXAMPLES.recordSignals as FuzzVariables).signals as Record<string, unknown>[];
    const batch = await graphqlData<{ recordSignals: { accepted: number; signals: { status: string; field: string | null; rule: string | null }[] } }>(
      service.url,
      `mutation($s: [SignalInput!]!) { recordSignals(signals: $s) { accepted signals { status field rule } } }`,
      { s: [{ ...signal[0], signalId: `sig-nul-ok-${randomUUID()}` }, { ...signal[0], signalId: `sig-nul-${randomUUID()}`, source: 'web\u0000site' }] },
      ops(),
    );
    expect(batch.recordSignals.accepted).toBe(1);
    expect(batch.recordSignals.signals[1]).toEqual({ status: 'REJECTED', field: 'signals.1.source', rule: expect.stringContaining('NUL') });
    const before = await footprint();
    const created = await graphqlRequest(service.url, `mutation($i: ScoringModelInput!) { createScoringModel(input: $i) { version } }`, { i: { ...model('v-fuzz-nul'), description: 'Q1 \uD800' } }, ops());
    expect(created.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.description', rule: expect.stringContaining('surrogate') })]);
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
    const data = await graphqlData<{ recordSignals: { accepted: number } }>(
      service.url,
      `mutation($s: [SignalInput!]!) { recordSignals(signals: $s) { accepted } }`,
      { s: [{ ...((EXAMPLES.recordSignals as FuzzVariables).signals as object[])[0], signalId: `sig-after-${randomUUID()}` }] },
      ops(),
    );
    expect(data.recordSignals.accepted).toBe(1);
  });
});
