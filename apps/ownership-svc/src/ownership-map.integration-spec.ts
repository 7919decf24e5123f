/**
 * The versioned map over PostgreSQL and Kafka, with a hand-moved clock: rep-upserted for every rep
 * change, save-time validation, mid-period moves under both policies (ownership-changed, in the
 * map change's transaction), leave and deactivation cover, escalation, and as-of answers.
 */
import 'reflect-metadata';
import { KafkaEventBus, withTopicPrefix, type EventBus, type Subscription } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, parseEvent, toMessage, type AnyEvent, type EventEnvelope, type Firmographics } from '@handoff-graph/contracts';
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
import { CompiledMapCache } from './application/compiled-map-cache';
import { sweepCoverBoundaries } from './application/cover-sweep';
import { ownershipEntities, ownershipMigrations, startOwnershipService } from './service';

const logger = createLogger('ownership-map-spec', 'error');
const clock = manualClock('2026-11-24T09:00:00.000Z');
/** Every map change is made by the signed-in OPS user: the version's actor is their token subject. */
const ACTOR = TEST_IDENTITIES.OPS.subject;

const SOFTWARE_DE: Firmographics = { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' };
const HEALTH_GB: Firmographics = { industry: 'Healthcare', employeeCount: 5200, annualRevenueUsd: 1.2e9, region: 'EMEA', country: 'GB' };

const upserted = (accountId: string, firmographics: Firmographics, updatedAt = EVENT_EXAMPLES['account-upserted'].updatedAt) =>
  createEvent('account-upserted', { ...EVENT_EXAMPLES['account-upserted'], accountId, name: `Account ${accountId}`, firmographics, updatedAt }, { aggregateId: accountId, producer: 'spec' });
const qualified = (accountId: string, qualifiedAt = clock().toISOString()) =>
  createEvent('account-qualified', { ...EVENT_EXAMPLES['account-qualified'], accountId, qualificationId: randomUUID(), qualifiedAt }, { aggregateId: accountId, producer: 'spec' });

const rep = (id: string, name: string, role: 'SDR' | 'AE' | 'MANAGER', extra: Record<string, unknown> = {}) => ({
  id,
  name,
  email: `${id.slice(4)}@example.com`,
  role,
  team: 'EMEA',
  timezone: 'Europe/Berlin',
  dailyCapacity: 8,
  ...extra,
});

const UPSERT_REP = `mutation ($input: RepInput!) { upsertRep(input: $input) { id active workingDays workingHours { start end } manager { id } outOfOffice { id from to note } } }`;
const UPSERT_TERRITORY = `mutation ($input: TerritoryInput!) {
  upsertTerritory(input: $input) { id kind mapVersion owner { id } backup { id } escalationOwner { id } problems { severity code } }
}`;
const PREVIEW = `query ($id: ID!, $asOf: DateTime) {
  ownerAssignment(accountId: $id, asOf: $asOf) { status mapVersion owner { id } backup { id } territory { id } decidingRule cover absent { repId reason } explanation }
}`;
const VERSIONS = `{ ownershipMapVersions(limit: 1) { version actor change moves { accountId rule policy previousOwner { id } currentOwner { id } currentBackup { id } } } }`;

interface Preview {
  ownerAssignment: {
    status: string;
    mapVersion: number;
    owner: { id: string } | null;
    backup: { id: string } | null;
    territory: { id: string } | null;
    decidingRule: string | null;
    cover: string | null;
    absent: { repId: string; reason: string }[];
    explanation: string;
  };
}
interface LatestVersion {
  ownershipMapVersions: { version: number; actor: string; change: string; moves: { accountId: string; rule: string; policy: string; previousOwner: { id: string } | null; currentOwner: { id: string } | null; currentBackup: { id: string } | null }[] }[];
}

describe('ownership-svc: the versioned map, cover and mid-period moves', () => {
  let schema: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  let subscription: Subscription;
  const events: AnyEvent[] = [];

  // As the gateway calls it: an OPS user's identity, signed (per request: a signed identity expires).
  const gql = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(service.url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
  const request = (query: string, variables: Record<string, unknown> = {}) => graphqlRequest(service.url, query, variables, asIdentity(TEST_IDENTITIES.OPS));
  const publish = (...e: EventEnvelope[]) => bus.publish(e.map(toMessage));
  const eventsOf = <T extends AnyEvent['type']>(type: T) => events.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
  const latest = async () => (await gql<LatestVersion>(VERSIONS)).ownershipMapVersions[0];
  const preview = async (id: string, asOf?: string) => (await gql<Preview>(PREVIEW, { id, asOf })).ownerAssignment;
  /** Qualifies an account (profile first) and waits for its ownership-resolved. */
  const qualify = async (accountId: string, firmographics: Firmographics, qualifiedAt?: string) => {
    await publish(upserted(accountId, firmographics));
    await waitFor(async () => (await preview(accountId)).status !== 'PROFILE_UNKNOWN', { what: `the profile of ${accountId}` });
    const q = qualified(accountId, qualifiedAt);
    await publish(q);
    return waitFor(() => eventsOf('ownership-resolved').find((e) => e.payload.qualificationId === q.payload.qualificationId), { what: `ownership-resolved for ${accountId}`, timeoutMs: 15_000 });
  };
  const changedFor = (accountId: string, mapVersion: number) =>
    waitFor(() => eventsOf('ownership-changed').find((e) => e.payload.accountId === accountId && e.payload.mapVersion === mapVersion), {
      what: `ownership-changed for ${accountId} at map version ${mapVersion}`,
      timeoutMs: 15_000,
    });

  beforeAll(async () => {
    schema = await createTestSchema('ownership_map');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'ownership-map-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: ownershipEntities, migrations: ownershipMigrations });
    // The cover sweep is driven by hand below (its background run would move accounts between assertions).
    service = await startOwnershipService({ dataSource, bus, port: 0, clock, logger, auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } }, { coverSweepEveryMs: 3_600_000 });
    subscription = await bus.subscribe({
      groupId: 'spec-ownership-map-events',
      topics: [Topics.ownershipEvents],
      handler: async (m) => {
        const parsed = parseEvent(m.value);
        if (!parsed.ok) throw new Error(`ownership-svc published an invalid event: ${parsed.error}`);
        if (m.key !== parsed.event.aggregateId) throw new Error(`message key ${m.key} is not the aggregate id ${parsed.event.aggregateId}`);
        events.push(parsed.event);
      },
    });

    await gql(UPSERT_REP, { input: rep('rep-mara', 'Mara Lee', 'MANAGER') });
    for (const input of [
      rep('rep-ana', 'Ana Ortiz', 'SDR', { managerRepId: 'rep-mara', workingDays: [1, 2, 3, 4], workingHours: { start: '08:00', end: '16:30' } }),
      rep('rep-ben', 'Ben Okafor', 'AE', { managerRepId: 'rep-mara' }),
      rep('rep-cara', 'Cara Diaz', 'SDR', { managerRepId: 'rep-mara' }),
      rep('rep-dev', 'Dev Patel', 'AE', { managerRepId: 'rep-mara' }),
    ]) {
      await gql(UPSERT_REP, { input });
    }
    const territories = [
      { id: 'terr-emea-saas', name: 'EMEA SaaS', priority: 20, match: { regions: ['EMEA'], industries: ['Software'] }, ownerRepId: 'rep-ana', backupRepId: 'rep-ben', escalationRepId: 'rep-mara' },
      { id: 'terr-emea', name: 'EMEA', priority: 20, match: { regions: ['EMEA'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-dev' },
      { id: 'terr-rest', name: 'Everyone else', priority: 100, ownerRepId: 'rep-dev', backupRepId: 'rep-cara' },
    ];
    for (const input of territories) await gql(UPSERT_TERRITORY, { input });
  });

  afterAll(async () => {
    await subscription?.stop();
    await service?.stop();
    await bus?.close();
    await schema?.drop();
  });

  it('every rep change is a map version with its actor, and publishes rep-upserted keyed by the rep id', async () => {
    const ana = await waitFor(() => eventsOf('rep-upserted').find((e) => e.payload.repId === 'rep-ana'), { what: 'rep-upserted for Ana' });
    expect(ana.aggregateId).toBe('rep-ana');
    expect(ana.payload).toMatchObject({
      role: 'SDR',
      timezone: 'Europe/Berlin',
      workingDays: [1, 2, 3, 4],
      workingHours: { start: '08:00', end: '16:30' },
      managerRepId: 'rep-mara',
      active: true,
      outOfOffice: [],
      updatedAt: '2026-11-24T09:00:00.000Z',
    });
    const { ownershipMapVersions } = await gql<{ ownershipMapVersions: { version: number; actor: string; change: string }[] }>(`{ ownershipMapVersions(limit: 20) { version actor change } }`);
    expect(ownershipMapVersions.map((v) => v.change).reverse()).toEqual([
      'Map versioning starts: the reps, territories and settings as they stood',
      'Mara Lee (rep-mara) added as MANAGER',
      'Ana Ortiz (rep-ana) added as SDR',
      'Ben Okafor (rep-ben) added as AE',
      'Cara Diaz (rep-cara) added as SDR',
      'Dev Patel (rep-dev) added as AE',
      "Territory 'EMEA SaaS' (terr-emea-saas) created: region EMEA; industry Software, priority 20; owner Ana Ortiz, backup Ben Okafor, escalation owner Mara Lee",
      "Territory 'EMEA' (terr-emea) created: region EMEA, priority 20; owner Cara Diaz, backup Dev Patel",
      "Territory 'Everyone else' (terr-rest) created: any account (catch-all), priority 100; owner Dev Patel, backup Cara Diaz",
    ]);
    expect(ownershipMapVersions.slice(0, -1).every((v) => v.actor === ACTOR)).toBe(true);
  });

  it('saving the same territory again writes no version', async () => {
    const before = (await latest()).version;
    await gql(UPSERT_TERRITORY, { input: { id: 'terr-rest', name: 'Everyone else', priority: 100, ownerRepId: 'rep-dev', backupRepId: 'rep-cara' } });
    expect((await latest()).version).toBe(before);
  });

  it('an overlapping equal rule or a manager as owner is refused at save time, naming the field and the conflicting territories; nothing is stored', async () => {
    const before = (await latest()).version;
    const overlap = await request(UPSERT_TERRITORY, {
      input: { id: 'terr-software', name: 'Software', priority: 20, match: { industries: ['Software'] }, ownerRepId: 'rep-ben', backupRepId: 'rep-dev' },
    });
    expect(overlap.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.priority',
      conflictingTerritoryIds: ['terr-emea', 'terr-software'],
      problems: [{ code: 'OVERLAPPING_EQUAL_RULES', field: 'input.priority', territoryIds: ['terr-emea', 'terr-software'] }],
    });
    expect(overlap.errors?.[0]?.extensions?.rule).toContain("Territories 'EMEA' (terr-emea) and 'Software' (terr-software) have the same specificity (1) and priority (20)");
    const manager = await request(UPSERT_TERRITORY, {
      input: { id: 'terr-software', name: 'Software', priority: 30, match: { industries: ['Software'] }, ownerRepId: 'rep-mara', backupRepId: 'rep-dev' },
    });
    expect(manager.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerRepId', problems: [{ code: 'MANAGER_AS_OWNER' }] });
    const { territories } = await gql<{ territories: { id: string }[] }>(`{ territories { id } }`);
    expect(territories.map((t) => t.id)).toEqual(['terr-emea', 'terr-emea-saas', 'terr-rest']);
    expect((await latest()).version).toBe(before);
  });

  it('validateOwnershipMap runs the same checks on demand, also on a proposed change', async () => {
    const { validateOwnershipMap: now } = await gql<{ validateOwnershipMap: { valid: boolean; problems: { code: string }[] } }>(`{ validateOwnershipMap { valid problems { code } } }`);
    expect(now).toEqual({ valid: true, problems: [] });
    const { validateOwnershipMap: proposed } = await gql<{ validateOwnershipMap: { valid: boolean; problems: { severity: string; code: string; territoryIds: string[]; message: string }[] } }>(
      `query ($p: [TerritoryInput!]) { validateOwnershipMap(proposed: $p, retire: ["terr-rest"]) { valid problems { severity code territoryIds message } } }`,
      { p: [{ id: 'terr-software', name: 'Software', priority: 20, match: { industries: ['Software'] }, ownerRepId: 'rep-ben', backupRepId: 'rep-dev' }] },
    );
    expect(proposed.valid).toBe(false);
    expect(proposed.problems.map((p) => [p.severity, p.code, p.territoryIds])).toEqual([
      ['ERROR', 'OVERLAPPING_EQUAL_RULES', ['terr-emea', 'terr-software']],
      ['WARNING', 'NO_CATCH_ALL', []],
    ]);
  });

  it('owner change mid-period, STAY_WITH_OWNER_AT_HANDOFF: Northwind’s open handoff stays with Ana; ownership-changed says so; as-of answers both sides', async () => {
    const resolved = await qualify('acc-northwind', SOFTWARE_DE);
    expect(resolved.payload.ownerAssignment).toMatchObject({ owner: { repId: 'rep-ana' }, backup: { repId: 'rep-ben' }, territoryId: 'terr-emea-saas' });
    const beforeChange = clock().toISOString();
    const versionBefore = (await preview('acc-northwind')).mapVersion;

    clock.advance(60 * 60 * 1000);
    const saved = await gql<{ upsertTerritory: { mapVersion: number } }>(UPSERT_TERRITORY, {
      input: { id: 'terr-emea-saas', name: 'EMEA SaaS', priority: 20, match: { regions: ['EMEA'], industries: ['Software'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-ben', escalationRepId: 'rep-mara' },
    });
    const version = saved.upsertTerritory.mapVersion;
    const changed = await changedFor('acc-northwind', version);
    expect(changed.payload).toMatchObject({
      policy: 'STAY_WITH_OWNER_AT_HANDOFF',
      reason: "Territory 'EMEA SaaS' (terr-emea-saas): owner Ana Ortiz → Cara Diaz",
      previous: { owner: { repId: 'rep-ana' }, backup: { repId: 'rep-ben' } },
      current: { owner: { repId: 'rep-ana' }, backup: { repId: 'rep-ben' } },
      changedAt: '2026-11-24T10:00:00.000Z',
    });
    expect(changed.payload.current?.explanation).toContain('new qualifications go to Cara Diaz');
    expect((await latest()).moves).toEqual([{ accountId: 'acc-northwind', rule: 'STAYED', policy: 'STAY_WITH_OWNER_AT_HANDOFF', previousOwner: { id: 'rep-ana' }, currentOwner: { id: 'rep-ana' }, currentBackup: { id: 'rep-ben' } }]);

    expect(await preview('acc-northwind', beforeChange)).toMatchObject({ mapVersion: versionBefore, owner: { id: 'rep-ana' }, decidingRule: 'MOST_SPECIFIC' });
    expect(await preview('acc-northwind')).toMatchObject({ mapVersion: version, owner: { id: 'rep-cara' } });
    const { territories } = await gql<{ territories: { id: string; owner: { id: string } }[] }>(`query ($at: DateTime) { territories(asOf: $at) { id owner { id } } }`, { at: beforeChange });
    expect(territories.find((t) => t.id === 'terr-emea-saas')?.owner.id).toBe('rep-ana');
  });

  it('owner change mid-period, MOVE_TO_NEW_OWNER: Umbrella’s open handoff moves to Ben with Cara (owner at handoff) as backup', async () => {
    const resolved = await qualify('acc-umbrella', HEALTH_GB);
    expect(resolved.payload.ownerAssignment).toMatchObject({ owner: { repId: 'rep-cara' }, backup: { repId: 'rep-dev' }, territoryId: 'terr-emea' });
    const { updateOwnershipSettings } = await gql<{ updateOwnershipSettings: { midPeriodPolicy: string; writtenRules: string[] } }>(
      `mutation { updateOwnershipSettings(input: { midPeriodPolicy: MOVE_TO_NEW_OWNER }) { midPeriodPolicy writtenRules } }`,
    );
    expect(updateOwnershipSettings.midPeriodPolicy).toBe('MOVE_TO_NEW_OWNER');
    expect(updateOwnershipSettings.writtenRules[0]).toBe('1. Named account: a named-account list that names the account wins over every territory rule.');

    clock.advance(60 * 60 * 1000);
    const saved = await gql<{ upsertTerritory: { mapVersion: number } }>(UPSERT_TERRITORY, {
      input: { id: 'terr-emea', name: 'EMEA', priority: 20, match: { regions: ['EMEA'] }, ownerRepId: 'rep-ben', backupRepId: 'rep-dev' },
    });
    const changed = await changedFor('acc-umbrella', saved.upsertTerritory.mapVersion);
    expect(changed.payload).toMatchObject({
      policy: 'MOVE_TO_NEW_OWNER',
      previous: { owner: { repId: 'rep-cara' }, backup: { repId: 'rep-dev' } },
      current: { owner: { repId: 'rep-ben' }, backup: { repId: 'rep-cara' } },
    });
    // Northwind's owner did not change with EMEA's: one account moved.
    expect((await latest()).moves.map((m) => m.accountId)).toEqual(['acc-umbrella']);
  });

  it('owner on leave: a leave covering now moves Cara’s open handoff; a qualification during the leave goes to the backup; rep-upserted carries the leave', async () => {
    clock.set('2026-11-25T09:00:00.000Z');
    const { addOutOfOffice } = await gql<{ addOutOfOffice: { outOfOffice: { id: string }[]; availability: { available: boolean; reason: string; explanation: string } } }>(
      `mutation { addOutOfOffice(input: { repId: "rep-cara", from: "2026-11-25T00:00:00Z", to: "2026-12-05T00:00:00Z", note: "Conference" }) {
        outOfOffice { id } availability { available reason explanation } } }`,
    );
    expect(addOutOfOffice.availability).toEqual({ available: false, reason: 'OUT_OF_OFFICE', explanation: 'Cara Diaz is out of office until 2026-12-05 00:00 UTC (Conference)' });
    const version = (await latest()).version;
    // Northwind: the map now names Ben (Cara away) over Ana, its owner at handoff, who still serves — MOVE_TO_NEW_OWNER: Ben, Ana backs up.
    const northwind = await changedFor('acc-northwind', version);
    expect(northwind.payload.current).toMatchObject({ owner: { repId: 'rep-ben' }, backup: { repId: 'rep-ana' } });
    const leave = await waitFor(() => eventsOf('rep-upserted').find((e) => e.payload.repId === 'rep-cara' && e.payload.outOfOffice.length === 1), { what: "rep-upserted with Cara's leave" });
    expect(leave.payload.outOfOffice).toEqual([{ from: '2026-11-25T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z' }]);

    const during = await qualify('acc-nordic', { ...SOFTWARE_DE, country: 'SE' }, '2026-11-26T10:00:00.000Z');
    expect(during.payload.ownerAssignment).toMatchObject({ owner: { repId: 'rep-ben' }, backup: { repId: 'rep-mara' } });
    expect(during.payload.ownerAssignment.explanation).toContain('Cara Diaz owns it but is out of office until 2026-12-05 00:00 UTC (Conference), so Ben Okafor (its backup) acts as owner and Mara Lee, its escalation owner, backs up.');
    const { ownerAssignment } = await gql<Preview>(PREVIEW, { id: 'acc-nordic' });
    expect(ownerAssignment).toMatchObject({ cover: 'BACKUP_ACTS_AS_OWNER', absent: [{ repId: 'rep-cara', reason: 'OUT_OF_OFFICE' }] });
  });

  it('owner and backup both on leave: a qualification goes to the escalation owner', async () => {
    await gql(`mutation { addOutOfOffice(input: { repId: "rep-ben", from: "2026-11-30T00:00:00Z", to: "2026-12-02T00:00:00Z" }) { id } }`);
    const both = await qualify('acc-baltic', { ...SOFTWARE_DE, country: 'EE' }, '2026-12-01T10:00:00.000Z');
    expect(both.payload.ownerAssignment).toMatchObject({ owner: { repId: 'rep-mara', role: 'MANAGER' }, backup: { repId: 'rep-dev' } });
    expect(both.payload.ownerAssignment.explanation).toContain('so Mara Lee, its escalation owner, acts as owner');
  });

  it('inactive rep: deactivating Ana moves the handoff she backs up; an omitted `active` later keeps her inactive', async () => {
    clock.set('2026-11-25T12:00:00.000Z');
    await gql(UPSERT_REP, { input: rep('rep-ana', 'Ana Ortiz', 'SDR', { active: false }) });
    const v = await latest();
    expect(v.change).toBe('Ana Ortiz (rep-ana): deactivated');
    const moved = await changedFor('acc-northwind', v.version);
    expect(moved.payload.previous).toMatchObject({ owner: { repId: 'rep-ben' }, backup: { repId: 'rep-ana' } });
    expect(moved.payload.current?.backup.repId).not.toBe('rep-ana');
    const again = await gql<{ upsertRep: { active: boolean; workingDays: number[] } }>(UPSERT_REP, { input: rep('rep-ana', 'Ana Ortiz', 'SDR') });
    expect(again.upsertRep).toMatchObject({ active: false, workingDays: [1, 2, 3, 4] });
    const inactive = await waitFor(() => eventsOf('rep-upserted').find((e) => e.payload.repId === 'rep-ana' && !e.payload.active), { what: 'rep-upserted inactive' });
    expect(inactive.payload.active).toBe(false);
  });

  it('bad input on the new operations: BAD_USER_INPUT or NOT_FOUND naming the field, nothing stored', async () => {
    const before = (await latest()).version;
    const backwards = await request(`mutation { addOutOfOffice(input: { repId: "rep-ben", from: "2026-12-05T00:00:00Z", to: "2026-12-01T00:00:00Z" }) { id } }`);
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
    const noPeriod = await request(`mutation { cancelOutOfOffice(repId: "rep-ben", periodId: "nope") { id } }`);
    expect(noPeriod.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'periodId' });
    const noTerritory = await request(`mutation { retireTerritory(id: "terr-ghost") { version } }`);
    expect(noTerritory.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const rules = await request(`mutation { updateOwnershipSettings(input: { conflictRules: [PRIORITY, NAMED_ACCOUNT, MOST_SPECIFIC] }) { conflictRules } }`);
    expect(rules.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.conflictRules' });
    const badManager = await request(UPSERT_REP, { input: rep('rep-dev', 'Dev Patel', 'AE', { managerRepId: 'rep-ben' }) });
    expect(badManager.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.managerRepId', problems: [{ code: 'MANAGER_NOT_A_MANAGER' }] });
    const badAsOf = await request(PREVIEW, { id: 'acc-northwind', asOf: 'yesterday' });
    expect(badAsOf.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    expect((await latest()).version).toBe(before);
  });

  it('a named-account list overrides the territories, and retiring it hands the account back to the rules', async () => {
    clock.set('2026-11-25T13:00:00.000Z');
    const listed = await gql<{ upsertTerritory: { kind: string; mapVersion: number } }>(UPSERT_TERRITORY, {
      input: { id: 'terr-key', name: 'Key accounts', priority: 1, namedAccountIds: ['acc-umbrella'], ownerRepId: 'rep-dev', backupRepId: 'rep-ben', escalationRepId: 'rep-mara' },
    });
    expect(listed.upsertTerritory.kind).toBe('NAMED_ACCOUNTS');
    expect(await preview('acc-umbrella')).toMatchObject({ owner: { id: 'rep-dev' }, decidingRule: 'NAMED_ACCOUNT', territory: { id: 'terr-key' } });
    const moved = await changedFor('acc-umbrella', listed.upsertTerritory.mapVersion);
    expect(moved.payload.current?.owner.repId).toBe('rep-dev');
    const { retireTerritory } = await gql<{ retireTerritory: { change: string; moves: { accountId: string }[] } }>(`mutation { retireTerritory(id: "terr-key") { change moves { accountId } } }`);
    expect(retireTerritory).toEqual({ change: "Territory 'Key accounts' (terr-key) retired", moves: [{ accountId: 'acc-umbrella' }] });
    expect((await preview('acc-umbrella')).territory?.id).toBe('terr-emea');
  });

  it('a CRM profile change of an account in flight re-routes it like a map change, and its decision shows the moves', async () => {
    const resolved = await qualify('acc-mover', SOFTWARE_DE);
    const decided = resolved.payload.ownerAssignment.owner.repId;
    await publish(upserted('acc-mover', { ...SOFTWARE_DE, region: 'APAC', country: 'JP' }, '2026-11-25T14:00:00.000Z'));
    const moved = await waitFor(() => eventsOf('ownership-changed').find((e) => e.payload.accountId === 'acc-mover'), { what: 'ownership-changed for acc-mover', timeoutMs: 15_000 });
    expect(moved.payload.reason).toBe("Account acc-mover's profile changed in the CRM: region EMEA → APAC; country DE → JP");
    expect(moved.payload.current).toMatchObject({ owner: { repId: 'rep-dev' }, territoryId: 'terr-rest' });
    const { ownershipDecision } = await gql<{ ownershipDecision: { owner: { id: string }; currentOwner: { id: string }; moves: { rule: string; reason: string }[] } }>(
      `query ($id: ID!) { ownershipDecision(qualificationId: $id) { owner { id } currentOwner { id } moves { rule reason } } }`,
      { id: resolved.payload.qualificationId },
    );
    expect(ownershipDecision).toEqual({ owner: { id: decided }, currentOwner: { id: 'rep-dev' }, moves: [{ rule: 'MOVED', reason: moved.payload.reason }] });
  });

  it('a leave recorded in advance re-routes open handoffs when it starts (the cover sweep)', async () => {
    const sweep = () => service.dataSource.transaction((m) => sweepCoverBoundaries(m, new CompiledMapCache(), clock()));
    clock.set('2026-11-25T15:00:00.000Z');
    await sweep(); // the checkpoint
    await gql(UPSERT_REP, { input: rep('rep-eli', 'Eli Novak', 'SDR', { managerRepId: 'rep-mara' }) });
    await gql(UPSERT_REP, { input: rep('rep-fay', 'Fay Moreau', 'AE', { managerRepId: 'rep-mara' }) });
    await gql(UPSERT_TERRITORY, {
      input: { id: 'terr-latam', name: 'LATAM', priority: 30, match: { regions: ['LATAM'] }, ownerRepId: 'rep-eli', backupRepId: 'rep-fay', escalationRepId: 'rep-mara' },
    });
    const resolved = await qualify('acc-latam', { ...SOFTWARE_DE, region: 'LATAM', country: 'BR' });
    expect(resolved.payload.ownerAssignment.owner.repId).toBe('rep-eli');
    await gql(`mutation { addOutOfOffice(input: { repId: "rep-eli", from: "2026-11-26T00:00:00Z", to: "2026-11-28T00:00:00Z", note: "Training" }) { id } }`);
    expect((await latest()).moves).toEqual([]); // in the future: nothing moves yet

    clock.set('2026-11-26T00:00:30.000Z');
    const result = await sweep();
    expect(result.reason).toBe("Eli Novak's out-of-office period started (2026-11-26 00:00 UTC – 2026-11-28 00:00 UTC, Training)");
    expect(result.moves.map((m) => [m.accountId, m.rule, m.current?.owner.repId])).toEqual([['acc-latam', 'OWNER_AWAY_COVER', 'rep-fay']]);
    const changed = await waitFor(() => eventsOf('ownership-changed').find((e) => e.payload.accountId === 'acc-latam'), { what: 'ownership-changed for acc-latam', timeoutMs: 15_000 });
    expect(changed.payload).toMatchObject({ reason: result.reason, current: { owner: { repId: 'rep-fay' }, backup: { repId: 'rep-mara' } } });
    expect((await sweep()).moves).toEqual([]); // nothing new since
  });

  it('the first qualification after a map change is decided on the new version (the map compiled for the version before is not used again)', async () => {
    const NA: Firmographics = { industry: 'Logistics', employeeCount: 800, annualRevenueUsd: 90_000_000, region: 'NA', country: 'US' };
    const naTerritory = (ownerRepId: string, backupRepId: string) => ({
      id: 'terr-na', name: 'North America', priority: 30, match: { regions: ['NA'] }, ownerRepId, backupRepId, escalationRepId: 'rep-mara',
    });
    const decisionOf = (qualificationId: string) =>
      gql<{ ownershipDecision: { mapVersion: number; owner: { id: string } } }>(`query ($id: ID!) { ownershipDecision(qualificationId: $id) { mapVersion owner { id } } }`, {
        id: qualificationId,
      }).then((d) => d.ownershipDecision);

    const first = (await gql<{ upsertTerritory: { mapVersion: number } }>(UPSERT_TERRITORY, { input: naTerritory('rep-fay', 'rep-dev') })).upsertTerritory.mapVersion;
    const before = await qualify('acc-na-first', NA);
    expect(before.payload.ownerAssignment).toMatchObject({ owner: { repId: 'rep-fay' }, backup: { repId: 'rep-dev' }, territoryId: 'terr-na' });
    expect(await decisionOf(before.payload.qualificationId)).toEqual({ mapVersion: first, owner: { id: 'rep-fay' } });

    const second = (await gql<{ upsertTerritory: { mapVersion: number } }>(UPSERT_TERRITORY, { input: naTerritory('rep-dev', 'rep-fay') })).upsertTerritory.mapVersion;
    expect(second).toBeGreaterThan(first);
    const after = await qualify('acc-na-next', NA);
    expect(after.payload.ownerAssignment).toMatchObject({ owner: { repId: 'rep-dev' }, backup: { repId: 'rep-fay' }, territoryId: 'terr-na' });
    expect(await decisionOf(after.payload.qualificationId)).toEqual({ mapVersion: second, owner: { id: 'rep-dev' } });
  });
});
