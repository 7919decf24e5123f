import { EVENT_EXAMPLES, createEvent } from '@handoff-graph/contracts';
import { TEST_IDENTITIES, waitFor } from '@handoff-graph/testing';
import { OWNER, assignment, rep, startHarness, type Harness } from './test-support/harness';

/**
 * Playbooks owned by ops (versioned, validated at save time, the handoff records the version it
 * used) and re-routing on ownership changes, over PostgreSQL and Kafka with a manual clock.
 */
describe('handoff-svc playbooks and re-routing', () => {
  let h: Harness;
  // Tue 24 Nov 2026, 14:02 in Berlin.
  const START = '2026-11-24T13:02:00.000Z';
  const ANA = rep('rep-ber', 'Ana Ortiz', 'Europe/Berlin');
  const BEN = rep('rep-ben', 'Ben Okafor', 'Europe/London');
  const TO_ANA = assignment(ANA, BEN);
  // Two ops users: each saved version records the identity the gateway verified.
  const OLGA = { ...TEST_IDENTITIES.OPS, subject: 'ops-olga' };
  const PIA = { ...TEST_IDENTITIES.OPS, subject: 'ops-pia' };

  const CARD = `query ($id: ID!) { handoff(id: $id) {
    id status statusChangedAt
    statusHistory { from to at reason applied cause }
    sla { clockStartsAt acceptanceDueAt firstTouchDueAt expiresAt running minutesLeft breached breaches timezone }
    escalations { level sla from { id } to { id } dueAt escalatedAt reason }
    ownerAssignment { owner { id } backup { id } explanation }
    originalOwnerAssignment { owner { id } backup { id } }
    whyMe stage queueDate priorityRank
    reroutes { policy from { id } to { id } moved reason mapVersion }
    nextAction { playbookRuleId playbookRuleVersion triggerReason primary }
    playbookRule { ruleId version savedBy change }
  } }`;
  interface Card {
    status: string;
    statusHistory: { from: string | null; to: string; at: string; reason: string; applied: boolean; cause: string }[];
    sla: { running: string | null; minutesLeft: number | null; breached: boolean; breaches: string[]; [k: string]: unknown } | null;
    escalations: { level: string; sla: string; from: { id: string }; to: { id: string } | null; reason: string; [k: string]: unknown }[];
    ownerAssignment: { owner: { id: string }; backup: { id: string }; explanation: string };
    originalOwnerAssignment: { owner: { id: string }; backup: { id: string } };
    whyMe: string;
    stage: string;
    queueDate: string;
    priorityRank: number;
    reroutes: { policy: string; from: { id: string }; to: { id: string } | null; moved: boolean; reason: string; mapVersion: number }[];
    nextAction: { playbookRuleId: string; playbookRuleVersion: number; triggerReason: string; primary: string };
    playbookRule: { ruleId: string; version: number; savedBy: string; change: string } | null;
    [k: string]: unknown;
  }
  const card = async (id: string) => (await h.gql<{ handoff: Card }>(CARD, { id })).handoff;
  const waitForStatus = (handoffId: string, status: string) =>
    waitFor(async () => (await card(handoffId)).status === status, { what: `handoff ${handoffId} to be ${status}` });

  beforeAll(async () => {
    h = await startHarness('playbooks', START);
    await h.repProfile({ repId: 'rep-ber', name: 'Ana Ortiz', timezone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:30' }, dailyCapacity: 8, managerRepId: 'rep-mara', updatedAt: '2026-11-01T00:00:00.000Z' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe('playbooks owned by ops', () => {
    beforeAll(async () => {
      const first = await h.deliver('sla', TO_ANA); // 24 Nov, a NEW account: the seeded pricing rule
      expect((await card(first.handoffId)).stage).toBe('NEW');
    });

    const INPUT = {
      name: 'Re-engaged pricing interest: ask what changed',
      triggerSignalType: 'PRICING_PAGE_VISIT',
      stage: 'RE_ENGAGED',
      primaryTemplate: 'Call {contact} and ask what changed since the last evaluation of {account}; mention {evidence}.',
      fallbackTemplate: 'Email {contact} the current pricing sheet with two 20-minute meeting slots.',
      priority: 150,
    };
    const CREATE = `mutation ($id: ID!, $input: PlaybookRuleInput!) { createPlaybookRule(id: $id, input: $input) { id version stage updatedBy } }`;
    const UPDATE = `mutation ($id: ID!, $input: PlaybookRuleInput!, $v: Int) { updatePlaybookRule(id: $id, input: $input, expectedVersion: $v) { id version name updatedBy versions { version change savedBy } } }`;

    it('refuses a generic or non-imperative action at save time naming the field and the rule, and stores nothing', async () => {
      const generic = await h.request(CREATE, { id: 'lazy-rule', input: { ...INPUT, primaryTemplate: 'Follow up with {contact} about {evidence}.' } }, OLGA);
      expect(generic.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.primaryTemplate',
        rule: 'GENERIC_VERB: "follow up" is generic: name the concrete touch (call, email, draft, book…)',
      });
      const vague = await h.request(CREATE, { id: 'lazy-rule', input: { ...INPUT, fallbackTemplate: 'Perhaps {contact} would like a demo.' } }, OLGA);
      expect(vague.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fallbackTemplate', rule: expect.stringMatching(/^NOT_IMPERATIVE: /) });
      const asRep = await h.request(CREATE, { id: 'lazy-rule', input: INPUT }, TEST_IDENTITIES.REP);
      expect(asRep.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect((await h.gql<{ playbookRule: unknown }>(`{ playbookRule(id: "lazy-rule") { id } }`)).playbookRule).toBeNull();
      expect(await h.sql(`SELECT 1 FROM playbook_rule_version WHERE rule_id = 'lazy-rule'`)).toEqual([]);
    });

    it('creates and versions a rule (who and when), refusing a stale save; the handoff records the rule version it used', async () => {
      expect((await h.gql<{ createPlaybookRule: unknown }>(CREATE, { id: 're-engaged-pricing', input: INPUT }, OLGA)).createPlaybookRule).toEqual({
        id: 're-engaged-pricing',
        version: 1,
        stage: 'RE_ENGAGED',
        updatedBy: 'ops-olga',
      });
      const again = await h.request(CREATE, { id: 're-engaged-pricing', input: INPUT }, OLGA);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });

      const updated = await h.gql<{ updatePlaybookRule: Record<string, unknown> }>(
        UPDATE,
        { id: 're-engaged-pricing', input: { ...INPUT, name: 'Re-engaged pricing interest' }, v: 1 },
        PIA,
      );
      expect(updated.updatePlaybookRule).toEqual({
        id: 're-engaged-pricing',
        version: 2,
        name: 'Re-engaged pricing interest',
        updatedBy: 'ops-pia',
        versions: [
          { version: 2, change: 'UPDATED', savedBy: 'ops-pia' },
          { version: 1, change: 'CREATED', savedBy: 'ops-olga' },
        ],
      });
      const stale = await h.request(UPDATE, { id: 're-engaged-pricing', input: INPUT, v: 1 }, OLGA);
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });

      // The account was handed off on 24 Nov: now it is RE_ENGAGED and the new rule writes the action.
      h.clock.set('2026-12-03T10:00:00.000Z');
      const { handoffId } = await h.deliver('sla', TO_ANA);
      const c = await card(handoffId);
      expect(c.stage).toBe('RE_ENGAGED');
      expect(c.nextAction).toMatchObject({
        playbookRuleId: 're-engaged-pricing',
        playbookRuleVersion: 2,
        primary: 'Call Buyer sla and ask what changed since the last evaluation of Account sla; mention 3 pricing-page visits in 7 days.',
        triggerReason: 'Top contributor: 3 pricing-page visits in 7 days, +27 (Buyer sla, ECONOMIC_BUYER); re-engaged account, last handed off on 2026-11-24',
      });
      expect(c.playbookRule).toEqual({ ruleId: 're-engaged-pricing', version: 2, savedBy: 'ops-pia', change: 'UPDATED' });
    });

    it('deletes a rule by retiring it: never chosen, listed only on request, its versions kept', async () => {
      const { deletePlaybookRule } = await h.gql<{ deletePlaybookRule: Record<string, unknown> }>(
        `mutation { deletePlaybookRule(id: "re-engaged-pricing") { version active deleted } }`,
        {},
        OLGA,
      );
      expect(deletePlaybookRule).toEqual({ version: 3, active: false, deleted: true });
      const lists = await h.gql<{ live: { id: string }[]; all: { id: string }[] }>(
        `{ live: playbookRules { id } all: playbookRules(includeDeleted: true) { id } }`,
      );
      expect(lists.live.map((r) => r.id)).not.toContain('re-engaged-pricing');
      expect(lists.all.map((r) => r.id)).toContain('re-engaged-pricing');
      const gone = await h.request(`mutation { deletePlaybookRule(id: "re-engaged-pricing") { id } }`, {}, OLGA);
      expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('re-routing on ownership-changed', () => {
    const CARLA = EVENT_EXAMPLES['ownership-changed'].current!.owner; // rep-carla, Europe/Madrid

    it('moves an open handoff to the new owner (old owner backs up), re-queues it and answers "why me"', async () => {
      h.clock.set('2026-12-03T11:00:00.000Z');
      const { handoffId, accountId } = await h.deliver('moving', OWNER);
      const change = createEvent(
        'ownership-changed',
        { ...EVENT_EXAMPLES['ownership-changed'], accountId, previous: OWNER },
        { aggregateId: accountId, producer: 'spec' },
      );
      h.clock.set('2026-12-03T12:00:00.000Z');
      await h.publish(change);
      const rerouted = await h.waitForEvent('handoff-rerouted', (e) => e.payload.handoffId === handoffId);
      expect(rerouted.payload).toMatchObject({
        previousOwnerRepId: 'rep-ana',
        policy: 'MOVE_TO_NEW_OWNER',
        reroutedAt: '2026-12-03T12:00:00.000Z',
        ownerAssignment: { owner: { repId: 'rep-carla' }, backup: { repId: 'rep-ana' } },
      });
      const requeued = await h.waitForEvent('handoff-delivered', (e) => e.payload.handoffId === handoffId && e.payload.ownerRepId === 'rep-carla');
      expect(requeued.payload).toMatchObject({ backupRepId: 'rep-ana', queueDate: '2026-12-03', priorityRank: 1 });

      const c = await card(handoffId);
      expect(c.ownerAssignment).toMatchObject({ owner: { id: 'rep-carla' }, backup: { id: 'rep-ana' } });
      expect(c.originalOwnerAssignment).toEqual({ owner: { id: 'rep-ana' }, backup: { id: 'rep-ben' } });
      expect(c.whyMe).toBe(
        "Carla Reyes owns this handoff: Territory 'EMEA SaaS' now owned by Carla Reyes; Ana Ortiz, the previous owner, backs up (territory EMEA SaaS). " +
          "Re-routed to Carla Reyes from Ana Ortiz on 2026-12-03 13:00 Europe/Madrid: Territory 'EMEA SaaS' reassigned from Ana Ortiz to Carla Reyes. Backup: Ana Ortiz.",
      );
      expect(c.reroutes).toEqual([
        {
          policy: 'MOVE_TO_NEW_OWNER',
          from: { id: 'rep-ana' },
          to: { id: 'rep-carla' },
          moved: true,
          mapVersion: 7,
          reason: "Territory 'EMEA SaaS' reassigned from Ana Ortiz to Carla Reyes; policy MOVE_TO_NEW_OWNER: moved from Ana Ortiz to Carla Reyes, Ana Ortiz backs up",
        },
      ]);
      expect(c.sla).toMatchObject({ clockStartsAt: '2026-12-03T12:00:00.000Z', running: 'ACCEPTANCE' });
      const queues = await h.gql<{ carla: { id: string }[]; ana: { id: string }[] }>(
        `{ carla: myHandoffQueue(repId: "rep-carla", date: "2026-12-03") { id } ana: myHandoffQueue(repId: "rep-ana", date: "2026-12-03") { id } }`,
      );
      expect(queues).toEqual({ carla: [{ id: handoffId }], ana: [] });
      expect(CARLA.repId).toBe('rep-carla');
    });

    it('keeps an open handoff with its owner under STAY_WITH_OWNER_AT_HANDOFF (recorded, no event) and never moves a closed one', async () => {
      const { handoffId, accountId } = await h.deliver('staying', OWNER);
      const { handoffId: closedId, accountId: closedAccount } = await h.deliver('closed', OWNER);
      await h.publish(h.feedback('handoff-rejected', closedId, closedAccount, 'rep-ana', '2026-12-03T12:05:00.000Z'));
      await waitForStatus(closedId, 'REJECTED');
      const changes = [
        createEvent('ownership-changed', { ...EVENT_EXAMPLES['ownership-changed'], accountId, previous: OWNER, current: OWNER, policy: 'STAY_WITH_OWNER_AT_HANDOFF' }, { aggregateId: accountId, producer: 'spec' }),
        createEvent('ownership-changed', { ...EVENT_EXAMPLES['ownership-changed'], accountId: closedAccount, previous: OWNER }, { aggregateId: closedAccount, producer: 'spec' }),
      ];
      await h.publish(...changes);
      await waitFor(async () => (await h.sql(`SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])`, [changes.map((e) => e.eventId)])).length === 2, {
        what: 'both ownership changes applied',
      });
      const c = await card(handoffId);
      expect(c.reroutes).toHaveLength(1);
      expect(c.reroutes[0]).toMatchObject({ policy: 'STAY_WITH_OWNER_AT_HANDOFF', moved: false, to: { id: 'rep-ana' } });
      // ownership-svc applies the policy: under STAY it sends the owner at handoff as `current`.
      expect(c.reroutes[0].reason).toContain('policy STAY_WITH_OWNER_AT_HANDOFF: Ana Ortiz and Ben Okafor keep it');
      expect(c.ownerAssignment.owner.id).toBe('rep-ana');
      expect((await card(closedId)).reroutes).toEqual([]);
      expect(h.eventsOf('handoff-rerouted', (e) => e.payload.handoffId === handoffId || e.payload.handoffId === closedId)).toEqual([]);
    });
  });

  it('two qualifications of one account resolved in one run: each assembled once, in order, the later one RE_ENGAGED by the earlier', async () => {
    const accountId = 'acc-run-twice';
    const email = 'buyer@run-twice.example';
    await h.gql(`mutation ($input: UpsertAccountInput!) { upsertAccount(input: $input) { id } }`, {
      input: { id: accountId, crmId: '001-run-twice', name: 'Account run-twice', domain: 'run-twice.example', firmographics: { industry: 'Software', region: 'EMEA' } },
    });
    await h.gql(`mutation ($input: UpsertContactInput!) { upsertContact(input: $input) { id } }`, {
      input: { id: 'con-run-twice', accountId, name: 'Buyer run-twice', email, committeeRole: 'ECONOMIC_BUYER' },
    });
    const now = h.clock();
    const meta = { aggregateId: accountId, producer: 'spec' };
    const engaged = createEvent(
      'contact-engaged',
      { accountId, contactEmail: email, signalId: `sig-${crypto.randomUUID()}`, signalType: 'PRICING_PAGE_VISIT', occurredAt: new Date(now.getTime() - 86_400_000).toISOString(), points: 9, detail: '/pricing' },
      meta,
    );
    const qualified = (at: Date) =>
      createEvent('account-qualified', { ...EVENT_EXAMPLES['account-qualified'], accountId, qualifiedAt: at.toISOString(), qualificationId: crypto.randomUUID() }, meta);
    // The second qualifies a minute after the first is handed off (the clock stands still meanwhile).
    const [first, second] = [qualified(now), qualified(new Date(now.getTime() + 60_000))];
    await h.publish(engaged, first, second);
    await waitFor(async () => (await h.sql(`SELECT 1 FROM qualification WHERE qualification_id = ANY($1::uuid[])`, [[first, second].map((q) => q.payload.qualificationId)])).length === 2, {
      what: 'both qualifications stored',
    });
    // Both outcomes (and a repeat) in one publish: consecutive on the account's partition, one run of the consumer.
    const resolved = (q: typeof first) =>
      createEvent('ownership-resolved', { qualificationId: q.payload.qualificationId, accountId, resolvedAt: now.toISOString(), ownerAssignment: TO_ANA }, meta);
    await h.publish(resolved(first), resolved(second), resolved(first));
    const ids: string[] = [];
    for (const q of [first, second]) ids.push((await h.waitForEvent('handoff-created', (e) => e.payload.qualificationId === q.payload.qualificationId)).payload.handoffId);
    expect((await card(ids[0])).stage).toBe('NEW');
    expect((await card(ids[1])).stage).toBe('RE_ENGAGED'); // the first handoff, created before the second qualified
    const ours = new Set([first, second].map((q) => q.payload.qualificationId));
    expect(h.eventsOf('handoff-created', (e) => ours.has(e.payload.qualificationId)).map((e) => e.payload.qualificationId)).toEqual([
      first.payload.qualificationId,
      second.payload.qualificationId,
    ]);
    for (const id of ids) expect((await card(id)).statusHistory.map((t) => `${t.from}→${t.to}`)).toEqual(['null→CREATED', 'CREATED→DELIVERED']);
  });
});
