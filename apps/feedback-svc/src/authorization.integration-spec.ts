import type { Identity } from '@handoff-graph/auth';
import { KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, toMessage, type EventEnvelope, type OwnerAssignment, type RepRef } from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import type { RunningService } from '@handoff-graph/runtime';
import {
  TEST_GATEWAY_SECRET,
  TEST_IDENTITIES,
  asIdentity,
  createTestSchema,
  graphqlRequest,
  testKafkaBrokers,
  waitFor,
  type GraphQLResponse,
  type TestSchema,
} from '@handoff-graph/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import matrix from '../authorization-matrix.json';
import { WEEKLY_METRICS_CSV_PATH } from './http/weekly-metrics-csv.route';
import { feedbackEntities, feedbackMigrations, startFeedbackService } from './service';

/**
 * The authorization matrix (authorization-matrix.json → the root README), row by row and role by
 * role, against the real service over PostgreSQL and Kafka, called the way the gateway calls it
 * (a signed identity). The identities are TEST_IDENTITIES: Ana (REP, EMEA), Mara (MANAGER of EMEA),
 * ops, a partner tool. Seeded from handoff-events, all delivered Tue 24 Nov 2026 (2026-W48), in sets
 * of three handoffs — one set per feedback mutation (each piece of feedback is once per handoff) and
 * one for the reads:
 *   ana   owner rep-ana (EMEA), backup rep-ben      — the REP's own; the MANAGER's team's
 *   mara  owner rep-ben (EMEA), backup rep-mara     — the MANAGER's own; a teammate's for the REP
 *   carla owner rep-carla (North America), backup rep-dev — another team's
 * For each role a row is probed on its `own`, its `team` and an `other` item: ALL succeeds on the
 * other team's item; TEAM on its own and team's item and is refused (FORBIDDEN) or filtered on the
 * other; OWN on its own only; NONE is FORBIDDEN, even on its own item, and stores nothing. Without an identity every row is
 * UNAUTHENTICATED (HTTP: 401).
 */
type Role = keyof typeof TEST_IDENTITIES;
type Access = 'ALL' | 'OWN' | 'TEAM' | 'NONE';
type Target = 'own' | 'team' | 'other';
type Slot = 'ana' | 'mara' | 'carla';
type Data = Record<string, unknown>;
interface Row {
  operation: string;
  kind: 'query' | 'mutation' | 'entity' | 'http';
  access: Record<Role, Access>;
  note?: string;
}
/** One answer, reduced to what the matrix speaks about. */
type Outcome = { ok: true; shows: boolean } | { ok: false; code: unknown; field?: unknown };
interface Probe {
  run(as: Identity | null, target: Slot): Promise<Outcome>;
  /** Mutations: state a refused call must leave as it was. */
  state?(target: Slot): Promise<unknown>;
  /** Whether a success consumes something (feedback is once per handoff): then ALL is probed on `other` only. */
  once?: boolean;
}

const ROLES: Role[] = ['REP', 'MANAGER', 'OPS', 'PARTNER'];
const rows = matrix as Row[];
const clock = manualClock('2026-12-02T12:00:00.000Z'); // Wed of 2026-W49: 2026-W48 has closed
const DELIVERED = '2026-11-24T10:00:00.000Z';
const WEEK = '2026-W48';

const ref = (repId: string, name: string, team: string): RepRef => ({ repId, name, email: `${repId}@example.com`, role: 'SDR', team, timezone: 'UTC' });
const REPS = {
  ana: ref('rep-ana', 'Ana Ortiz', 'EMEA'),
  ben: ref('rep-ben', 'Ben Okafor', 'EMEA'),
  mara: ref('rep-mara', 'Mara Lind', 'EMEA'),
  carla: ref('rep-carla', 'Carla Reyes', 'North America'),
  dev: ref('rep-dev', 'Dev Patel', 'North America'),
};
const PARTIES: Record<Slot, { owner: RepRef; backup: RepRef }> = {
  ana: { owner: REPS.ana, backup: REPS.ben },
  mara: { owner: REPS.ben, backup: REPS.mara },
  carla: { owner: REPS.carla, backup: REPS.dev },
};
/** Each role's own, team and other item. OPS has no own item: it is probed on the others. */
const TARGETS: Record<Role, Record<Target, Slot>> = {
  REP: { own: 'ana', team: 'mara', other: 'carla' },
  MANAGER: { own: 'mara', team: 'ana', other: 'carla' },
  OPS: { own: 'carla', team: 'ana', other: 'carla' },
  PARTNER: { own: 'ana', team: 'mara', other: 'carla' },
};
const SETS = ['Mutation.acceptHandoff', 'Mutation.recordFirstTouch', 'Mutation.recordMeeting', 'Mutation.rejectHandoff', 'read'] as const;
type SetName = (typeof SETS)[number];
const handoffs = Object.fromEntries(SETS.map((s) => [s, { ana: randomUUID(), mara: randomUUID(), carla: randomUUID() }])) as Record<SetName, Record<Slot, string>>;

let schema: TestSchema;
let bus: EventBus;
let service: RunningService;

const sql = <T = Data>(query: string, params: unknown[] = []) => service.dataSource.query(query, params) as Promise<T[]>;
const call = (query: string, variables: Data, as: Identity | null) => graphqlRequest<Data>(service.url, query, variables, as ? asIdentity(as) : {});
function outcome(r: GraphQLResponse<Data>, shows: (data: Data) => boolean): Outcome {
  if (r.errors?.length) return { ok: false, code: r.errors[0].extensions?.code, field: r.errors[0].extensions?.field };
  return { ok: true, shows: shows(r.data ?? {}) };
}
const csvUrl = (query: string) => service.url.replace(/\/graphql$/, `${WEEKLY_METRICS_CSV_PATH}${query}`);
/** The runtime's probes need no identity (none is sent): they carry no data. */
async function probeGet(path: string, shows: (body: string) => boolean = () => true): Promise<Outcome> {
  const res = await fetch(service.url.replace(/\/graphql$/, path));
  const body = await res.text();
  return res.status === 200 ? { ok: true, shows: shows(body) } : { ok: false, code: res.status };
}
/** Rows that need no identity at all. */
const OPEN_ROUTES = ['GET /health', 'GET /ready'];

function handoffEvents(handoffId: string, slot: Slot, n: number): EventEnvelope[] {
  const accountId = `acc-authz-${slot}-${n}`;
  const { owner, backup } = PARTIES[slot];
  const assignment: OwnerAssignment = {
    owner,
    backup,
    territoryId: `terr-${owner.team.toLowerCase().replace(/\W+/g, '-')}`,
    territoryName: owner.team,
    explanation: `${owner.name} owns it, ${backup.name} backs up.`,
  };
  const example = EVENT_EXAMPLES['handoff-created'];
  return [
    createEvent(
      'handoff-created',
      { ...example, handoffId, qualificationId: randomUUID(), createdAt: DELIVERED, account: { ...example.account, accountId }, ownerAssignment: assignment },
      { aggregateId: accountId, producer: 'handoff-svc' },
    ),
    createEvent(
      'handoff-delivered',
      { ...EVENT_EXAMPLES['handoff-delivered'], handoffId, accountId, ownerRepId: owner.repId, backupRepId: backup.repId, deliveredAt: DELIVERED, queueDate: DELIVERED.slice(0, 10) },
      { aggregateId: accountId, producer: 'handoff-svc' },
    ),
  ];
}

const feedbackCount = async (handoffId: string) => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM feedback WHERE handoff_id = $1', [handoffId]))[0].n);
const outboxCount = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM outbox'))[0].n);

/** A feedback mutation on its own set of handoffs: the acting rep is the viewer (no repId), OPS names the owner. */
function feedbackProbe(operation: SetName, mutation: string, inputType: string, extra: Data): Probe {
  return {
    once: true,
    run: async (as, slot) => {
      const input: Data = { handoffId: handoffs[operation][slot], ...extra, ...(as?.role === 'OPS' ? { repId: PARTIES[slot].owner.repId } : {}) };
      const r = await call(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { id kind repId recordedBy } }`, { i: input }, as);
      return outcome(r, (d) => {
        const f = d[mutation] as { repId: string; recordedBy: string } | undefined;
        // The feedback is the acting rep's, recorded by the signed-in subject.
        return !!f && f.recordedBy === as?.subject && f.repId === (as?.role === 'OPS' ? PARTIES[slot].owner.repId : as?.repId);
      });
    },
    state: async (slot) => [await feedbackCount(handoffs[operation][slot]), await outboxCount()],
  };
}

/** Rows grouped by rep: the target handoff's owner's row is shown or not. */
const REP_ROWS = (d: Data, path: (d: Data) => unknown) => ((path(d) as { rows: { key: string }[] }).rows ?? []).map((r) => r.key);

const PROBES: Record<string, Probe> = {
  'Query.weeklyMetrics': {
    run: async (as, slot) =>
      outcome(await call(`query($w: String!) { weeklyMetrics(week: $w, groupBy: REP) { deliveredCount rows { key } } }`, { w: WEEK }, as), (d) =>
        REP_ROWS(d, (x) => x.weeklyMetrics).includes(PARTIES[slot].owner.repId),
      ),
  },
  'Query.weeklyMetricsTrend': {
    run: async (as, slot) =>
      outcome(await call(`query($w: String!) { weeklyMetricsTrend(weeks: 2, endingWeek: $w, groupBy: REP) { week rows { key } } }`, { w: WEEK }, as), (d) =>
        REP_ROWS(d, (x) => (x.weeklyMetricsTrend as Data[])[1]).includes(PARTIES[slot].owner.repId),
      ),
  },
  'Query.rejectionPatterns': {
    run: async (as) =>
      outcome(await call(`query($w: String!) { rejectionPatterns(week: $w) { week deliveredCount patterns { value } } }`, { w: WEEK }, as), (d) =>
        Boolean((d.rejectionPatterns as Data | undefined)?.week),
      ),
  },
  'Mutation.acceptHandoff': feedbackProbe('Mutation.acceptHandoff', 'acceptHandoff', 'AcceptHandoffInput', {}),
  'Mutation.recordFirstTouch': feedbackProbe('Mutation.recordFirstTouch', 'recordFirstTouch', 'RecordFirstTouchInput', { channel: 'EMAIL' }),
  'Mutation.recordMeeting': feedbackProbe('Mutation.recordMeeting', 'recordMeeting', 'RecordMeetingInput', {}),
  'Mutation.rejectHandoff': feedbackProbe('Mutation.rejectHandoff', 'rejectHandoff', 'RejectHandoffInput', { reason: 'NO_NEED' }),
  'Mutation.publishRejectionPatternReport': {
    run: async (as) =>
      outcome(await call(`mutation($w: String!) { publishRejectionPatternReport(week: $w) { week publishedBySubject } }`, { w: WEEK }, as), (d) =>
        Boolean((d.publishRejectionPatternReport as Data | undefined)?.week),
      ),
    state: async () => [await sql('SELECT week FROM rejection_pattern_report'), await outboxCount()],
  },
  'Entity.Handoff': {
    run: async (as, slot) =>
      outcome(
        await call(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Handoff { id feedback { kind repId } } } }`, { r: [{ __typename: 'Handoff', id: handoffs.read[slot] }] }, as),
        (d) => {
          const [entity] = (d._entities as ({ id: string; feedback: { kind: string }[] } | null)[] | undefined) ?? [];
          return entity?.id === handoffs.read[slot] && entity.feedback.map((f) => f.kind).join() === 'ACCEPTED';
        },
      ),
  },
  'Query._service': {
    run: async (as) => outcome(await call(`{ _service { sdl } }`, {}, as), (d) => ((d._service as { sdl?: string } | undefined)?.sdl ?? '').includes('weeklyMetrics')),
  },
  'GET /health': { run: async () => probeGet('/health') },
  'GET /ready': { run: async () => probeGet('/ready', (body) => (JSON.parse(body) as { ready: boolean }).ready) },
  [`GET ${WEEKLY_METRICS_CSV_PATH}`]: {
    run: async (as, slot) => {
      const res = await fetch(csvUrl(`?from=${WEEK}&to=${WEEK}&groupBy=REP`), { headers: as ? asIdentity(as) : {} });
      const body = await res.text();
      if (res.status !== 200) return { ok: false, code: res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : res.status };
      // group_key is the 6th column.
      const keys = body.split('\r\n').slice(1, -1).map((line) => line.split(',')[5]);
      return { ok: true, shows: keys.includes(PARTIES[slot].owner.repId) };
    },
  },
};

beforeAll(async () => {
  schema = await createTestSchema('feedback_authz');
  bus = withTopicPrefix(new KafkaEventBus({ clientId: 'test', brokers: testKafkaBrokers() }), 'it-' + randomUUID().slice(0, 8));
  const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: feedbackEntities, migrations: feedbackMigrations });
  service = await startFeedbackService(
    { dataSource, bus, port: 0, clock, logger: createLogger('feedback-svc-authz-it', 'error'), auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } },
    { reportCheckEveryMs: 3_600_000 },
  );
  await bus.ensureTopics([Topics.handoffEvents]);
  let n = 0;
  await bus.publish(SETS.flatMap((set) => (['ana', 'mara', 'carla'] as const).flatMap((slot) => handoffEvents(handoffs[set][slot], slot, ++n))).map(toMessage));
  await waitFor(
    async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM handoff_record WHERE delivered_at IS NOT NULL AND territory_id IS NOT NULL'))[0].n) === 15,
    { what: '15 handoffs projected from handoff-events' },
  );
  // What some probes need before they run, recorded by ops for the owner: a first touch before the
  // meetings, and one acceptance on each handoff the entity probe reads.
  const asOps = asIdentity(TEST_IDENTITIES.OPS);
  for (const slot of ['ana', 'mara', 'carla'] as const) {
    const owner = PARTIES[slot].owner.repId;
    for (const [mutation, type, input] of [
      ['recordFirstTouch', 'RecordFirstTouchInput', { handoffId: handoffs['Mutation.recordMeeting'][slot], repId: owner, channel: 'PHONE', at: '2026-11-24T11:00:00Z' }],
      ['acceptHandoff', 'AcceptHandoffInput', { handoffId: handoffs.read[slot], repId: owner }],
    ] as const) {
      const r = await graphqlRequest(service.url, `mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`, { i: input }, asOps);
      if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    }
  }
});

afterAll(async () => {
  await service?.stop();
  await bus?.close();
  await schema?.drop();
});

describe('feedback-svc authorization: the matrix covers the subgraph', () => {
  it('has one row per query, mutation, entity and HTTP route of the service, and a probe for each', () => {
    const sdl = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');
    const fieldsOf = (type: string) => {
      const body = new RegExp(`type ${type} \\{([\\s\\S]*?)\\n\\}`).exec(sdl)![1].replace(/"""[\s\S]*?"""/g, '');
      return [...body.matchAll(/^ {2}(\w+)[(:]/gm)].map((m) => `${type}.${m[1]}`);
    };
    const entities = [...sdl.matchAll(/type (\w+) @key\(fields: "id"\)/g)].map((m) => `Entity.${m[1]}`); // resolvable ones only
    const federation = ['Query._service']; // added by buildSubgraphSchema
    const http = [`GET ${WEEKLY_METRICS_CSV_PATH}`, ...OPEN_ROUTES];
    const operations = [...fieldsOf('Query'), ...fieldsOf('Mutation'), ...federation, ...entities, ...http].sort();
    expect(rows.map((r) => r.operation).sort()).toEqual(operations);
    expect(Object.keys(PROBES).sort()).toEqual(operations);
  });
});

describe.each(rows.map((r) => [r.operation, r] as const))('%s', (_operation, row) => {
  const probe = PROBES[row.operation];

  it.each(ROLES)('%s as declared', async (role) => {
    const as = TEST_IDENTITIES[role];
    const access = row.access[role];
    const targets = TARGETS[role];
    const expectOk = async (target: Target) => {
      const r = await probe.run(as, targets[target]);
      expect([role, target, r]).toEqual([role, target, { ok: true, shows: true }]);
    };
    const expectRefusedOrFiltered = async (target: Target) => {
      const before = await probe.state?.(targets[target]);
      const r = await probe.run(as, targets[target]);
      if (r.ok) {
        expect([role, target, 'filtered', row.kind]).toEqual([role, target, 'filtered', expect.stringMatching(/query|http/)]);
        expect([role, target, r.shows]).toEqual([role, target, false]);
      } else {
        expect([role, target, r.code]).toEqual([role, target, 'FORBIDDEN']);
        // A rep (or manager) refused a handoff's feedback is told which field: the acting rep.
        if (row.kind === 'mutation' && row.operation !== 'Mutation.publishRejectionPatternReport' && role !== 'PARTNER') expect(r.field).toBe('input.repId');
      }
      expect(await probe.state?.(targets[target])).toEqual(before);
    };
    switch (access) {
      case 'ALL':
        await expectOk('other');
        if (!probe.once) await expectOk('team');
        break;
      case 'TEAM':
        await expectOk('own');
        await expectOk('team');
        await expectRefusedOrFiltered('other');
        break;
      case 'OWN':
        await expectOk('own');
        await expectRefusedOrFiltered('team');
        await expectRefusedOrFiltered('other');
        break;
      case 'NONE':
        for (const target of ['own', 'other'] as const) {
          const before = await probe.state?.(targets[target]);
          expect([role, target, await probe.run(as, targets[target])]).toEqual([role, target, expect.objectContaining({ ok: false, code: 'FORBIDDEN' })]);
          expect(await probe.state?.(targets[target])).toEqual(before);
        }
        break;
    }
  });

  it(OPEN_ROUTES.includes(row.operation) ? 'without an identity: answered (no data in it)' : 'without an identity: UNAUTHENTICATED', async () => {
    const before = await probe.state?.('ana');
    const r = await probe.run(null, 'ana');
    if (OPEN_ROUTES.includes(row.operation)) expect(r).toEqual({ ok: true, shows: true });
    else expect(r).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await probe.state?.('ana')).toEqual(before);
  });
});

describe('feedback as the signed-in identity', () => {
  const ACCEPT = `mutation($i: AcceptHandoffInput!) { acceptHandoff(input: $i) { repId recordedBy } }`;

  it('refuses a REP naming even their own handoff’s backup: FORBIDDEN on input.repId, nothing stored', async () => {
    const handoffId = handoffs.read.ana; // Ana's; already accepted — the identity is checked first
    const before = [await feedbackCount(handoffId), await outboxCount()];
    const r = await call(ACCEPT, { i: { handoffId, repId: 'rep-ben' } }, TEST_IDENTITIES.REP);
    expect(r.errors?.[0]).toMatchObject({
      message: 'you are rep-ana: a REP gives feedback only as themselves, not as rep-ben (only OPS records feedback for another rep)',
      extensions: { code: 'FORBIDDEN', field: 'input.repId' },
    });
    expect([await feedbackCount(handoffId), await outboxCount()]).toEqual(before);
  });

  it('asks OPS to name the rep it records for: BAD_USER_INPUT on input.repId', async () => {
    const r = await call(ACCEPT, { i: { handoffId: handoffs.read.carla } }, TEST_IDENTITIES.OPS);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.repId' });
  });

  it('keeps who recorded the feedback in the history: ops for the owner, visible on the entity', async () => {
    const r = await call(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Handoff { feedback { kind repId recordedBy } } } }`,
      { r: [{ __typename: 'Handoff', id: handoffs.read.carla }] },
      TEST_IDENTITIES.OPS,
    );
    expect(r.data?._entities).toEqual([{ feedback: [{ kind: 'ACCEPTED', repId: 'rep-carla', recordedBy: 'ops@example.com' }] }]);
  });

  it('refuses entities one by one: a REP asking for their own and another team’s handoff gets the first and FORBIDDEN for the second', async () => {
    const r = await call(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Handoff { id } } }`,
      { r: [{ __typename: 'Handoff', id: handoffs.read.ana }, { __typename: 'Handoff', id: handoffs.read.carla }] },
      TEST_IDENTITIES.REP,
    );
    expect(r.data?._entities).toEqual([{ id: handoffs.read.ana }, null]);
    expect(r.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('tells each role which handoffs its metric rows cover, with the whole week on top (15 delivered)', async () => {
    const scopes = await Promise.all(
      (['REP', 'MANAGER', 'OPS'] as const).map(async (role) => {
        const r = await call(`{ weeklyMetrics(week: "${WEEK}", groupBy: TEAM) { deliveredCount rowsScope rowsScopeKey rows { key deliveredCount } } }`, {}, TEST_IDENTITIES[role]);
        return [role, r.data?.weeklyMetrics];
      }),
    );
    expect(scopes).toEqual([
      ['REP', { deliveredCount: 15, rowsScope: 'OWN', rowsScopeKey: 'rep-ana', rows: [{ key: 'EMEA', deliveredCount: 5 }] }],
      ['MANAGER', { deliveredCount: 15, rowsScope: 'TEAM', rowsScopeKey: 'EMEA', rows: [{ key: 'EMEA', deliveredCount: 10 }] }],
      [
        'OPS',
        {
          deliveredCount: 15,
          rowsScope: 'ALL',
          rowsScopeKey: null,
          rows: [
            { key: 'EMEA', deliveredCount: 10 },
            { key: 'North America', deliveredCount: 5 },
          ],
        },
      ],
    ]);
  });
});
