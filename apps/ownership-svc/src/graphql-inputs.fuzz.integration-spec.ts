import 'reflect-metadata';
import { KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
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
import { ownershipEntities, ownershipMigrations, startOwnershipService } from './service';

/**
 * Every mutation of ownership-svc's schema, fed generated bad and borderline variables as OPS (so
 * authorization does not mask validation): the service answers every request with a clean refusal
 * (allowed code, message, field and rule) or a success, and a refused request stores nothing (map
 * versions, reps, territories, settings, routing, outbox, inbox).
 * A new mutation needs a valid example below (the first test fails until it has one).
 */

const clock = manualClock('2026-11-24T09:00:00.000Z');
const rep = (id: string, role: 'SDR' | 'AE' | 'MANAGER', managerRepId: string | null = 'rep-fuzz-mgr') => ({
  id,
  name: `Rep ${id}`,
  email: `${id}@example.com`,
  role,
  team: 'EMEA',
  timezone: 'Europe/Berlin',
  dailyCapacity: 8,
  managerRepId,
});
const namedList = (id: string, accountId: string) => ({ id, name: id, priority: 1, namedAccountIds: [accountId], ownerRepId: 'rep-fuzz-a', backupRepId: 'rep-fuzz-b' });

/** Valid variables per mutation (variants where a success uses one up), each accepted as is and in this order. */
const examples = (periodIds: string[], doomed: string[]): Record<string, FuzzVariables | FuzzVariables[]> => ({
  upsertRep: {
    input: {
      ...rep('rep-fuzz-new', 'SDR'),
      active: true,
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { start: '09:00', end: '17:30' },
      outOfOffice: [{ from: '2026-12-21T00:00:00Z', to: '2027-01-04T00:00:00Z', note: 'Holidays' }],
    },
  },
  addOutOfOffice: { input: { repId: 'rep-fuzz-a', from: '2027-02-01T00:00:00Z', to: '2027-02-03T00:00:00Z', note: 'Conference' } },
  cancelOutOfOffice: periodIds.map((periodId) => ({ repId: 'rep-fuzz-a', periodId })),
  upsertTerritory: {
    input: {
      id: 'terr-fuzz-emea',
      name: 'EMEA Software',
      priority: 5,
      match: { regions: ['EMEA'], countries: ['DE'], industries: ['Software'], minEmployees: 10, maxEmployees: 1000, minRevenueUsd: 0, maxRevenueUsd: 1e9 },
      ownerRepId: 'rep-fuzz-a',
      backupRepId: 'rep-fuzz-b',
      escalationRepId: 'rep-fuzz-mgr',
    },
  },
  retireTerritory: doomed.map((id) => ({ id })),
  updateOwnershipSettings: { input: { conflictRules: ['NAMED_ACCOUNT', 'MOST_SPECIFIC', 'PRIORITY'], midPeriodPolicy: 'MOVE_TO_NEW_OWNER', inFlightDays: 30 } },
});

describe('ownership-svc mutations under generated bad input (PostgreSQL, Kafka)', () => {
  const sdl = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');
  const ops = () => asIdentity(TEST_IDENTITIES.OPS);
  const asOps = <T>(query: string, variables: FuzzVariables) => graphqlData<T>(service.url, query, variables, ops());
  let db: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  let targets: ReturnType<typeof mutationFuzzTargets> = [];
  let exampleNames: string[] = [];

  beforeAll(async () => {
    db = await createTestSchema('ownership_fuzz');
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'ownership-fuzz-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    const dataSource = createServiceDataSource({ url: db.url, schema: db.schema, entities: ownershipEntities, migrations: ownershipMigrations });
    service = await startOwnershipService(
      { dataSource, bus, port: 0, clock, logger: createLogger('ownership-svc', 'error'), auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true } },
      { coverSweepEveryMs: 3_600_000 },
    );
    const upsertRep = `mutation ($input: RepInput!) { upsertRep(input: $input) { id } }`;
    await asOps(upsertRep, { input: rep('rep-fuzz-mgr', 'MANAGER', null) });
    await asOps(upsertRep, { input: rep('rep-fuzz-a', 'SDR') });
    await asOps(upsertRep, { input: rep('rep-fuzz-b', 'AE') });
    // Leave periods to cancel and territories to retire: each success uses one up.
    const doomed = Array.from({ length: 5 }, (_, i) => `terr-fuzz-doomed-${i}`);
    for (const id of doomed) await asOps(`mutation ($input: TerritoryInput!) { upsertTerritory(input: $input) { id } }`, { input: namedList(id, `acc-${id}`) });
    const periodIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const note = `to cancel ${i}`;
      const leave = await asOps<{ addOutOfOffice: { outOfOffice: { id: string; note: string | null }[] } }>(
        `mutation ($input: AddOutOfOfficeInput!) { addOutOfOffice(input: $input) { outOfOffice { id note } } }`,
        { input: { repId: 'rep-fuzz-a', from: `2027-03-0${i + 1}T00:00:00Z`, to: `2027-03-0${i + 2}T00:00:00Z`, note } },
      );
      periodIds.push(leave.addOutOfOffice.outOfOffice.find((p) => p.note === note)!.id);
    }
    const all = examples(periodIds, doomed);
    exampleNames = Object.keys(all);
    targets = mutationFuzzTargets(sdl, { examples: all });
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await db?.drop();
  });

  /** Row count and checksum of every table of the service's schema (outbox and inbox included). */
  const footprint = () => schemaFootprint((sql, params) => service.dataSource.query(sql, params), db.schema);

  it('refuses text PostgreSQL cannot store (an unpaired surrogate in a jsonb leave note) naming the field, and stores nothing', async () => {
    const before = await footprint();
    const input = { ...rep('rep-fuzz-nul', 'SDR'), outOfOffice: [{ from: '2026-12-21T00:00:00Z', to: '2027-01-04T00:00:00Z', note: 'Holidays \uD800' }] };
    const body = await graphqlRequest(service.url, `mutation ($input: RepInput!) { upsertRep(input: $input) { id } }`, { input }, ops());
    expect(body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.outOfOffice.0.note', rule: expect.stringContaining('surrogate') })]);
    expect(await footprint()).toEqual(before);
  });

  itFuzzesEveryMutation({
    sdl,
    targets: () => targets,
    exampleNames: () => exampleNames,
    url: () => service.url,
    headers: ops,
    footprint,
  });

  it('is still up and still applies a valid request', async () => {
    expect((await fetch(service.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
    const data = await asOps<{ upsertRep: { id: string } }>(`mutation ($input: RepInput!) { upsertRep(input: $input) { id } }`, { input: rep('rep-fuzz-after', 'SDR') });
    expect(data.upsertRep.id).toBe('rep-fuzz-after');
  });
});
