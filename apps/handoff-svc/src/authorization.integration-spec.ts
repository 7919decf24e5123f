import type { Identity } from '@handoff-graph/auth';
import { createEvent, type OwnerAssignment, type RepRef } from '@handoff-graph/contracts';
import { TEST_IDENTITIES, asIdentity, graphqlRequest, type GraphQLResponse } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import matrix from '../authorization-matrix.json';
import { SNAPSHOT, startHarness, type Harness } from './test-support/harness';

/**
 * The authorization matrix (authorization-matrix.json → the root README), row by row and role by
 * role, against the real service over PostgreSQL and Kafka, called the way the gateway calls it
 * (a signed identity). Seeded with handoffs of two teams: Ana's (EMEA: the REP identity, managed by
 * Mara, the MANAGER identity) and Carla's (North America). For each row: ALL reads both teams'
 * items; OWN / TEAM reads Ana's and is refused (FORBIDDEN) or filtered for Carla's; NONE is
 * FORBIDDEN and stores nothing; without an identity every row is UNAUTHENTICATED.
 */
type Role = keyof typeof TEST_IDENTITIES;
type Access = 'ALL' | 'OWN' | 'TEAM' | 'NONE';
type Target = 'mine' | 'theirs';
type Data = Record<string, unknown>;
interface Row {
  operation: string;
  kind: string;
  access: Record<Role, Access>;
}
interface Probe {
  /** Runs the operation on Ana's item (`mine`: the REP's own, the MANAGER's team's) or on Carla's (`theirs`). */
  run(as: Identity | null, target: Target): Promise<GraphQLResponse<Data>>;
  /** The answer shows the target item (lists: contain it). */
  shows(data: Data, target: Target): boolean;
  /** Mutations: the state a refused call must leave as it was. */
  state?(): Promise<unknown>;
}

const ROLES: Role[] = ['REP', 'MANAGER', 'OPS', 'PARTNER'];
const rows = matrix as Row[];
// Tue 24 Nov 2026, 10:00 UTC; every rep works 09:00–17:00 UTC.
const START = '2026-11-24T10:00:00.000Z';
const DAY = '2026-11-24';

const ref = (repId: string, name: string, team: string): RepRef => ({ repId, name, email: `${repId}@example.com`, role: 'SDR', team, timezone: 'UTC' });
const ANA = ref('rep-ana', 'Ana Ortiz', 'EMEA');
const BEN = ref('rep-ben', 'Ben Okafor', 'EMEA');
const CARLA = ref('rep-carla', 'Carla Reyes', 'North America');
const DEV = ref('rep-dev', 'Dev Patel', 'North America');
const ZED = ref('rep-zed', 'Zed Tan', 'APAC');
const YAN = ref('rep-yan', 'Yan Li', 'APAC');
const assign = (owner: RepRef, backup: RepRef): OwnerAssignment => ({
  owner,
  backup,
  territoryId: `terr-${owner.team.toLowerCase().replace(/\W+/g, '-')}`,
  territoryName: owner.team,
  explanation: `Territory '${owner.team}' matches the account; ${owner.name} owns it, ${backup.name} backs up.`,
});

const idOf = (v: unknown): string | undefined => (v as { id?: string } | null | undefined)?.id;
const idsIn = (v: unknown): (string | undefined)[] => (Array.isArray(v) ? v.map(idOf) : []);
const codes = (r: GraphQLResponse<Data>) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('handoff-svc authorization: every operation × every role', () => {
  let h: Harness;
  /** Ana's (mine) and Carla's (theirs) items. */
  const seeded = {
    account: { mine: '', theirs: '' },
    handoff: { mine: '', theirs: '' },
    escalated: { mine: '', theirs: '' },
    incomplete: { mine: '', theirs: '' },
  };
  const repOf: Record<Target, string> = { mine: 'rep-ana', theirs: 'rep-carla' };
  /** Whose escalations: Ana was offered Ben's handoff as backup; Dev was offered Carla's. */
  const escalatedRepOf: Record<Target, string> = { mine: 'rep-ana', theirs: 'rep-dev' };
  const tag = (as: Identity | null) => (as ? as.role.toLowerCase() : 'anonymous');

  const call = (query: string, variables: Record<string, unknown>, as: Identity | null) =>
    graphqlRequest<Data>(h.service.url, query, variables, as ? asIdentity(as) : {});
  /** An HTTP probe, as a GraphQL-shaped answer: data on 200, an error with the status otherwise. */
  const http = async (path: string, as: Identity | null): Promise<GraphQLResponse<Data>> => {
    const res = await fetch(new URL(path, h.service.url), { headers: as ? asIdentity(as) : {} });
    return res.ok ? { data: { status: res.status, body: await res.text() } } : { errors: [{ message: `HTTP ${res.status}`, extensions: { code: `HTTP_${res.status}` } }] };
  };
  const ruleVersions = () => h.sql(`SELECT rule_id, version FROM playbook_rule_version WHERE rule_id LIKE 'authz-%' ORDER BY 1, 2`);
  const RULE = {
    name: 'Authorization probe',
    triggerSignalType: 'FORM_FILL',
    stage: null,
    contactRole: null,
    primaryTemplate: 'Call {contact} today and confirm the demo request; mention {evidence}.',
    fallbackTemplate: 'Email {contact} two 20-minute demo slots for this week.',
    priority: -500,
  };

  const probes: Record<string, Probe> = {
    'Query.account': {
      run: (as, t) => call(`query ($id: ID!) { account(id: $id) { id name contacts { id } } }`, { id: seeded.account[t] }, as),
      shows: (d, t) => idOf(d.account) === seeded.account[t],
    },
    'Query.accounts': {
      run: (as) => call(`{ accounts { id } }`, {}, as),
      shows: (d, t) => idsIn(d.accounts).includes(seeded.account[t]),
    },
    'Account.handoff': {
      run: (as, t) => call(`query ($id: ID!) { account(id: $id) { id handoff { id status } } }`, { id: seeded.account[t] }, as),
      shows: (d, t) => idOf((d.account as Data | null)?.handoff) === seeded.handoff[t],
    },
    'Account.handoffs': {
      run: (as, t) => call(`query ($id: ID!) { account(id: $id) { id handoffs { id } } }`, { id: seeded.account[t] }, as),
      shows: (d, t) => idsIn((d.account as Data | null)?.handoffs).includes(seeded.handoff[t]),
    },
    'Query.handoff': {
      run: (as, t) => call(`query ($id: ID!) { handoff(id: $id) { id status ownerAssignment { owner { id } } } }`, { id: seeded.handoff[t] }, as),
      shows: (d, t) => idOf(d.handoff) === seeded.handoff[t],
    },
    'Query.myHandoffQueue': {
      run: (as, t) => call(`query ($r: ID) { myHandoffQueue(repId: $r, date: "${DAY}") { id } }`, { r: repOf[t] }, as),
      shows: (d, t) => idsIn(d.myHandoffQueue).includes(seeded.handoff[t]),
    },
    'Query.myOpenHandoffs': {
      run: (as, t) => call(`query ($r: ID) { myOpenHandoffs(repId: $r) { id } }`, { r: repOf[t] }, as),
      shows: (d, t) => idsIn(d.myOpenHandoffs).includes(seeded.handoff[t]),
    },
    'Query.myEscalations': {
      run: (as, t) => call(`query ($r: ID) { myEscalations(repId: $r) { id } }`, { r: escalatedRepOf[t] }, as),
      shows: (d, t) => idsIn(d.myEscalations).includes(seeded.escalated[t]),
    },
    'Query.incompleteHandoffs': {
      run: (as) => call(`{ incompleteHandoffs { id missingElements } }`, {}, as),
      shows: (d, t) => idsIn(d.incompleteHandoffs).includes(seeded.incomplete[t]),
    },
    'Query.deferralReport': {
      run: (as) => call(`{ deferralReport(from: "${DAY}", to: "${DAY}") { days { rep { id } deferredCount } } }`, {}, as),
      shows: (d, t) => ((d.deferralReport as { days: { rep: { id: string } }[] } | null)?.days ?? []).some((x) => x.rep.id === repOf[t]),
    },
    'Query.playbookRules': {
      run: (as) => call(`{ playbookRules { id } }`, {}, as),
      shows: (d) => idsIn(d.playbookRules).includes('authz-kept'),
    },
    'Query.playbookRule': {
      run: (as) => call(`{ playbookRule(id: "authz-kept") { id versions { version } } }`, {}, as),
      shows: (d) => idOf(d.playbookRule) === 'authz-kept',
    },
    'Query.repCalendar': {
      run: (as, t) => call(`query ($r: ID) { repCalendar(repId: $r) { rep { id } known outOfOffice { from } } }`, { r: repOf[t] }, as),
      shows: (d, t) => idOf((d.repCalendar as Data | null)?.rep) === repOf[t],
    },
    'Query.handoffSlaPolicy': {
      run: (as) => call(`{ handoffSlaPolicy { acceptanceWindowMinutes expireAfterBusinessDays } }`, {}, as),
      shows: (d) => d.handoffSlaPolicy != null,
    },
    'Mutation.upsertAccount': {
      run: (as) =>
        call(`mutation ($input: UpsertAccountInput!) { upsertAccount(input: $input) { id } }`, {
          input: { id: `acc-new-${tag(as)}`, crmId: `001-NEW-${tag(as)}`, name: `New ${tag(as)}`, domain: `new-${tag(as)}.example` },
        }, as),
      shows: (d) => idOf(d.upsertAccount) !== undefined,
      state: () => h.sql(`SELECT id FROM account WHERE id LIKE 'acc-new-%' ORDER BY id`),
    },
    'Mutation.upsertContact': {
      run: (as) =>
        call(`mutation ($input: UpsertContactInput!) { upsertContact(input: $input) { id } }`, {
          input: { id: `con-new-${tag(as)}`, accountId: seeded.account.mine, name: 'New Contact', email: `new-${tag(as)}@a.example`, committeeRole: 'USER' },
        }, as),
      shows: (d) => idOf(d.upsertContact) !== undefined,
      state: () => h.sql(`SELECT id FROM contact WHERE id LIKE 'con-new-%' ORDER BY id`),
    },
    'Mutation.createPlaybookRule': {
      run: (as) => call(`mutation ($id: ID!, $input: PlaybookRuleInput!) { createPlaybookRule(id: $id, input: $input) { id updatedBy } }`, { id: `authz-new-${tag(as)}`, input: RULE }, as),
      shows: (d) => idOf(d.createPlaybookRule) !== undefined,
      state: ruleVersions,
    },
    'Mutation.updatePlaybookRule': {
      run: (as) =>
        call(`mutation ($input: PlaybookRuleInput!) { updatePlaybookRule(id: "authz-kept", input: $input) { id version updatedBy } }`, {
          input: { ...RULE, name: `Authorization probe, saved as ${tag(as)}` },
        }, as),
      shows: (d) => idOf(d.updatePlaybookRule) === 'authz-kept',
      state: ruleVersions,
    },
    'Mutation.deletePlaybookRule': {
      run: (as) => call(`mutation { deletePlaybookRule(id: "authz-doomed") { id deleted } }`, {}, as),
      shows: (d) => idOf(d.deletePlaybookRule) === 'authz-doomed',
      state: ruleVersions,
    },
    'Mutation.updateHandoffSlaPolicy': {
      run: (as) => call(`mutation { updateHandoffSlaPolicy(input: { acceptanceWindowMinutes: 15, expireAfterBusinessDays: 5 }) { updatedBy } }`, {}, as),
      shows: (d) => d.updateHandoffSlaPolicy != null,
      state: () => h.sql(`SELECT * FROM sla_policy`),
    },
    'Entity.Account': {
      run: (as, t) => call(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id name } } }`, { r: [{ __typename: 'Account', id: seeded.account[t] }] }, as),
      shows: (d, t) => idsIn(d._entities)[0] === seeded.account[t],
    },
    'Entity.Handoff': {
      run: (as, t) => call(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Handoff { id status } } }`, { r: [{ __typename: 'Handoff', id: seeded.handoff[t] }] }, as),
      shows: (d, t) => idsIn(d._entities)[0] === seeded.handoff[t],
    },
    'Query._service': {
      run: (as) => call(`{ _service { sdl } }`, {}, as),
      shows: (d) => ((d._service as { sdl?: string } | null)?.sdl ?? '').includes('type Handoff'),
    },
    'GET /health': { run: (as) => http('/health', as), shows: (d) => d.status === 200 },
    'GET /ready': { run: (as) => http('/ready', as), shows: (d) => d.status === 200 },
  };

  /** A qualified account with no engaged contact: INCOMPLETE, with its (named) owner. */
  async function incomplete(key: string, owner: OwnerAssignment): Promise<string> {
    const accountId = `acc-${key}`;
    await h.gql(`mutation ($input: UpsertAccountInput!) { upsertAccount(input: $input) { id } }`, {
      input: { id: accountId, crmId: `001-${key}`, name: `Account ${key}`, domain: `${key}.example` },
    });
    const qualificationId = randomUUID();
    const meta = { aggregateId: accountId, producer: 'spec', occurredAt: h.clock() };
    const at = h.clock().toISOString();
    await h.publish(
      createEvent('account-qualified', { qualificationId, accountId, qualifiedAt: at, scoringSnapshot: { ...SNAPSHOT, computedAt: at } }, meta),
      createEvent('ownership-resolved', { qualificationId, accountId, resolvedAt: at, ownerAssignment: owner }, meta),
    );
    return (await h.waitForEvent('handoff-incomplete', (e) => e.payload.qualificationId === qualificationId)).payload.handoffId;
  }

  beforeAll(async () => {
    h = await startHarness('authz', START);
    const profile = { timezone: 'UTC', workingHours: { start: '09:00', end: '17:00' }, updatedAt: '2026-11-01T00:00:00.000Z' };
    await Promise.all([
      h.repProfile({ ...profile, repId: 'rep-ana', name: 'Ana Ortiz', team: 'EMEA', dailyCapacity: 1, managerRepId: 'rep-mara' }),
      h.repProfile({ ...profile, repId: 'rep-ben', name: 'Ben Okafor', team: 'EMEA', dailyCapacity: 8, managerRepId: 'rep-mara' }),
      h.repProfile({ ...profile, repId: 'rep-mara', name: 'Mara Lind', role: 'MANAGER', team: 'EMEA', dailyCapacity: 0, managerRepId: null }),
      h.repProfile({ ...profile, repId: 'rep-carla', name: 'Carla Reyes', team: 'North America', dailyCapacity: 1, managerRepId: 'rep-nick' }),
      h.repProfile({ ...profile, repId: 'rep-dev', name: 'Dev Patel', team: 'North America', dailyCapacity: 8, managerRepId: 'rep-nick' }),
      // Zed is in APAC, but Mara is on file as his manager: escalations reach her (last test).
      h.repProfile({ ...profile, repId: 'rep-zed', name: 'Zed Tan', team: 'APAC', dailyCapacity: 8, managerRepId: 'rep-mara' }),
    ]);
    // Caps of 1: the second, lower-priority handoff of Ana and of Carla moves to the next day (the
    // deferral report) — whichever arrives first, the cap moves the lower-ranked one.
    const [a, , b, aIncomplete, c, , cIncomplete] = await Promise.all([
      h.deliver('ana', assign(ANA, BEN), 90),
      h.deliver('ana-2', assign(ANA, BEN), 60),
      h.deliver('ben', assign(BEN, ANA), 80),
      incomplete('ana-incomplete', assign(ANA, BEN)),
      h.deliver('carla', assign(CARLA, DEV), 90),
      h.deliver('carla-2', assign(CARLA, DEV), 60),
      incomplete('carla-incomplete', assign(CARLA, DEV)),
    ] as const);
    seeded.account = { mine: a.accountId, theirs: c.accountId };
    seeded.handoff = { mine: a.handoffId, theirs: c.handoffId };
    seeded.escalated = { mine: b.handoffId, theirs: c.handoffId };
    seeded.incomplete = { mine: aIncomplete, theirs: cIncomplete };
    for (const id of ['authz-kept', 'authz-doomed']) {
      await h.gql(`mutation ($id: ID!, $input: PlaybookRuleInput!) { createPlaybookRule(id: $id, input: $input) { id } }`, { id, input: RULE });
    }
    // Nobody accepted within 15 working minutes: Ana's goes to Ben, Ben's to Ana, Carla's to Dev.
    h.clock.set('2026-11-24T10:30:00.000Z');
    expect(await h.sweep()).toMatchObject({ escalatedToBackup: 3 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('has a probe for every row of the matrix', () => {
    expect(rows.map((r) => r.operation).filter((op) => !probes[op])).toEqual([]);
  });

  describe.each(rows.map((r) => [r.operation, r] as const))('%s', (_operation, row) => {
    const probe = probes[row.operation];

    it.each(ROLES.map((role) => [role, row.access[role]] as const))('%s: %s', async (role, access) => {
      const as = TEST_IDENTITIES[role];
      if (access === 'NONE') {
        const before = await probe.state?.();
        const refused = await probe.run(as, 'mine');
        expect(codes(refused)).toEqual(['FORBIDDEN']);
        expect(refused.data == null || !probe.shows(refused.data, 'mine')).toBe(true);
        if (probe.state) expect(await probe.state()).toEqual(before);
        return;
      }
      const mine = await probe.run(as, 'mine');
      expect(mine.errors).toBeUndefined();
      expect(probe.shows(mine.data!, 'mine')).toBe(true);
      if (row.kind === 'mutation') return; // no one else's item to a write: it succeeded
      const theirs = await probe.run(as, 'theirs');
      if (access === 'ALL') {
        expect(theirs.errors).toBeUndefined();
        expect(probe.shows(theirs.data!, 'theirs')).toBe(true);
      } else if (theirs.errors) {
        expect(codes(theirs)).toEqual(['FORBIDDEN']); // refused …
        expect(theirs.data == null || !probe.shows(theirs.data, 'theirs')).toBe(true);
      } else {
        expect(probe.shows(theirs.data!, 'theirs')).toBe(false); // … or filtered out of the list
      }
    });

    it(row.kind === 'http' ? 'without an identity: answers (a probe, no data)' : 'without an identity: UNAUTHENTICATED, nothing read or stored', async () => {
      if (row.kind === 'http') {
        const anonymous = await probe.run(null, 'mine');
        expect(anonymous.errors).toBeUndefined();
        expect(probe.shows(anonymous.data!, 'mine')).toBe(true);
        return;
      }
      const before = await probe.state?.();
      const anonymous = await probe.run(null, 'mine');
      expect(codes(anonymous)[0]).toBe('UNAUTHENTICATED');
      expect(anonymous.data ?? null).toBeNull();
      if (probe.state) expect(await probe.state()).toEqual(before);
    });
  });

  it('refuses an identity the gateway did not sign (another secret): UNAUTHENTICATED', async () => {
    const forged = await graphqlRequest(h.service.url, `{ accounts { id } }`, {}, asIdentity(TEST_IDENTITIES.OPS, 'not-the-gateway-secret'));
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(forged.data ?? null).toBeNull();
  });

  it("names the argument when refusing another rep's queue or handoff", async () => {
    const queue = await probes['Query.myHandoffQueue'].run(TEST_IDENTITIES.REP, 'theirs');
    expect(queue.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'repId' });
    const handoff = await probes['Query.handoff'].run(TEST_IDENTITIES.MANAGER, 'theirs');
    expect(handoff.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    expect(handoff.errors?.[0].message).toContain('MANAGER mara.lind@example.com');
  });

  it("defaults repId to the viewer's own; ops must name the rep", async () => {
    const own = await call(`{ myHandoffQueue(date: "${DAY}") { id } myOpenHandoffs { id } myEscalations { id } repCalendar { rep { id } } }`, {}, TEST_IDENTITIES.REP);
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({
      myHandoffQueue: [{ id: seeded.handoff.mine }],
      myOpenHandoffs: expect.arrayContaining([{ id: seeded.handoff.mine }]),
      myEscalations: [{ id: seeded.escalated.mine }],
      repCalendar: { rep: { id: 'rep-ana' } },
    });
    const manager = await call(`{ myHandoffQueue { id } }`, {}, TEST_IDENTITIES.MANAGER);
    expect(manager).toEqual({ data: { myHandoffQueue: [] } });
    const ops = await call(`{ myHandoffQueue { id } }`, {}, TEST_IDENTITIES.OPS);
    expect(ops.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'repId' });
  });

  it('lets the backup read the handoff they back up, and resolves a batch of entities one by one', async () => {
    const backedUp = await call(`query ($id: ID!) { handoff(id: $id) { id ownerAssignment { owner { id } backup { id } } } }`, { id: seeded.escalated.mine }, TEST_IDENTITIES.REP);
    expect(backedUp.data?.handoff).toEqual({ id: seeded.escalated.mine, ownerAssignment: { owner: { id: 'rep-ben' }, backup: { id: 'rep-ana' } } });
    const batch = await call(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Handoff { id } } }`,
      { r: [{ __typename: 'Handoff', id: seeded.handoff.mine }, { __typename: 'Handoff', id: seeded.handoff.theirs }] },
      TEST_IDENTITIES.REP,
    );
    expect(batch.data?._entities).toEqual([{ id: seeded.handoff.mine }, null]);
    expect(batch.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('refuses the card of an account whose handoff is not the rep’s at the field, keeping the account', async () => {
    const card = await probes['Account.handoff'].run(TEST_IDENTITIES.REP, 'theirs');
    expect(card.data).toEqual({ account: { id: seeded.account.theirs, handoff: null } });
    expect(card.errors?.[0]).toMatchObject({ path: ['account', 'handoff'], extensions: { code: 'FORBIDDEN' } });
  });

  it('lets the manager on file read a handoff escalated to them, even from another team — but not that rep’s queue', async () => {
    const z = await h.deliver('zed', assign(ZED, YAN));
    const read = () => call(`query ($id: ID!) { handoff(id: $id) { id } }`, { id: z.handoffId }, TEST_IDENTITIES.MANAGER);
    expect(codes(await read())).toEqual(['FORBIDDEN']);
    // Untouched at the end of Zed's first business day (17:00 UTC): escalated to his manager on file, Mara.
    h.clock.set('2026-11-24T17:05:00.000Z');
    await h.sweep();
    expect((await read()).data).toEqual({ handoff: { id: z.handoffId } });
    const mine = await call(`{ myEscalations { id } }`, {}, TEST_IDENTITIES.MANAGER);
    expect(idsIn(mine.data?.myEscalations)).toContain(z.handoffId);
    const queue = await call(`{ myHandoffQueue(repId: "rep-zed", date: "${DAY}") { id } }`, {}, TEST_IDENTITIES.MANAGER);
    expect(queue.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'repId' });
  });
});
