/**
 * The authorization matrix (apps/ownership-svc/authorization-matrix.json, rendered into the root
 * README) proven row by row and role by role against the real service over PostgreSQL and Kafka,
 * called as the gateway calls it (signed identity headers; a request without them is refused).
 *
 * Seed: Northwind (EMEA Software) qualified and routed to Ana (REP, EMEA) with Ben backing up, Globex
 * (North America) to Carla with Dev; then one map change moves each (new backups: Eli, Fay).
 * "mine" is the EMEA side (Ana's own, Mara's team's), "theirs" the North America side. Each probe
 * returns the error code (OK without one) and whether the target was seen — for a mutation, whether
 * it was stored (read back as OPS).
 */
import 'reflect-metadata';
import { ROLES, type Identity, type Role } from '@handoff-graph/auth';
import { KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { EVENT_EXAMPLES, createEvent, toMessage, type Firmographics } from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import type { RunningService } from '@handoff-graph/runtime';
import { TEST_GATEWAY_SECRET, TEST_IDENTITIES, asIdentity, createTestSchema, graphqlData, graphqlRequest, testKafkaBrokers, waitFor, type TestSchema } from '@handoff-graph/testing';
import { parse, type ObjectTypeDefinitionNode } from 'graphql';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matrix from '../authorization-matrix.json';
import { ownershipEntities, ownershipMigrations, startOwnershipService } from './service';

type Access = 'ALL' | 'OWN' | 'TEAM' | 'NONE';
interface MatrixRow {
  operation: string;
  kind: 'query' | 'mutation' | 'entity' | 'http';
  access: Record<Role, Access>;
  note: string;
}
const ROWS = matrix as MatrixRow[];

type Target = 'mine' | 'theirs';
type Headers = Record<string, string>;
interface Outcome {
  /** extensions.code of the first error, `OK` without one (HTTP: `OK` for 200). */
  code: string;
  /** The target item was in the answer (a mutation: its change is stored). */
  sees: boolean;
}
/** Runs one operation with `headers` against the target; `tag` makes a mutation's ids unique per run. */
type Probe = (headers: Headers, target: Target, tag: string) => Promise<Outcome>;

const logger = createLogger('ownership-authz-spec', 'error');
const clock = manualClock('2026-11-24T09:00:00.000Z');
const SOFTWARE_DE: Firmographics = { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' };
const LOGISTICS_US: Firmographics = { industry: 'Logistics', employeeCount: 2300, annualRevenueUsd: 410_000_000, region: 'NA', country: 'US' };
const ACCOUNT: Record<Target, string> = { mine: 'acc-northwind', theirs: 'acc-globex' };
const REP: Record<Target, string> = { mine: 'rep-ana', theirs: 'rep-carla' };
const TERRITORY: Record<Target, string> = { mine: 'terr-emea-saas', theirs: 'terr-na' };

const rep = (id: string, name: string, role: 'SDR' | 'AE' | 'MANAGER', team: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  email: `${id.slice(4)}@example.com`,
  role,
  team,
  timezone: 'Europe/Berlin',
  dailyCapacity: 8,
  ...extra,
});
const territory = (id: string, match: Record<string, string[]>, ownerRepId: string, backupRepId: string) => ({ id, name: id, priority: 10, match, ownerRepId, backupRepId });
const namedList = (id: string, accountId: string) => ({ id, name: id, priority: 1, namedAccountIds: [accountId], ownerRepId: 'rep-sx1', backupRepId: 'rep-sx2' });

const UPSERT_REP = `mutation ($input: RepInput!) { upsertRep(input: $input) { id } }`;
const UPSERT_TERRITORY = `mutation ($input: TerritoryInput!) { upsertTerritory(input: $input) { id mapVersion } }`;
const ADD_LEAVE = `mutation ($input: AddOutOfOfficeInput!) { addOutOfOffice(input: $input) { outOfOffice { id note } } }`;

describe('ownership-svc authorization: every row of the matrix, for every role', () => {
  let schema: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  const qualificationOf: Partial<Record<Target, string>> = {};
  /** The map version whose change moved the target account. */
  const movedAt: Partial<Record<Target, number>> = {};

  const ops = (): Headers => asIdentity(TEST_IDENTITIES.OPS);
  const asOps = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(service.url, query, variables, ops());
  const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => (body.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK';
  /** A read: the code, and whether `sees` finds the target in the data (never when refused). */
  const read = async <T>(query: string, variables: Record<string, unknown>, headers: Headers, sees: (data: T) => boolean): Promise<Outcome> => {
    const body = await graphqlRequest<T>(service.url, query, variables, headers);
    const code = codeOf(body);
    return { code, sees: code === 'OK' && sees(body.data as T) };
  };
  /** A write: the code, and whether `stored` (read back as OPS) finds its change. */
  const write = async (query: string, variables: Record<string, unknown>, headers: Headers, stored: () => Promise<boolean>): Promise<Outcome> => {
    const code = codeOf(await graphqlRequest(service.url, query, variables, headers));
    return { code, sees: await stored() };
  };
  const entities = <T>(headers: Headers, representation: Record<string, string>, selection: string, sees: (entity: T) => boolean) =>
    read<{ _entities: (T | null)[] }>(`query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: [representation] }, headers, (d) => d._entities[0] !== null && sees(d._entities[0]));
  const liveTerritoryIds = async () => (await asOps<{ territories: { id: string }[] }>(`{ territories { id } }`)).territories.map((t) => t.id);
  const leaveNotes = async () => (await asOps<{ rep: { outOfOffice: { note: string | null }[] } }>(`{ rep(id: "rep-sx1") { outOfOffice { note } } }`)).rep.outOfOffice.map((p) => p.note);
  const http = async (path: string, headers: Headers): Promise<Outcome> => {
    const res = await fetch(service.url.replace(/\/graphql$/, path), { headers });
    return { code: res.status === 200 ? 'OK' : `HTTP ${res.status}`, sees: res.status === 200 };
  };
  let settingsValue = 40;

  const PROBES: Record<string, Probe> = {
    'Query.reps': (h, t) => read<{ reps: { id: string }[] }>(`{ reps { id name team } }`, {}, h, (d) => d.reps.some((r) => r.id === REP[t])),
    'Query.rep': (h, t) => read<{ rep: { id: string } | null }>(`query ($id: ID!) { rep(id: $id) { id name team } }`, { id: REP[t] }, h, (d) => d.rep?.id === REP[t]),
    'Rep.outOfOffice': (h, t) =>
      read<{ rep: { outOfOffice: unknown[] | null } | null }>(`query ($id: ID!) { rep(id: $id) { id outOfOffice { from to note } } }`, { id: REP[t] }, h, (d) => Array.isArray(d.rep?.outOfOffice)),
    'Rep.lastChange': (h, t) =>
      read<{ rep: { lastChange: { version: number } | null } | null }>(`query ($id: ID!) { rep(id: $id) { id lastChange { version change } } }`, { id: REP[t] }, h, (d) => typeof d.rep?.lastChange?.version === 'number'),
    'Query.territories': (h, t) =>
      read<{ territories: { id: string }[] }>(`{ territories { id owner { name } backup { name } } }`, {}, h, (d) => d.territories.some((x) => x.id === TERRITORY[t])),
    'Query.ownerAssignment': (h, t) =>
      read<{ ownerAssignment: { status: string; owner: { id: string } | null } }>(`query ($a: ID!) { ownerAssignment(accountId: $a) { status owner { id } explanation } }`, { a: ACCOUNT[t] }, h, (d) =>
        d.ownerAssignment.status === 'RESOLVED' && d.ownerAssignment.owner?.id === REP[t]),
    'Query.ownershipDecision': (h, t) =>
      read<{ ownershipDecision: { accountId: string } | null }>(`query ($q: ID!) { ownershipDecision(qualificationId: $q) { accountId owner { id } moves { rule } } }`, { q: qualificationOf[t] }, h, (d) =>
        d.ownershipDecision?.accountId === ACCOUNT[t]),
    'Query.ownershipSettings': (h) => read<{ ownershipSettings: { writtenRules: string[] } }>(`{ ownershipSettings { writtenRules midPeriodPolicy } }`, {}, h, (d) => d.ownershipSettings.writtenRules.length > 0),
    'Query.ownershipMapVersions': (h, t) =>
      read<{ ownershipMapVersions: { version: number }[] }>(`{ ownershipMapVersions(limit: 500) { version actor change } }`, {}, h, (d) => d.ownershipMapVersions.some((v) => v.version === movedAt[t])),
    'Query.ownershipMapVersion': (h, t) =>
      read<{ ownershipMapVersion: { version: number } | null }>(`query ($v: Int!) { ownershipMapVersion(version: $v) { version change } }`, { v: movedAt[t] }, h, (d) => d.ownershipMapVersion?.version === movedAt[t]),
    'Query.validateOwnershipMap': (h) => read<{ validateOwnershipMap: { valid: boolean } }>(`{ validateOwnershipMap { valid problems { code } } }`, {}, h, (d) => typeof d.validateOwnershipMap.valid === 'boolean'),
    'Mutation.upsertRep': (h, _t, tag) =>
      write(UPSERT_REP, { input: rep(`rep-x-${tag}`, `Scratch ${tag}`, 'SDR', 'Scratch') }, h, async () => (await asOps<{ rep: unknown }>(`{ rep(id: "rep-x-${tag}") { id } }`)).rep !== null),
    'Mutation.addOutOfOffice': (h, _t, tag) =>
      write(ADD_LEAVE, { input: { repId: 'rep-sx1', from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z', note: `add-${tag}` } }, h, async () => (await leaveNotes()).includes(`add-${tag}`)),
    'Mutation.cancelOutOfOffice': async (h, _t, tag) => {
      const added = await asOps<{ addOutOfOffice: { outOfOffice: { id: string; note: string | null }[] } }>(ADD_LEAVE, {
        input: { repId: 'rep-sx1', from: '2027-04-01T00:00:00Z', to: '2027-04-02T00:00:00Z', note: `cancel-${tag}` },
      });
      const periodId = added.addOutOfOffice.outOfOffice.find((p) => p.note === `cancel-${tag}`)!.id;
      return write(`mutation ($p: ID!) { cancelOutOfOffice(repId: "rep-sx1", periodId: $p) { id } }`, { p: periodId }, h, async () => !(await leaveNotes()).includes(`cancel-${tag}`));
    },
    'Mutation.upsertTerritory': (h, _t, tag) => write(UPSERT_TERRITORY, { input: namedList(`terr-x-${tag}`, `acc-x-${tag}`) }, h, async () => (await liveTerritoryIds()).includes(`terr-x-${tag}`)),
    'Mutation.retireTerritory': async (h, _t, tag) => {
      await asOps(UPSERT_TERRITORY, { input: namedList(`terr-r-${tag}`, `acc-r-${tag}`) });
      return write(`mutation { retireTerritory(id: "terr-r-${tag}") { version } }`, {}, h, async () => !(await liveTerritoryIds()).includes(`terr-r-${tag}`));
    },
    'Mutation.updateOwnershipSettings': (h) => {
      const days = ++settingsValue;
      return write(`mutation ($d: Int!) { updateOwnershipSettings(input: { inFlightDays: $d }) { inFlightDays } }`, { d: days }, h, async () =>
        (await asOps<{ ownershipSettings: { inFlightDays: number } }>(`{ ownershipSettings { inFlightDays } }`)).ownershipSettings.inFlightDays === days);
    },
    'Entity.Rep': (h, t) => entities<{ id: string; name: string }>(h, { __typename: 'Rep', id: REP[t] }, '... on Rep { id name email team }', (e) => e.id === REP[t]),
    'Entity.Account': (h, t) =>
      entities<{ ownerAssignment: { owner: { id: string } | null } | null }>(h, { __typename: 'Account', id: ACCOUNT[t] }, '... on Account { id ownerAssignment { owner { id } explanation } }', (e) =>
        e.ownerAssignment?.owner?.id === REP[t]),
    'Account.ownershipMoves': (h, t) =>
      entities<{ ownershipMoves: { accountId: string }[] }>(h, { __typename: 'Account', id: ACCOUNT[t] }, '... on Account { id ownershipMoves { accountId rule } }', (e) =>
        e.ownershipMoves.some((m) => m.accountId === ACCOUNT[t])),
    'Query._service': (h) => read<{ _service: { sdl: string } }>(`{ _service { sdl } }`, {}, h, (d) => d._service.sdl.includes('type Rep')),
    'GET /health': (h) => http('/health', h),
    'GET /ready': (h) => http('/ready', h),
  };

  beforeAll(async () => {
    schema = await createTestSchema('ownership_authz');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'ownership-authz-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: ownershipEntities, migrations: ownershipMigrations });
    service = await startOwnershipService(
      { dataSource, bus, port: 0, clock, logger, auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } },
      { coverSweepEveryMs: 3_600_000 },
    );

    await asOps(UPSERT_REP, { input: rep('rep-mara', 'Mara Lind', 'MANAGER', 'EMEA') });
    for (const input of [
      rep('rep-ana', 'Ana Ortiz', 'SDR', 'EMEA', { managerRepId: 'rep-mara' }),
      rep('rep-ben', 'Ben Okafor', 'AE', 'EMEA', { managerRepId: 'rep-mara' }),
      rep('rep-eli', 'Eli Novak', 'SDR', 'EMEA', { managerRepId: 'rep-mara' }),
      rep('rep-carla', 'Carla Reyes', 'SDR', 'North America'),
      rep('rep-dev', 'Dev Patel', 'AE', 'North America'),
      rep('rep-fay', 'Fay Moreau', 'AE', 'North America'),
      rep('rep-sx1', 'Scratch One', 'SDR', 'Scratch'),
      rep('rep-sx2', 'Scratch Two', 'AE', 'Scratch'),
    ]) {
      await asOps(UPSERT_REP, { input });
    }
    // Away right now, with a note only the rep, their manager and ops may read.
    await asOps(ADD_LEAVE, { input: { repId: 'rep-sx1', from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z', note: 'Medical appointment' } });
    await asOps(UPSERT_TERRITORY, { input: territory('terr-emea-saas', { regions: ['EMEA'], industries: ['Software'] }, 'rep-ana', 'rep-ben') });
    await asOps(UPSERT_TERRITORY, { input: territory('terr-na', { regions: ['NA'] }, 'rep-carla', 'rep-dev') });

    const upserted = (accountId: string, firmographics: Firmographics) =>
      createEvent('account-upserted', { ...EVENT_EXAMPLES['account-upserted'], accountId, name: accountId, firmographics }, { aggregateId: accountId, producer: 'spec' });
    const qualified = (accountId: string) =>
      createEvent('account-qualified', { ...EVENT_EXAMPLES['account-qualified'], accountId, qualificationId: randomUUID(), qualifiedAt: clock().toISOString() }, { aggregateId: accountId, producer: 'spec' });
    const q = { mine: qualified(ACCOUNT.mine), theirs: qualified(ACCOUNT.theirs) };
    await bus.publish([upserted(ACCOUNT.mine, SOFTWARE_DE), upserted(ACCOUNT.theirs, LOGISTICS_US), q.mine, q.theirs].map(toMessage));
    for (const t of ['mine', 'theirs'] as const) {
      qualificationOf[t] = q[t].payload.qualificationId;
      await waitFor(
        async () =>
          (await asOps<{ ownershipDecision: { status: string } | null }>(`query ($q: ID!) { ownershipDecision(qualificationId: $q) { status } }`, { q: qualificationOf[t] })).ownershipDecision
            ?.status === 'RESOLVED',
        { what: `the ownership decision for ${ACCOUNT[t]}`, timeoutMs: 20_000 },
      );
    }
    // One map change moves each open handoff: a new backup (same owner, SAME_OWNER).
    clock.advance(60_000);
    movedAt.mine = (await asOps<{ upsertTerritory: { mapVersion: number } }>(UPSERT_TERRITORY, { input: territory('terr-emea-saas', { regions: ['EMEA'], industries: ['Software'] }, 'rep-ana', 'rep-eli') })).upsertTerritory.mapVersion;
    movedAt.theirs = (await asOps<{ upsertTerritory: { mapVersion: number } }>(UPSERT_TERRITORY, { input: territory('terr-na', { regions: ['NA'] }, 'rep-carla', 'rep-fay') })).upsertTerritory.mapVersion;
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await schema?.drop();
  });

  it('the seed: each map change moved exactly its account (OPS sees both moves)', async () => {
    for (const t of ['mine', 'theirs'] as const) {
      const { ownershipMapVersion } = await asOps<{ ownershipMapVersion: { actor: string; moves: { accountId: string; rule: string }[] } }>(
        `query ($v: Int!) { ownershipMapVersion(version: $v) { actor moves { accountId rule } } }`,
        { v: movedAt[t] },
      );
      expect(ownershipMapVersion).toEqual({ actor: TEST_IDENTITIES.OPS.subject, moves: [{ accountId: ACCOUNT[t], rule: 'SAME_OWNER' }] });
    }
  });

  it('the matrix covers every operation of the subgraph, and every row has a probe', () => {
    const sdl = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));
    const types = sdl.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition');
    const fields = (name: string) => types.find((t) => t.name.value === name)!.fields!.map((f) => `${name}.${f.name.value}`);
    const keyed = types.filter((t) => t.directives?.some((d) => d.name.value === 'key')).map((t) => `Entity.${t.name.value}`);
    const operations = ROWS.map((r) => r.operation);
    for (const op of [...fields('Query'), 'Query._service', ...fields('Mutation'), ...keyed]) expect(operations).toContain(op);
    expect(Object.keys(PROBES).sort()).toEqual([...operations].sort());
    expect(new Set(operations).size).toBe(operations.length);
  });

  const cases = ROWS.flatMap((row) => ROLES.map((role) => [row.operation, role, row.access[role]] as const));

  it.each(cases)('%s as %s: %s', async (operation, role, access) => {
    const headers = () => asIdentity(TEST_IDENTITIES[role]);
    const tag = `${role.toLowerCase()}`;
    const mine = await PROBES[operation](headers(), 'mine', `${tag}-mine`);
    const theirs = await PROBES[operation](headers(), 'theirs', `${tag}-theirs`);
    switch (access) {
      case 'ALL':
        expect({ mine, theirs }).toEqual({ mine: { code: 'OK', sees: true }, theirs: { code: 'OK', sees: true } });
        break;
      case 'OWN':
      case 'TEAM':
        // Their own (REP) or their team's (MANAGER) item; another team's is refused or filtered out.
        expect(mine).toEqual({ code: 'OK', sees: true });
        expect(theirs.sees).toBe(false);
        expect(['OK', 'FORBIDDEN']).toContain(theirs.code);
        break;
      case 'NONE':
        expect({ mine, theirs }).toEqual({ mine: { code: 'FORBIDDEN', sees: false }, theirs: { code: 'FORBIDDEN', sees: false } });
        break;
    }
  });

  it.each(ROWS.filter((r) => r.kind !== 'http').map((r) => r.operation))('%s without the gateway identity → UNAUTHENTICATED, nothing read or stored', async (operation) => {
    expect(await PROBES[operation]({}, 'mine', 'anonymous')).toEqual({ code: 'UNAUTHENTICATED', sees: false });
  });

  it.each(ROWS.filter((r) => r.kind === 'http').map((r) => r.operation))('%s (a probe) answers without an identity', async (operation) => {
    expect(await PROBES[operation]({}, 'mine', 'anonymous')).toEqual({ code: 'OK', sees: true });
  });

  it('a forged identity (wrong secret) or a REP passing for OPS by editing the header is UNAUTHENTICATED', async () => {
    const forged = await PROBES['Query.reps'](asIdentity(TEST_IDENTITIES.OPS, 'not-the-gateway-secret'), 'mine', 'forged');
    expect(forged).toEqual({ code: 'UNAUTHENTICATED', sees: false });
    const rep = asIdentity(TEST_IDENTITIES.REP);
    const tampered = { ...rep, 'x-handoff-identity': asIdentity(TEST_IDENTITIES.OPS)['x-handoff-identity'] };
    expect(await PROBES['Mutation.upsertRep'](tampered, 'mine', 'tampered')).toEqual({ code: 'UNAUTHENTICATED', sees: false });
  });

  it('a colleague learns that and until when a rep is away (availability), not the leave itself or its note', async () => {
    const query = `{ rep(id: "rep-sx1") { outOfOffice { note } availability { available reason explanation } } }`;
    const asAna = await graphqlData<{ rep: { outOfOffice: unknown; availability: unknown } }>(service.url, query, {}, asIdentity(TEST_IDENTITIES.REP));
    expect(asAna.rep).toEqual({
      outOfOffice: null,
      availability: { available: false, reason: 'OUT_OF_OFFICE', explanation: 'Scratch One is out of office until 2026-11-25 00:00 UTC' },
    });
    const asOpsUser = await asOps<{ rep: { outOfOffice: { note: string }[]; availability: { explanation: string } } }>(query);
    expect(asOpsUser.rep.outOfOffice.map((p) => p.note)).toContain('Medical appointment');
    expect(asOpsUser.rep.availability.explanation).toBe('Scratch One is out of office until 2026-11-25 00:00 UTC (Medical appointment)');
  });

  describe('OWN is the handoff’s parties, at any point of its routing — not the team', () => {
    const asRep = (repId: string, team = 'EMEA'): Identity => ({ subject: `${repId}@example.com`, role: 'REP', repId, team });
    const decision = (who: Identity) => PROBES['Query.ownershipDecision'](asIdentity(who), 'mine', '');
    const moves = (who: Identity) => PROBES['Account.ownershipMoves'](asIdentity(who), 'mine', '');

    it('Ben, Northwind’s backup before the move, and Eli, its backup after, both see its decision and its move', async () => {
      for (const who of [asRep('rep-ben'), asRep('rep-eli')]) {
        expect(await decision(who)).toEqual({ code: 'OK', sees: true });
        expect(await moves(who)).toEqual({ code: 'OK', sees: true });
      }
    });

    it('Gus, a REP of the same team who was never routed it: FORBIDDEN naming qualificationId, and the move filtered out', async () => {
      const gus = asRep('rep-gus');
      const body = await graphqlRequest(service.url, `query ($q: ID!) { ownershipDecision(qualificationId: $q) { accountId } }`, { q: qualificationOf.mine }, asIdentity(gus));
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'qualificationId' });
      expect(await moves(gus)).toEqual({ code: 'OK', sees: false });
      // Who owns the account is not handoff content: Gus may ask.
      expect(await PROBES['Query.ownerAssignment'](asIdentity(gus), 'mine', '')).toEqual({ code: 'OK', sees: true });
    });

    it('a manager of North America sees Globex’s routing, not Northwind’s', async () => {
      const nadia: Identity = { subject: 'nadia@example.com', role: 'MANAGER', repId: 'rep-nadia', team: 'North America' };
      expect(await PROBES['Query.ownershipDecision'](asIdentity(nadia), 'theirs', '')).toEqual({ code: 'OK', sees: true });
      expect(await PROBES['Query.ownershipDecision'](asIdentity(nadia), 'mine', '')).toEqual({ code: 'FORBIDDEN', sees: false });
    });
  });
});
