/**
 * The whole MQA handoff flow, end to end, through the gateway over a real Kafka broker and real
 * PostgreSQL: signals in → account-qualified → ownership-resolved → handoff with all five elements
 * (or incomplete, named) → the rep's queue → feedback in → the three weekly metrics out.
 */
import { KafkaEventBus, withTopicPrefix, type EventBus, type ReceivedMessage } from '@handoff-graph/bus';
import { Topics, parseEvent, type AnyEvent } from '@handoff-graph/contracts';
import { graphqlData, graphqlRequest, requireTestEnv, testKafkaBrokers, waitFor } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEMO_ACCOUNTS, DEMO_IDENTITIES, seedDemoData } from './demo-data';
import { randomStackAuth, stackToken, startStack, type RunningStack } from './stack';

const suffix = randomUUID().slice(0, 8);
const prefix = `e2e-${suffix}`;

interface Card {
  account: {
    name: string;
    firmographics: { industry: string | null; region: string | null };
    scoringSnapshot: { score: number; threshold: number; contributors: { label: string; points: number; evidence: string }[]; trend: { daily: { date: string; score: number }[]; delta: number } };
    handoff: {
      id: string;
      status: string;
      missingElements: string[];
      reasons: string[];
      deliveredAt: string | null;
      primaryContact: { name: string; committeeRole: string; engagementEvidence: string } | null;
      nextAction: { primary: string; fallback: string; triggerReason: string } | null;
      ownerAssignment: { owner: { id: string; name: string; email: string }; backup: { id: string; name: string }; explanation: string } | null;
      scoringSnapshot: { score: number; contributors: { label: string }[] } | null;
    } | null;
  };
}

const CARD = `query Card($id: ID!) {
  account(id: $id) {
    name
    firmographics { industry region }
    scoringSnapshot { score threshold contributors { label points evidence } trend { daily { date score } delta } }
    handoff {
      id status missingElements reasons deliveredAt
      primaryContact { name committeeRole engagementEvidence }
      nextAction { primary fallback triggerReason }
      ownerAssignment { owner { id name email } backup { id name } explanation }
      scoringSnapshot { score contributors { label } }
    }
  }
}`;

function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

describe('signals in, handoff out, feedback in, metrics out — through the gateway over Kafka and PostgreSQL', () => {
  let stack: RunningStack;
  let observer: EventBus;
  const partnerStream: AnyEvent[] = [];
  const deadLetters: ReceivedMessage[] = [];
  let url: string;
  const now = new Date();
  const auth = randomStackAuth();
  /** Bearer headers per identity. */
  const as: Record<'ops' | 'ana' | 'carla', Record<string, string>> = { ops: {}, ana: {}, carla: {} };

  beforeAll(async () => {
    as.ops = { authorization: `Bearer ${await stackToken(auth, { ...DEMO_IDENTITIES.ops })}` };
    as.ana = { authorization: `Bearer ${await stackToken(auth, { ...DEMO_IDENTITIES.rep })}` };
    as.carla = { authorization: `Bearer ${await stackToken(auth, { subject: 'carla.reyes@example.com', role: 'REP', repId: 'rep-carla', team: 'North America' })}` };
    stack = await startStack({
      auth,
      databaseUrl: requireTestEnv('DATABASE_URL'),
      kafkaBrokers: testKafkaBrokers(),
      topicPrefix: prefix,
      schemaSuffix: suffix.replace(/-/g, '_'),
      gatewayPort: 0,
      servicePorts: 'random',
      logLevel: 'error',
    });
    url = stack.gatewayUrl;
    // A partner tool subscribed to the handoff stream, as a CRM task sync would be.
    observer = withTopicPrefix(new KafkaEventBus({ clientId: 'partner-tool', brokers: testKafkaBrokers() }), prefix);
    await observer.subscribe({
      groupId: 'partner-crm-task-sync',
      topics: [Topics.handoffEvents],
      handler: async (m) => {
        const parsed = parseEvent(m.value);
        if (!parsed.ok) throw new Error(parsed.error);
        partnerStream.push(parsed.event);
      },
    });
    await observer.subscribe({ groupId: 'dead-letter-watch', topics: [Topics.deadLetter], handler: async (m) => void deadLetters.push(m) });
    await seedDemoData(url, now, as.ops.authorization);
  });

  afterAll(async () => {
    await observer?.close();
    await stack?.stop();
    const client = new Client({ connectionString: requireTestEnv('DATABASE_URL') });
    await client.connect();
    for (const s of ['scoring', 'ownership', 'handoff', 'feedback']) await client.query(`DROP SCHEMA IF EXISTS "${s}_${suffix.replace(/-/g, '_')}" CASCADE`);
    await client.end();
  });

  const card = (id: string) => graphqlData<Card>(url, CARD, { id }, as.ops);
  const deliveredCard = (id: string) =>
    waitFor(async () => {
      const c = await card(id);
      return c.account.handoff && c.account.handoff.status !== 'CREATED' ? c : undefined;
    }, { what: `the handoff of ${id}`, timeoutMs: 60_000 });

  it('delivers a handoff with all five elements for an account that qualified from signals', async () => {
    const { account } = await deliveredCard('acc-northwind');
    const handoff = account.handoff!;
    expect(handoff.status).toBe('DELIVERED');
    expect(handoff.missingElements).toEqual([]);
    // 1. the named account, with firmographics from the CRM mirror
    expect(account).toMatchObject({ name: 'Northwind Analytics', firmographics: { industry: 'Software', region: 'EMEA' } });
    // 2. the committee role most engaged in 28 days: Lena (three pricing-page visits and a webinar) over Jonas (one download)
    expect(handoff.primaryContact).toMatchObject({ name: 'Lena Fischer', committeeRole: 'ECONOMIC_BUYER' });
    expect(handoff.primaryContact!.engagementEvidence).toMatch(/pricing/i);
    // 3. the scoring snapshot: over the threshold, three named contributors, 14 days of trend
    expect(account.scoringSnapshot.score).toBeGreaterThanOrEqual(account.scoringSnapshot.threshold);
    expect(account.scoringSnapshot.contributors).toHaveLength(3);
    for (const c of account.scoringSnapshot.contributors) expect(c.evidence).toMatch(/\+\d/);
    expect(account.scoringSnapshot.trend.daily).toHaveLength(14);
    expect(handoff.scoringSnapshot!.contributors.map((c) => c.label)).toHaveLength(3);
    // 4. a written next action, primary + fallback, naming the contact, with the trigger reason
    expect(handoff.nextAction!.primary).toContain('Lena Fischer');
    expect(handoff.nextAction!.fallback.length).toBeGreaterThan(10);
    expect(handoff.nextAction!.triggerReason).toMatch(/^Top contributor: /);
    // 5. the owner and a named backup: EMEA SaaS is more specific than EMEA
    expect(handoff.ownerAssignment).toMatchObject({
      owner: { id: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com' },
      backup: { id: 'rep-ben', name: 'Ben Okafor' },
    });
    expect(handoff.ownerAssignment!.explanation).toContain('EMEA SaaS');
  });

  it('stores a handoff with no engaged contact as incomplete, naming the missing element, and never delivers it', async () => {
    const { account } = await deliveredCard('acc-umbrella');
    expect(account.handoff).toMatchObject({ status: 'INCOMPLETE', missingElements: ['PRIMARY_CONTACT', 'NEXT_ACTION'], deliveredAt: null });
    expect(account.handoff!.reasons.join(' ')).toMatch(/engaged/);
  });

  it('leaves an account under the threshold without a handoff', async () => {
    const { account } = await card('acc-initech');
    expect(account.scoringSnapshot.score).toBeLessThan(account.scoringSnapshot.threshold);
    expect(account.handoff).toBeNull();
  });

  it("puts the handoff in the owner's queue and streams it to partner tools", async () => {
    const northwind = (await deliveredCard('acc-northwind')).account.handoff!;
    const queue = await graphqlData<{ myHandoffQueue: { id: string; priorityRank: number }[] }>(
      url,
      `query($repId: ID!) { myHandoffQueue(repId: $repId) { id priorityRank } }`,
      { repId: 'rep-ana' },
      as.ana,
    );
    expect(queue.myHandoffQueue.map((h) => h.id)).toContain(northwind.id);
    const events = await waitFor(() => {
      const forIt = partnerStream.filter((e) => 'handoffId' in e.payload && e.payload.handoffId === northwind.id);
      return forIt.length >= 2 ? forIt : undefined;
    }, { what: 'handoff-created and handoff-delivered on the partner stream' });
    expect(events.map((e) => e.type)).toEqual(['handoff-created', 'handoff-delivered']);
    const incomplete = partnerStream.find((e) => e.type === 'handoff-incomplete' && e.aggregateId === 'acc-umbrella');
    expect(incomplete).toBeDefined();
  });

  it('takes rep feedback through the gateway and moves the weekly metrics', async () => {
    const handoffs = Object.fromEntries(
      await Promise.all(['acc-northwind', 'acc-globex', 'acc-hooli'].map(async (id) => [id, (await deliveredCard(id)).account.handoff!] as const)),
    );
    const week = isoWeek(new Date(handoffs['acc-northwind'].deliveredAt!));
    const before = await graphqlData<{ weeklyMetrics: { deliveredCount: number } }>(url, `query($w: String!) { weeklyMetrics(week: $w) { deliveredCount } }`, { w: week }, as.ops);
    expect(before.weeklyMetrics.deliveredCount).toBe(3);

    const nw = handoffs['acc-northwind'];
    // feedback-svc learns about a handoff from the handoff stream; retry until it has.
    await waitFor(async () => {
      const r = await graphqlRequest(url, `mutation($i: AcceptHandoffInput!) { acceptHandoff(input: $i) { kind } }`, { i: { handoffId: nw.id, repId: 'rep-ana' } }, as.ana);
      if (r.errors?.some((e) => e.extensions?.code !== 'NOT_FOUND')) throw new Error(JSON.stringify(r.errors));
      return !r.errors;
    }, { what: 'feedback-svc to accept the Northwind handoff' });
    const touchAt = new Date();
    await graphqlData(url, `mutation($i: RecordFirstTouchInput!) { recordFirstTouch(input: $i) { kind } }`, {
      i: { handoffId: nw.id, repId: 'rep-ana', channel: 'PHONE', at: touchAt.toISOString() },
    }, as.ana);
    await graphqlData(url, `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { kind } }`, { i: { handoffId: nw.id, repId: 'rep-ana' } }, as.ana);

    const gx = handoffs['acc-globex'];
    const wrongRep = await graphqlRequest(url, `mutation($i: RejectHandoffInput!) { rejectHandoff(input: $i) { kind } }`, {
      i: { handoffId: gx.id, repId: 'rep-ana', reason: 'NO_NEED' },
    }, as.ana);
    expect(wrongRep.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.repId' });
    const gxOwner = (await card('acc-globex')).account.handoff!.ownerAssignment!.owner.id;
    await graphqlData(url, `mutation($i: RejectHandoffInput!) { rejectHandoff(input: $i) { kind } }`, {
      i: { handoffId: gx.id, repId: gxOwner, reason: 'NO_BUDGET_OR_TIMING', note: 'Budget frozen until Q2' },
    }, as.carla);
    const again = await graphqlRequest(url, `mutation($i: RejectHandoffInput!) { rejectHandoff(input: $i) { kind } }`, {
      i: { handoffId: gx.id, repId: gxOwner, reason: 'DUPLICATE' },
    }, as.carla);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');

    const { weeklyMetrics } = await graphqlData<{
      weeklyMetrics: {
        deliveredCount: number;
        firstTouchedCount: number;
        medianMinutesToFirstTouch: number;
        meetingCount: number;
        mqaToMeetingConversion: number;
        rejectionRateByReason: { reason: string; count: number; rate: number }[];
      };
    }>(
      url,
      `query($w: String!) { weeklyMetrics(week: $w) { deliveredCount firstTouchedCount medianMinutesToFirstTouch meetingCount mqaToMeetingConversion rejectionRateByReason { reason count rate } } }`,
      { w: week },
      as.ops,
    );
    const expectedMinutes = (touchAt.getTime() - new Date(nw.deliveredAt!).getTime()) / 60_000;
    expect(weeklyMetrics.deliveredCount).toBe(3);
    expect(weeklyMetrics.firstTouchedCount).toBe(1);
    expect(weeklyMetrics.medianMinutesToFirstTouch).toBeCloseTo(expectedMinutes, 2);
    expect(weeklyMetrics.meetingCount).toBe(1);
    expect(weeklyMetrics.mqaToMeetingConversion).toBeCloseTo(1 / 3, 6);
    expect(weeklyMetrics.rejectionRateByReason).toEqual([{ reason: 'NO_BUDGET_OR_TIMING', count: 1, rate: 1 / 3 }]);

    // The card shows the feedback history (feedback-svc's field on handoff-svc's Handoff entity).
    const history = await graphqlData<{ handoff: { feedback: { kind: string }[] } }>(url, `query($id: ID!) { handoff(id: $id) { feedback { kind } } }`, { id: nw.id }, as.ana);
    expect(history.handoff.feedback.map((f) => f.kind)).toEqual(['ACCEPTED', 'FIRST_TOUCH', 'MEETING_BOOKED']);
  });

  it('serves the weekly-metrics CSV export through the gateway to ops, not to a rep or an anonymous caller', async () => {
    const exportUrl = url.replace(/\/graphql$/, '/exports/weekly-metrics.csv');
    const ops = await fetch(exportUrl, { headers: as.ops });
    expect(ops.status).toBe(200);
    expect(ops.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, ...rows] = (await ops.text()).trim().split(/\r?\n/);
    expect(header.split(',')).toEqual(expect.arrayContaining(['week', 'delivered', 'first_touched']));
    expect(rows.length).toBeGreaterThan(0);
    expect((await fetch(exportUrl, { headers: as.ana })).status).toBe(403);
    expect((await fetch(exportUrl)).status).toBe(401);
  });

  it('refuses a caller without a valid token at the gateway, and a subgraph called directly without the gateway identity', async () => {
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ accounts { id } }' }) });
    expect(anonymous.status).toBe(401);
    const direct = await graphqlRequest(stack.services.handoff.url, '{ accounts { id name } }', {}, as.ops);
    expect(direct.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(direct.data?.accounts).toBeUndefined();
  });

  it('refuses bad input through the gateway with the field and rule, storing nothing', async () => {
    const bad = await graphqlRequest(url, `mutation($i: UpsertAccountInput!) { upsertAccount(input: $i) { id } }`, {
      i: { ...DEMO_ACCOUNTS[1], id: 'acc-copycat', crmId: '001-COPYCAT' },
    }, as.ops);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.domain' });
    const { account } = await graphqlData<{ account: unknown }>(url, `{ account(id: "acc-copycat") { id } }`, {}, as.ops);
    expect(account).toBeNull();
    expect(deadLetters).toEqual([]);
  });
});
