import { ROLES, signIdentityHeaders, type Role } from '@handoff-graph/auth';
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
  graphqlData,
  graphqlRequest,
  testKafkaBrokers,
  type GraphQLResponse,
  type TestSchema,
} from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import matrix from '../authorization-matrix.json';
import { scoringEntities, scoringMigrations, startScoringService } from './service';

type Access = 'ALL' | 'OWN' | 'TEAM' | 'NONE';
interface Row {
  operation: string;
  kind: 'query' | 'mutation' | 'entity' | 'http';
  access: Record<Role, Access>;
  note: string;
}
const rows = matrix as Row[];

const clock = manualClock('2026-11-24T09:00:00.000Z');
const run = randomUUID().slice(0, 8);
const ago = (hours: number) => new Date(clock().getTime() - hours * 3_600_000).toISOString();
/**
 * Two accounts that, in handoff-svc's terms, belong to different reps and teams: Northwind (Ana, EMEA
 * — the REP and MANAGER identities' team) qualifies; Globex (Carla, North America) does not. Scores
 * are about the account, so every score reader reads both (ALL); PARTNER neither.
 */
const NORTHWIND = `acc-northwind-${run}`;
const GLOBEX = `acc-globex-${run}`;
const ACCOUNTS = [NORTHWIND, GLOBEX];
const UNMATCHED_DOMAIN = `nobody-${run}.example`;
const DRAFT = `v-authz-${run}`;
const V1_RULES: Record<string, [number, number, number]> = {
  INTENT_SURGE: [25, 14, 25],
  PRICING_PAGE_VISIT: [9, 7, 30],
  PRODUCT_PAGE_VISIT: [4, 7, 16],
  CONTENT_DOWNLOAD: [6, 14, 18],
  WEBINAR_ATTENDED: [20, 14, 20],
  EMAIL_REPLY: [15, 10, 30],
  FORM_FILL: [15, 14, 15],
  TRIAL_ACTIVITY: [12, 7, 36],
};
const modelInput = (version: string) => ({
  version,
  description: 'v1 again, for the authorization test',
  threshold: 60,
  rearmMargin: 10,
  cooldownDays: 0,
  rules: SIGNAL_TYPES.map((signalType) => {
    const [points, halfLifeDays, capPoints] = V1_RULES[signalType];
    return { signalType, points, halfLifeDays, capPoints };
  }),
});
const signal = (id: string, over: Record<string, unknown>) => ({ signalId: `sig-${id}-${run}`, signalType: 'PRICING_PAGE_VISIT', occurredAt: ago(1), source: 'website', ...over });

/** One call of an operation: `account` for the account rows (each is tried on both accounts), `key` unique per call. */
interface Call {
  account: string;
  key: string;
}
interface Probe {
  /** A GET endpoint beside /graphql (kind http) instead of a GraphQL operation. */
  get?: string;
  query: string;
  variables?: (c: Call) => Record<string, unknown>;
  /** Account rows run once per seeded account. */
  perAccount?: boolean;
  /** What a permitted call must return. */
  proves: (data: Record<string, unknown>, c: Call) => void;
}
const entity = (selection: string): Pick<Probe, 'query' | 'variables' | 'perAccount'> => ({
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id ${selection} } } }`,
  variables: (c) => ({ r: [{ __typename: 'Account', id: c.account }] }),
  perAccount: true,
});

/** How each row of the matrix is exercised over HTTP. */
const PROBES: Record<string, Probe> = {
  'Query.scoringModel': {
    query: `{ scoringModel(version: "v1") { version rules { signalType } author } }`,
    proves: (d) => expect(d).toMatchObject({ scoringModel: { version: 'v1', author: 'revops (initial model)' } }),
  },
  'Query.scoringModels': {
    query: `{ scoringModels { version status } }`,
    proves: (d) => expect(d.scoringModels).toEqual(expect.arrayContaining([expect.objectContaining({ version: 'v1' })])),
  },
  'ScoringModel.activations': {
    query: `{ scoringModel(version: "v1") { version activations { version actor reason } } }`,
    proves: (d) => expect(d).toMatchObject({ scoringModel: { activations: [{ version: 'v1', actor: 'revops (initial model)', reason: 'initial model' }] } }),
  },
  'Query.modelActivations': {
    query: `{ modelActivations(first: 10) { version actor } }`,
    proves: (d) => expect(d.modelActivations).toEqual(expect.arrayContaining([{ version: 'v1', actor: 'revops (initial model)' }])),
  },
  'Query.explainScore': {
    query: `query($a: ID!) { explainScore(accountId: $a) { account { id } score signalsCounted components { label } } }`,
    variables: (c) => ({ a: c.account }),
    perAccount: true,
    proves: (d, c) => expect(d).toMatchObject({ explainScore: { account: { id: c.account }, score: expect.any(Number), signalsCounted: expect.any(Number) } }),
  },
  'Query.unmatchedSignals': {
    query: `{ unmatchedSignals(first: 500) { total signals { signalId referenceKind reference } } }`,
    proves: (d) =>
      expect((d.unmatchedSignals as { signals: unknown[] }).signals).toContainEqual({ signalId: `sig-unmatched-${run}`, referenceKind: 'DOMAIN', reference: UNMATCHED_DOMAIN }),
  },
  'Query.simulateThreshold': {
    query: `{ simulateThreshold(modelVersion: "v1", threshold: 70, from: "2026-11-16", to: "2026-11-24") { modelVersion current { threshold qualifications } candidate { threshold } } }`,
    proves: (d) =>
      expect(d).toMatchObject({ simulateThreshold: { modelVersion: 'v1', current: { threshold: 60, qualifications: expect.any(Number) }, candidate: { threshold: 70 } } }),
  },
  'Mutation.recordSignals': {
    query: `mutation($s: [SignalInput!]!) { recordSignals(signals: $s) { accepted signals { signalId status } } }`,
    variables: (c) => ({ s: [signal(`record-${c.key}`, { accountId: GLOBEX, signalType: 'PRODUCT_PAGE_VISIT' })] }),
    proves: (d, c) => expect(d).toEqual({ recordSignals: { accepted: 1, signals: [{ signalId: `sig-record-${c.key}-${run}`, status: 'ACCEPTED' }] } }),
  },
  'Mutation.createScoringModel': {
    query: `mutation($i: ScoringModelInput!) { createScoringModel(input: $i) { version status author } }`,
    variables: (c) => ({ i: modelInput(`v-${c.key}`) }),
    // The author is the verified identity: there is no actor argument to claim another.
    proves: (d, c) => expect(d).toEqual({ createScoringModel: { version: `v-${c.key}`, status: 'DRAFT', author: TEST_IDENTITIES.OPS.subject } }),
  },
  'Mutation.activateScoringModel': {
    query: `mutation($v: String!) { activateScoringModel(version: $v, reason: "authorization test: v1 again") { version previousVersion actor reason } }`,
    variables: () => ({ v: DRAFT }),
    proves: (d) =>
      expect(d).toEqual({ activateScoringModel: { version: DRAFT, previousVersion: 'v1', actor: TEST_IDENTITIES.OPS.subject, reason: 'authorization test: v1 again' } }),
  },
  'Entity.Account': {
    ...entity(''),
    proves: (d, c) => expect(d).toEqual({ _entities: [{ id: c.account }] }),
  },
  'Account.scoringSnapshot': {
    ...entity('scoringSnapshot { score contributors { label } }'),
    proves: (d, c) => expect(d).toMatchObject({ _entities: [{ id: c.account, scoringSnapshot: { score: expect.any(Number) } }] }),
  },
  'Account.qualified': {
    ...entity('qualified'),
    proves: (d, c) => expect(d).toEqual({ _entities: [{ id: c.account, qualified: c.account === NORTHWIND }] }),
  },
  'Account.qualifications': {
    ...entity('qualifications(first: 5) { modelVersion threshold }'),
    proves: (d, c) => expect(d).toEqual({ _entities: [{ id: c.account, qualifications: c.account === NORTHWIND ? [{ modelVersion: 'v1', threshold: 60 }] : [] }] }),
  },
  'Query._service': {
    query: `{ _service { sdl } }`,
    proves: (d) => expect((d._service as { sdl: string }).sdl).toContain('scoringSnapshot'),
  },
  'GET /health': { get: '/health', query: '', proves: (d) => expect(d.status).toBe(200) },
  'GET /ready': { get: '/ready', query: '', proves: (d) => expect(d).toMatchObject({ status: 200, body: { ready: true } }) },
};

describe('scoring-svc authorization: every row of authorization-matrix.json, for every role, over PostgreSQL and Kafka', () => {
  let db: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  let calls = 0;

  const request = (probe: Probe, c: Call, headers: Record<string, string>) => graphqlRequest<Record<string, unknown>>(service.url, probe.query, probe.variables?.(c) ?? {}, headers);
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(new URL(path, service.url), { headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  /** Signed per request, as the gateway does (a signature is fresh for five minutes). */
  const as = (role: Role) => asIdentity(TEST_IDENTITIES[role]);
  /** Everything a refused call could have written. */
  const footprint = () =>
    service.dataSource.query(
      `SELECT (SELECT count(*) FROM signal) AS signals, (SELECT count(*) FROM scoring_model) AS models,
              (SELECT count(*) FROM model_activation) AS activations, (SELECT count(*) FROM outbox) AS events,
              (SELECT version FROM scoring_model WHERE active) AS active`,
    );

  beforeAll(async () => {
    db = await createTestSchema('scoring_authz');
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
    // Seeded as OPS: Northwind qualifies (intent 25 + webinar 20 + 3 pricing visits 27, an hour old: 71.8 ≥ 60),
    // Globex gets one pricing visit (9.0), and a signal by an unknown domain waits UNMATCHED.
    const seeded = await graphqlData<{ recordSignals: { accepted: number; unmatched: number; accounts: { account: { id: string }; qualified: boolean }[] } }>(
      service.url,
      `mutation($s: [SignalInput!]!) { recordSignals(signals: $s) { accepted unmatched accounts { account { id } qualified } } }`,
      {
        s: [
          signal('nw-intent', { accountId: NORTHWIND, signalType: 'INTENT_SURGE', source: 'bombora' }),
          signal('nw-webinar', { accountId: NORTHWIND, signalType: 'WEBINAR_ATTENDED', contactEmail: 'lena.fischer@northwind.example' }),
          signal('nw-p1', { accountId: NORTHWIND }),
          signal('nw-p2', { accountId: NORTHWIND }),
          signal('nw-p3', { accountId: NORTHWIND }),
          signal('gx-p1', { accountId: GLOBEX, contactEmail: 'hank.scorpio@globex.example' }),
          signal('unmatched', { domain: UNMATCHED_DOMAIN }),
        ],
      },
      as('OPS'),
    );
    expect(seeded.recordSignals).toMatchObject({ accepted: 6, unmatched: 1 });
    expect(seeded.recordSignals.accounts.map((a) => [a.account.id, a.qualified]).sort()).toEqual([[GLOBEX, false], [NORTHWIND, true]].sort());
    await graphqlData(service.url, `mutation($i: ScoringModelInput!) { createScoringModel(input: $i) { version } }`, { i: modelInput(DRAFT) }, as('OPS'));
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await db?.drop();
  });

  it('has a probe for every row of the matrix, and a row for every probe', () => {
    expect(Object.keys(PROBES).sort()).toEqual(rows.map((r) => r.operation).sort());
  });

  it.each(rows.flatMap((r) => ROLES.map((role) => [r.operation, role, r.access[role]] as const)))('%s as %s: %s', async (operation, role, access) => {
    const probe = PROBES[operation];
    const row = rows.find((r) => r.operation === operation)!;
    for (const account of probe.perAccount ? ACCOUNTS : [NORTHWIND]) {
      const c = { account, key: `${role.toLowerCase()}-${++calls}-${run}` };
      if (probe.get) {
        if (access !== 'ALL') throw new Error(`${operation}: only open probes are served beside /graphql`);
        probe.proves(await get(probe.get, as(role)), c);
      } else if (access === 'ALL') {
        const body = await request(probe, c, as(role));
        expect(body.errors).toBeUndefined();
        probe.proves(body.data!, c);
      } else if (access === 'NONE') {
        const before = await footprint();
        const body = await request(probe, c, as(role));
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(body.errors![0].message).toMatch(new RegExp(`you are ${role}$`));
        // Entities: this one is null (FORBIDDEN), not the batch. Else the root field is null (or, being non-null, all data).
        if (row.kind === 'entity') expect(body.data).toEqual({ _entities: [null] });
        else expect(Object.values(body.data ?? {}).filter((v) => v !== null)).toEqual([]);
        expect(await footprint()).toEqual(before);
      } else {
        throw new Error(`${operation}: ${access} cannot be checked here — scoring-svc keeps no ownership`);
      }
    }
  });

  it.each(rows.filter((r) => r.kind !== 'http').map((r) => [r.operation]))('%s without an identity: UNAUTHENTICATED, nothing written', async (operation) => {
    const probe = PROBES[operation];
    const before = await footprint();
    const body: GraphQLResponse<unknown> = await request(probe, { account: NORTHWIND, key: `anonymous-${++calls}-${run}` }, {});
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(body.data ?? null).toBeNull();
    expect(await footprint()).toEqual(before);
  });

  it.each(rows.filter((r) => r.kind === 'http').map((r) => [r.operation]))('%s without an identity: served (a probe carries no data)', async (operation) => {
    expect((await get(PROBES[operation].get!, {})).status).toBe(200);
  });

  it('refuses an identity signed with another secret, or an old signature (UNAUTHENTICATED)', async () => {
    const forged = await graphqlRequest(service.url, `{ scoringModel { version } }`, {}, asIdentity(TEST_IDENTITIES.OPS, 'not-the-gateway-secret-at-all'));
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(forged.errors?.[0].message).toMatch(/signature/);
    const old = signIdentityHeaders(TEST_IDENTITIES.OPS, TEST_GATEWAY_SECRET, new Date(Date.now() - 10 * 60_000));
    const stale = await graphqlRequest(service.url, `{ scoringModel { version } }`, {}, old);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(stale.errors?.[0].message).toMatch(/expired/);
  });

  it('checks the role before the input: a REP with an invalid model, or a MANAGER with an empty batch, learns nothing but FORBIDDEN', async () => {
    const model = await graphqlRequest(service.url, `mutation($i: ScoringModelInput!) { createScoringModel(input: $i) { version } }`, { i: { ...modelInput('v!'), threshold: 0 } }, as('REP'));
    expect(model.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
    const batch = await graphqlRequest(service.url, `mutation { recordSignals(signals: []) { accepted } }`, {}, as('MANAGER'));
    expect(batch.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
  });

  it('a REP reading a model with its audit trail is refused on that field, not given an empty trail', async () => {
    const body = await graphqlRequest(service.url, `{ scoringModel { version status effectiveAt activations { actor } } }`, {}, as('REP'));
    expect(body.errors).toEqual([expect.objectContaining({ path: ['scoringModel', 'activations'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    const without = await graphqlData<{ scoringModel: { status: string; effectiveAt: string } }>(service.url, `{ scoringModel { version status effectiveAt } }`, {}, as('REP'));
    expect(without.scoringModel).toMatchObject({ status: 'ACTIVE', effectiveAt: expect.any(String) });
  });
});
