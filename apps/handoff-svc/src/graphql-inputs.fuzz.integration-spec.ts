import type { RunningService } from '@handoff-graph/runtime';
import { TEST_IDENTITIES, asIdentity, graphqlRequest, itFuzzesEveryMutation, mutationFuzzTargets, schemaFootprint, type FuzzVariables } from '@handoff-graph/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type Harness } from './test-support/harness';

/**
 * Every mutation of handoff-svc's schema, fed generated bad and borderline variables as OPS (so
 * authorization does not mask validation): the service answers every request with a clean refusal
 * (allowed code, message, field and rule) or a success, and a refused request stores nothing (CRM
 * mirror, playbook and its versions, SLA policy, handoffs, outbox, inbox).
 * A new mutation needs a valid example below (the first test fails until it has one).
 */

const rule = (name: string) => ({
  name,
  triggerSignalType: 'PRICING_PAGE_VISIT',
  stage: 'RE_ENGAGED',
  contactRole: 'ECONOMIC_BUYER',
  primaryTemplate: 'Call {contact} and ask what changed since the last evaluation of {account}; mention {evidence}.',
  fallbackTemplate: 'Email {contact} the current pricing sheet with two 20-minute meeting slots.',
  priority: 150,
  active: true,
});

/** Rules to delete: each deletion uses one up. */
const DOOMED = Array.from({ length: 6 }, (_, i) => `fuzz-doomed-rule-${i}`);

/** Valid variables per mutation (variants where a success uses one up), each accepted as is. */
const EXAMPLES: Record<string, FuzzVariables | FuzzVariables[]> = {
  upsertAccount: {
    input: {
      id: 'acc-fuzz',
      crmId: '001-FUZZ',
      name: 'Fuzz Analytics',
      domain: 'fuzz.example',
      firmographics: { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' },
    },
  },
  upsertContact: { input: { id: 'con-fuzz', accountId: 'acc-fuzz', name: 'Lena Fuzz', title: 'VP Revenue Operations', email: 'lena@fuzz.example', committeeRole: 'ECONOMIC_BUYER' } },
  createPlaybookRule: Array.from({ length: 10 }, (_, i) => ({ id: `fuzz-new-rule-${i}`, input: rule('Fuzz: a new rule') })),
  updatePlaybookRule: { id: 'fuzz-rule', input: rule('Fuzz: an updated rule') },
  deletePlaybookRule: DOOMED.map((id) => ({ id })),
  updateHandoffSlaPolicy: { input: { acceptanceWindowMinutes: 15, expireAfterBusinessDays: 5 } },
};

describe('handoff-svc mutations under generated bad input (PostgreSQL, Kafka)', () => {
  const sdl = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');
  const targets = mutationFuzzTargets(sdl, { examples: EXAMPLES });
  const ops = () => asIdentity(TEST_IDENTITIES.OPS);
  let h: Harness;
  let service: RunningService;

  beforeAll(async () => {
    h = await startHarness('fuzz', '2026-11-24T09:00:00.000Z');
    service = h.service;
    const create = `mutation ($id: ID!, $input: PlaybookRuleInput!) { createPlaybookRule(id: $id, input: $input) { id } }`;
    await h.gql(create, { id: 'fuzz-rule', input: rule('Fuzz: the rule to update') });
    for (const id of DOOMED) await h.gql(create, { id, input: rule('Fuzz: a rule to delete') });
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Row count and checksum of every table of the service's schema (outbox and inbox included). */
  const footprint = () => schemaFootprint((sql, params) => service.dataSource.query(sql, params), (service.dataSource.options as { schema: string }).schema);

  it('refuses text PostgreSQL cannot store (NUL) naming the field, also in an id it only looks up, and stores nothing', async () => {
    const before = await footprint();
    const contact = { ...(EXAMPLES.upsertContact as FuzzVariables).input as object, title: 'VP\u0000' };
    for (const [query, variables, field] of [
      [`mutation ($input: UpsertContactInput!) { upsertContact(input: $input) { id } }`, { input: contact }, 'input.title'],
      [`mutation ($id: ID!) { deletePlaybookRule(id: $id) { id } }`, { id: 'fuzz-rule\u0000' }, 'id'],
    ] as const) {
      const body = await graphqlRequest(service.url, query, variables, ops());
      expect(body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field, rule: expect.stringContaining('NUL') })]);
    }
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
    const data = await h.gql<{ upsertAccount: { id: string } }>(`mutation ($input: UpsertAccountInput!) { upsertAccount(input: $input) { id } }`, {
      input: { id: 'acc-fuzz-after', crmId: '001-AFTER', name: 'After Fuzz', domain: 'after-fuzz.example' },
    });
    expect(data.upsertAccount.id).toBe('acc-fuzz-after');
  });
});
