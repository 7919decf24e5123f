import { KafkaEventBus, withTopicPrefix, type EventBus, type Subscription } from '@handoff-graph/bus';
import { createLogger, manualClock } from '@handoff-graph/config';
import { EVENT_EXAMPLES, Topics, createEvent, parseEvent, toMessage, type EventEnvelope } from '@handoff-graph/contracts';
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
import { feedbackEntities, feedbackMigrations, startFeedbackService } from './service';
import {
  REP_PROFILES,
  SEEDED_HANDOFFS,
  SEEDED_TIME_ZONE,
  handoffCreatedEvent,
  handoffDeliveredEvent,
  repUpsertedEvents,
  seededRepId,
  type SeededHandoff,
} from './testing/seeded-month.fixture';

/**
 * The seeded month (testing/seeded-month.fixture.ts) through the real service on PostgreSQL and
 * Kafka with METRICS_TIME_ZONE=Europe/Berlin: rep profiles and handoffs in as events, feedback in
 * through GraphQL, then the same hand-worked numbers as the unit test out of weeklyMetrics, the
 * trend, the CSV export and the rejection-pattern report (mutation and Monday job).
 *
 * The clock starts Mon 16 Nov 2026 04:00Z (05:00 CET): after every first business day of W43–W46,
 * an hour before the job is due to publish W46 (6 h after the week closed at 15 Nov 23:00Z).
 */
const clock = manualClock('2026-11-16T04:00:00.000Z');
let schema: TestSchema;
let bus: EventBus;
let service: RunningService;
let observer: Subscription;
const reports: EventEnvelope<'rejection-pattern-reported'>[] = [];

const byKey = (key: string) => SEEDED_HANDOFFS.find((s) => s.key === key)!;
const csvUrl = (query: string) => service.url.replace(/\/graphql$/, `/exports/weekly-metrics.csv${query}`);
/** An ops user, as the gateway signs it (fresh per request: a signature is good for 5 minutes). */
const asOps = () => asIdentity(TEST_IDENTITIES.OPS);
const csv = (query: string) => fetch(csvUrl(query), { headers: asOps() });

/** Feedback recorded by ops for the rep named in `repId` (the seeded month's owner or backup). */
async function feedback(name: string, inputType: string, input: Record<string, unknown>) {
  const body = await graphqlRequest(service.url, `mutation($i: ${inputType}!) { ${name}(input: $i) { id } }`, { i: input }, asOps());
  if (body.errors?.length) throw new Error(`${name} ${JSON.stringify(input)}: ${JSON.stringify(body.errors)}`);
}
async function giveMonthFeedback(s: SeededHandoff) {
  const base = { handoffId: s.handoffId, repId: seededRepId(s) };
  if (s.accept) await feedback('acceptHandoff', 'AcceptHandoffInput', base);
  if (s.touch) await feedback('recordFirstTouch', 'RecordFirstTouchInput', { ...base, channel: 'EMAIL', at: s.touch });
  if (s.meeting) await feedback('recordMeeting', 'RecordMeetingInput', { ...base, at: s.meeting });
  if (s.reject) await feedback('rejectHandoff', 'RejectHandoffInput', { ...base, reason: s.reject });
}

const SUMMARY = `week startsAt endsAt timeZone deliveredCount firstTouchedCount medianMinutesToFirstTouch firstBusinessDayDueCount
  touchedInFirstBusinessDayCount firstBusinessDayTouchShare meetingCount mqaToMeetingConversion rejectedCount rejectionRate`;
type Summary = Record<string, unknown> & { week: string };
const trend = async () =>
  (await graphqlData<{ weeklyMetricsTrend: Summary[] }>(service.url, `{ weeklyMetricsTrend(weeks: 4, endingWeek: "2026-W46") { ${SUMMARY} } }`, {}, asOps()))
    .weeklyMetricsTrend;
const numbers = (w: Summary) => [
  w.week,
  w.deliveredCount,
  w.firstTouchedCount,
  w.medianMinutesToFirstTouch,
  w.firstBusinessDayDueCount,
  w.touchedInFirstBusinessDayCount,
  w.firstBusinessDayTouchShare,
  w.meetingCount,
  w.mqaToMeetingConversion,
  w.rejectedCount,
  w.rejectionRate,
];

beforeAll(async () => {
  schema = await createTestSchema('feedback_metrics');
  bus = withTopicPrefix(new KafkaEventBus({ clientId: 'test', brokers: testKafkaBrokers() }), 'it-' + randomUUID().slice(0, 8));
  const dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: feedbackEntities, migrations: feedbackMigrations });
  service = await startFeedbackService(
    {
      dataSource,
      bus,
      port: 0,
      clock,
      logger: createLogger('feedback-svc-metrics-it', 'error'),
      auth: { gatewaySecret: TEST_GATEWAY_SECRET, required: true },
    },
    { metricsTimeZone: SEEDED_TIME_ZONE, reportGraceMs: 6 * 3_600_000, reportCheckEveryMs: 150 },
  );
  await bus.ensureTopics([Topics.handoffEvents, Topics.ownershipEvents, Topics.feedbackEvents]);
  observer = await bus.subscribe({
    groupId: 'it-observer',
    topics: [Topics.feedbackEvents],
    handler: async (message) => {
      const parsed = parseEvent(message.value);
      if (parsed.ok && parsed.event.type === 'rejection-pattern-reported') reports.push(parsed.event);
    },
  });
});

afterAll(async () => {
  await observer?.stop();
  await service?.stop();
  await bus?.close();
  await schema?.drop();
});

describe('the three metrics over a seeded month in Europe/Berlin', () => {
  it('takes rep profiles from ownership-events (the newest wins) and handoffs from handoff-events', async () => {
    const [ana] = REP_PROFILES;
    const stale = createEvent('rep-upserted', { ...ana, team: 'STALE', updatedAt: '2026-09-01T00:00:00.000Z' }, { aggregateId: ana.repId, producer: 'ownership-svc' });
    await bus.publish([...repUpsertedEvents(), stale].map(toMessage));
    await bus.publish(SEEDED_HANDOFFS.flatMap((s) => [handoffCreatedEvent(s), handoffDeliveredEvent(s)]).map(toMessage));
    await waitFor(async () => (await trend()).reduce((n, w) => n + (w.deliveredCount as number), 0) === 16, { what: '16 seeded handoffs delivered' });
    await waitFor(async () => (await service.dataSource.query('SELECT 1 FROM inbox WHERE event_id = $1', [stale.eventId])).length === 1, { what: 'the stale profile consumed' });
    const profiles = await service.dataSource.query(`SELECT rep_id, team, time_zone, working_end FROM rep_profile ORDER BY rep_id`);
    expect(profiles).toEqual([
      { rep_id: 'rep-ana', team: 'EMEA', time_zone: 'Europe/Berlin', working_end: '17:30' },
      { rep_id: 'rep-nick', team: 'NA', time_zone: 'America/New_York', working_end: '16:00' },
    ]);
  });

  it('computes the four weeks as worked out by hand, from feedback given through GraphQL', async () => {
    for (const s of SEEDED_HANDOFFS) await giveMonthFeedback(s);
    const weeks = await trend();
    expect(weeks.map(numbers)).toEqual([
      ['2026-W43', 5, 4, 307.5, 5, 3, 0.6, 2, 0.4, 2, 0.4],
      ['2026-W44', 5, 3, 540, 5, 3, 0.6, 1, 0.2, 2, 0.4],
      ['2026-W45', 4, 2, 285, 4, 2, 0.5, 1, 0.25, 2, 0.5],
      ['2026-W46', 2, 1, 5, 2, 1, 0.5, 0, 0, 0, 0],
    ]);
    // W43 is the 169-hour week of Berlin's DST end.
    expect(weeks[0]).toMatchObject({ startsAt: '2026-10-18T22:00:00.000Z', endsAt: '2026-10-25T23:00:00.000Z', timeZone: 'Europe/Berlin' });
  });

  it('splits a week into one row per rep, with the Rep reference', async () => {
    const { weeklyMetrics } = await graphqlData<{ weeklyMetrics: { deliveredCount: number; groupBy: string; rows: Record<string, unknown>[] } }>(
      service.url,
      `{ weeklyMetrics(week: "2026-W43", groupBy: REP) { deliveredCount groupBy rows { groupBy key label rep { id } deliveredCount medianMinutesToFirstTouch firstBusinessDayTouchShare rejectionRateByReason { reason count } } } }`,
      {},
      asOps(),
    );
    expect(weeklyMetrics.deliveredCount).toBe(5);
    expect(weeklyMetrics.rows).toEqual([
      { groupBy: 'REP', key: 'rep-ana', label: 'Ana Ortiz', rep: { id: 'rep-ana' }, deliveredCount: 3, medianMinutesToFirstTouch: 570, firstBusinessDayTouchShare: 2 / 3, rejectionRateByReason: [{ reason: 'NO_NEED', count: 1 }] },
      { groupBy: 'REP', key: 'rep-ben', label: 'Ben Okafor', rep: { id: 'rep-ben' }, deliveredCount: 1, medianMinutesToFirstTouch: null, firstBusinessDayTouchShare: 0, rejectionRateByReason: [{ reason: 'NO_NEED', count: 1 }] },
      { groupBy: 'REP', key: 'rep-nick', label: 'Nick Alvarez', rep: { id: 'rep-nick' }, deliveredCount: 1, medianMinutesToFirstTouch: 45, firstBusinessDayTouchShare: 1, rejectionRateByReason: [] },
    ]);
    const byTeam = await graphqlData<{ weeklyMetrics: { rows: { key: string; rep: unknown; deliveredCount: number }[] } }>(
      service.url,
      `{ weeklyMetrics(week: "2026-W43", groupBy: TEAM) { rows { key rep { id } deliveredCount } } }`,
      {},
      asOps(),
    );
    expect(byTeam.weeklyMetrics.rows).toEqual([
      { key: 'EMEA', rep: null, deliveredCount: 4 },
      { key: 'NA', rep: null, deliveredCount: 1 },
    ]);
  });

  it('moves W44 when the late touch and meeting on h11 arrive, and no other week', async () => {
    clock.set('2026-11-16T04:30:00.000Z');
    const before = (await trend()).map(numbers);
    const h11 = byKey('h11');
    await feedback('recordFirstTouch', 'RecordFirstTouchInput', { handoffId: h11.handoffId, repId: 'rep-ben', channel: 'PHONE', at: h11.late!.touch });
    await feedback('recordMeeting', 'RecordMeetingInput', { handoffId: h11.handoffId, repId: 'rep-ana', at: h11.late!.meeting });
    const after = (await trend()).map(numbers);
    expect(after[1]).toEqual(['2026-W44', 5, 4, 2415, 5, 3, 0.6, 2, 0.4, 2, 0.4]);
    expect([after[0], after[2], after[3]]).toEqual([before[0], before[2], before[3]]);
  });

  it('exports the weeks as RFC 4180 CSV for the quarterly review', async () => {
    const res = await csv('?from=2026-W43&to=2026-W46&groupBy=team');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="weekly-metrics_2026-W43_2026-W46_team.csv"');
    const body = await res.text();
    const records = body.split('\r\n');
    expect(records[0].split(',').slice(0, 7)).toEqual(['week', 'week_start', 'week_end', 'time_zone', 'group_by', 'group_key', 'group_label']);
    // W43 EMEA NA, W44 EMEA NA, W45 EMEA NA, W46 EMEA NA, then '' after the final CRLF.
    expect(records.slice(1).map((r) => r.split(',').slice(0, 8).join(','))).toEqual([
      '2026-W43,2026-10-19,2026-10-25,Europe/Berlin,TEAM,EMEA,EMEA,4',
      '2026-W43,2026-10-19,2026-10-25,Europe/Berlin,TEAM,NA,NA,1',
      '2026-W44,2026-10-26,2026-11-01,Europe/Berlin,TEAM,EMEA,EMEA,4',
      '2026-W44,2026-10-26,2026-11-01,Europe/Berlin,TEAM,NA,NA,1',
      '2026-W45,2026-11-02,2026-11-08,Europe/Berlin,TEAM,EMEA,EMEA,3',
      '2026-W45,2026-11-02,2026-11-08,Europe/Berlin,TEAM,NA,NA,1',
      '2026-W46,2026-11-09,2026-11-15,Europe/Berlin,TEAM,EMEA,EMEA,1',
      '2026-W46,2026-11-09,2026-11-15,Europe/Berlin,TEAM,NA,NA,1',
      '',
    ]);
  });

  it.each([
    ['?from=2026-W46&to=2026-W43', "parameter 'from': must not be after 'to' (2026-W46 is after 2026-W43)"],
    ['?to=2026-W99', "parameter 'to': 2026 has 53 ISO weeks; 2026-W99 does not exist"],
    ['?groupBy=ACCOUNT', "parameter 'groupBy': must be one of OVERALL, REP, TEAM, TERRITORY, MODEL_VERSION"],
    ['?format=xlsx', "parameter 'format': unknown parameter; use from, to, groupBy"],
  ])('answers %s with 400 and a plain message naming the parameter', async (query, message) => {
    const res = await csv(query);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([400, 'text/plain; charset=utf-8', `${message}\n`]);
  });
});

describe('the weekly rejection-pattern report', () => {
  const PATTERNS = `week timeZone deliveredCount rejectedCount patterns { dimension value reason count share valueRejectedCount valueDeliveredCount }
    published { week generatedAt eventId publishedBy deliveredCount patterns { dimension value } }`;

  it('answers rejectionPatterns(week) from stored feedback, unpublished at first', async () => {
    const { rejectionPatterns } = await graphqlData<{ rejectionPatterns: Record<string, unknown> }>(service.url, `{ rejectionPatterns(week: "2026-W45") { ${PATTERNS} } }`, {}, asOps());
    expect(rejectionPatterns).toEqual({
      week: '2026-W45',
      timeZone: 'Europe/Berlin',
      deliveredCount: 4,
      rejectedCount: 2,
      patterns: [
        { dimension: 'TOP_CONTRIBUTOR', value: 'CONTENT_DOWNLOAD', reason: 'NO_NEED', count: 2, share: 1, valueRejectedCount: 2, valueDeliveredCount: 2 },
        { dimension: 'TERRITORY', value: 'terr-emea-saas', reason: 'NO_NEED', count: 2, share: 1, valueRejectedCount: 2, valueDeliveredCount: 3 },
        { dimension: 'PLAYBOOK_RULE', value: 'content-nurture', reason: 'NO_NEED', count: 2, share: 1, valueRejectedCount: 2, valueDeliveredCount: 2 },
        { dimension: 'MODEL_VERSION', value: 'v4', reason: 'NO_NEED', count: 2, share: 1, valueRejectedCount: 2, valueDeliveredCount: 4 },
      ],
      published: null,
    });
  });

  it('publishes a closed week once (key = the week), and refuses a week still open', async () => {
    const PUBLISH = `mutation($w: String!) { publishRejectionPatternReport(week: $w) { week generatedAt eventId publishedBy publishedBySubject newlyPublished deliveredCount rejectedCount patterns { dimension value reason count share } } }`;
    const open = await graphqlRequest(service.url, PUBLISH, { w: '2026-W47' }, asOps());
    expect(open.errors?.[0]).toMatchObject({
      message: 'week: must be a week that has closed; 2026-W47 closes at 2026-11-22T23:00:00.000Z (Monday 00:00 Europe/Berlin)',
      extensions: { code: 'BAD_USER_INPUT', field: 'week' },
    });
    const first = await graphqlData<{ publishRejectionPatternReport: Record<string, unknown> & { eventId: string } }>(service.url, PUBLISH, { w: '2026-W45' }, asOps());
    expect(first.publishRejectionPatternReport).toMatchObject({ week: '2026-W45', publishedBy: 'OPS', publishedBySubject: 'ops@example.com', newlyPublished: true, deliveredCount: 4, rejectedCount: 2, generatedAt: '2026-11-16T04:30:00.000Z' });
    const event = await waitFor(() => reports.find((r) => r.payload.week === '2026-W45'), { what: 'rejection-pattern-reported for 2026-W45' });
    expect(event).toMatchObject({ eventId: first.publishRejectionPatternReport.eventId, aggregateId: '2026-W45', producer: 'feedback-svc' });
    expect(event.payload.patterns[0]).toEqual({ dimension: 'TOP_CONTRIBUTOR', value: 'CONTENT_DOWNLOAD', reason: 'NO_NEED', count: 2, share: 1 });

    const again = await graphqlData<{ publishRejectionPatternReport: Record<string, unknown> }>(service.url, PUBLISH, { w: '2026-W45' }, asOps());
    expect(again.publishRejectionPatternReport).toMatchObject({ newlyPublished: false, eventId: first.publishRejectionPatternReport.eventId });
    const { rejectionPatterns } = await graphqlData<{ rejectionPatterns: { published: { publishedBy: string } | null } }>(service.url, `{ rejectionPatterns(week: "2026-W45") { ${PATTERNS} } }`, {}, asOps());
    expect(rejectionPatterns.published).toMatchObject({ week: '2026-W45', publishedBy: 'OPS' });
    const outbox = await service.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'rejection-pattern-reported' AND key = '2026-W45'`);
    expect(outbox).toEqual([{ n: 1 }]);
  });

  it('lets the background job publish the previous week once, six hours after it closed', async () => {
    await new Promise((r) => setTimeout(r, 400)); // the job ran a few times at 04:30Z: W46 not due yet
    expect(await service.dataSource.query(`SELECT week FROM rejection_pattern_report ORDER BY week`)).toEqual([{ week: '2026-W45' }]);
    clock.set('2026-11-16T05:00:00.000Z');
    const event = await waitFor(() => reports.find((r) => r.payload.week === '2026-W46'), { what: 'the job to publish 2026-W46' });
    expect(event.payload).toEqual({ week: '2026-W46', generatedAt: '2026-11-16T05:00:00.000Z', deliveredCount: 2, rejectedCount: 0, patterns: [] });
    await new Promise((r) => setTimeout(r, 400)); // more runs: nothing new
    const stored = await service.dataSource.query(`SELECT week, published_by FROM rejection_pattern_report ORDER BY week`);
    expect(stored).toEqual([
      { week: '2026-W45', published_by: 'OPS' },
      { week: '2026-W46', published_by: 'SCHEDULE' },
    ]);
    expect(await service.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'rejection-pattern-reported'`)).toEqual([{ n: 2 }]);
  });
});

describe('feedback after a re-route', () => {
  it('lets the new owner give feedback and refuses the one it moved away from', async () => {
    const h15 = byKey('h15');
    const rerouted = createEvent(
      'handoff-rerouted',
      {
        ...EVENT_EXAMPLES['handoff-rerouted'],
        handoffId: h15.handoffId,
        accountId: h15.accountId,
        previousOwnerRepId: 'rep-nick',
        ownerAssignment: {
          owner: { repId: 'rep-ben', name: 'Ben Okafor', email: 'ben.okafor@example.com', role: 'AE', team: 'EMEA', timezone: 'Europe/Berlin' },
          backup: { repId: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com', role: 'SDR', team: 'EMEA', timezone: 'Europe/Berlin' },
          territoryId: 'terr-emea-saas',
          territoryName: 'EMEA SaaS',
          explanation: 'Moved to Ben Okafor.',
        },
      },
      { aggregateId: h15.accountId, producer: 'handoff-svc' },
    );
    await bus.publish([toMessage(rerouted)]);
    await waitFor(async () => (await service.dataSource.query(`SELECT owner_rep_id FROM handoff_record WHERE handoff_id = $1`, [h15.handoffId]))[0]?.owner_rep_id === 'rep-ben', {
      what: 'h15 re-routed to rep-ben',
    });
    const nick = await graphqlRequest(service.url, `mutation($i: AcceptHandoffInput!) { acceptHandoff(input: $i) { id } }`, { i: { handoffId: h15.handoffId, repId: 'rep-nick' } }, asOps());
    expect(nick.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.repId' });
    await feedback('acceptHandoff', 'AcceptHandoffInput', { handoffId: h15.handoffId, repId: 'rep-ben' });
    const w46 = await graphqlData<{ weeklyMetrics: { rows: { key: string; deliveredCount: number }[] } }>(service.url, `{ weeklyMetrics(week: "2026-W46", groupBy: REP) { rows { key deliveredCount } } }`, {}, asOps());
    expect(w46.weeklyMetrics.rows).toEqual([
      { key: 'rep-ana', deliveredCount: 1 },
      { key: 'rep-ben', deliveredCount: 1 },
    ]);
  });
});
