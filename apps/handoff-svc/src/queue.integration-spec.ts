import { EVENT_EXAMPLES, Topics, createEvent } from '@handoff-graph/contracts';
import type { EventBatchHandler } from '@handoff-graph/data';
import { waitFor } from '@handoff-graph/testing';
import { handoffEventHandlers } from './events/handlers';
import { assignment, rep, startHarness, type Harness } from './test-support/harness';

/**
 * Reps from ownership-svc, daily caps and the next business day in each rep's time zone, over
 * PostgreSQL and Kafka with a manual clock: a rep in Los Angeles and one in Singapore around
 * midnight UTC, a Friday overflow landing on Monday, out-of-office re-planning, and the ops report.
 */
describe('handoff-svc queues on high-volume days', () => {
  let h: Harness;
  const LEE = rep('rep-la', 'Lee Adams', 'America/Los_Angeles');
  const SAM = rep('rep-sg', 'Sam Goh', 'Asia/Singapore');
  const TO_LEE = assignment(LEE, SAM, 'Americas');
  const TO_SAM = assignment(SAM, LEE, 'APAC');
  const ids: Record<string, string> = {};

  const CARD = `query ($id: ID!) { handoff(id: $id) {
    status queueDate intendedQueueDate priorityRank priority
    deferrals { fromDate toDate reason }
    statusHistory { from to reason applied cause }
  } }`;
  interface Card {
    handoff: {
      status: string;
      queueDate: string;
      intendedQueueDate: string;
      priorityRank: number;
      priority: number;
      deferrals: { fromDate: string; toDate: string; reason: string }[];
      statusHistory: { from: string | null; to: string; reason: string; applied: boolean; cause: string }[];
    };
  }
  const card = async (id: string) => (await h.gql<Card>(CARD, { id })).handoff;
  const queue = async (repId: string, date?: string) =>
    (
      await h.gql<{ myHandoffQueue: { id: string; priorityRank: number }[] }>(`query ($repId: ID!, $date: Date) { myHandoffQueue(repId: $repId, date: $date) { id priorityRank } }`, {
        repId,
        date,
      })
    ).myHandoffQueue;
  const deliveries = (handoffId: string) => h.eventsOf('handoff-delivered', (e) => e.payload.handoffId === handoffId).map((e) => `${e.payload.queueDate}#${e.payload.priorityRank}`);

  beforeAll(async () => {
    // Wed 25 Nov 00:30 UTC: Tue 16:30 in Los Angeles (still working), Wed 08:30 in Singapore (not started).
    h = await startHarness('queue', '2026-11-25T00:30:00.000Z');
  });

  afterAll(async () => {
    await h?.stop();
  });

  afterEach(async () => {
    // Whatever a scenario queued, deferred or re-planned, the day counts the cascade reads (kept by a
    // trigger) are the days' real counts.
    const kept = await h.sql(`SELECT owner_rep_id, queue_date, handoffs FROM queue_day WHERE handoffs > 0 ORDER BY 1, 2`);
    const counted = await h.sql(`SELECT owner_rep_id, queue_date, count(*)::int AS handoffs FROM handoff WHERE queue_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(kept).toEqual(counted);
  });

  it('stores rep profiles from rep-upserted and answers with the calendar; a rep without one gets the documented defaults', async () => {
    await h.repProfile({ repId: 'rep-la', name: 'Lee Adams', timezone: 'America/Los_Angeles', workingHours: { start: '09:00', end: '17:00' }, dailyCapacity: 1, updatedAt: '2026-11-20T00:00:00.000Z' });
    await h.repProfile({ repId: 'rep-sg', name: 'Sam Goh', timezone: 'Asia/Singapore', workingHours: { start: '09:00', end: '17:00' }, dailyCapacity: 1, managerRepId: 'rep-mia', updatedAt: '2026-11-20T00:00:00.000Z' });
    const { la, nobody } = await h.gql<{ la: Record<string, unknown>; nobody: Record<string, unknown> }>(`{
      la: repCalendar(repId: "rep-la") { known timezone workingDays workingHoursStart workingHoursEnd dailyCapacity manager { id } currentBusinessDay }
      nobody: repCalendar(repId: "rep-nobody") { known timezone workingDays workingHoursStart workingHoursEnd dailyCapacity manager { id } currentBusinessDay }
    }`);
    expect(la).toEqual({
      known: true,
      timezone: 'America/Los_Angeles',
      workingDays: [1, 2, 3, 4, 5],
      workingHoursStart: '09:00',
      workingHoursEnd: '17:00',
      dailyCapacity: 1,
      manager: null,
      currentBusinessDay: '2026-11-24',
    });
    expect(nobody).toEqual({
      known: false,
      timezone: 'UTC',
      workingDays: [1, 2, 3, 4, 5],
      workingHoursStart: '09:00',
      workingHoursEnd: '17:00',
      dailyCapacity: null,
      manager: null,
      currentBusinessDay: '2026-11-25',
    });
  });

  it('ignores an older profile arriving late and dead-letters one it cannot plan with (overnight hours)', async () => {
    const stale = createEvent(
      'rep-upserted',
      { ...EVENT_EXAMPLES['rep-upserted'], repId: 'rep-la', timezone: 'America/Los_Angeles', dailyCapacity: 9, managerRepId: null, updatedAt: '2026-11-10T00:00:00.000Z' },
      { aggregateId: 'rep-la', producer: 'spec' },
    );
    const overnight = createEvent(
      'rep-upserted',
      { ...EVENT_EXAMPLES['rep-upserted'], repId: 'rep-owl', workingHours: { start: '22:00', end: '06:00' } },
      { aggregateId: 'rep-owl', producer: 'spec' },
    );
    await h.publish(stale, overnight);
    await h.repProfile({ repId: 'rep-sentinel', updatedAt: '2026-11-20T00:00:00.000Z' });
    expect(await h.sql(`SELECT daily_capacity FROM rep WHERE rep_id = 'rep-la'`)).toEqual([{ daily_capacity: 1 }]);
    const letter = await waitFor(() => h.deadLetters.find((d) => d.key === 'rep-owl'), { what: 'the overnight profile on dead-letter', timeoutMs: 20_000 });
    expect(letter).toMatchObject({ originalTopic: Topics.ownershipEvents, errorKind: 'processing' });
    expect(letter.error).toContain('overnight shifts are not supported');
  });

  it('queues by each rep’s own business day around midnight UTC, and defers over the cap keeping rank (cap 1)', async () => {
    // Los Angeles is still on Tuesday: the first lands on Tue; a higher-priority second takes Tue and pushes the first to Wed.
    ids.a = (await h.deliver('la-a', TO_LEE, 70)).handoffId;
    ids.b = (await h.deliver('la-b', TO_LEE, 80)).handoffId;
    await waitFor(() => deliveries(ids.a).length === 2, { what: 'the re-announcement of the deferred handoff' });
    expect(deliveries(ids.a)).toEqual(['2026-11-24#1', '2026-11-25#1']);
    expect(deliveries(ids.b)).toEqual(['2026-11-24#1']);
    expect(await card(ids.a)).toMatchObject({
      queueDate: '2026-11-25',
      intendedQueueDate: '2026-11-24',
      priorityRank: 1,
      priority: 90, // 70 + 0.5 × min(72, 20) + 10 (economic buyer)
      deferrals: [{ fromDate: '2026-11-24', toDate: '2026-11-25', reason: 'CAPACITY' }],
    });

    // Singapore is already on Wednesday: the lower-priority one goes to Thursday at once.
    ids.c = (await h.deliver('sg-c', TO_SAM, 80)).handoffId;
    ids.d = (await h.deliver('sg-d', TO_SAM, 70)).handoffId;
    expect(deliveries(ids.c)).toEqual(['2026-11-25#1']);
    expect(deliveries(ids.d)).toEqual(['2026-11-26#1']);
    const d = await card(ids.d);
    expect(d.statusHistory.map((t) => [t.from, t.to, t.applied])).toEqual([
      [null, 'CREATED', true],
      ['CREATED', 'DELIVERED', true],
    ]);
    expect(d.statusHistory[1].reason).toBe("placed in Sam Goh's queue for 2026-11-26 at rank 1 (deferred from 2026-11-25: Sam Goh's daily cap of 1 was reached)");

    // Each rep's queue today is their own local day.
    expect(await queue('rep-la')).toEqual([{ id: ids.b, priorityRank: 1 }]);
    expect(await queue('rep-sg')).toEqual([{ id: ids.c, priorityRank: 1 }]);
    expect(await queue('rep-la', '2026-11-25')).toEqual([{ id: ids.a, priorityRank: 1 }]);
  });

  it('ranks arrivals on a day with room by priority, then creation time, moving only those behind down a rank (cap 10)', async () => {
    // Wed 25 Nov 12:00 in London. Priority = score + 10 (trend +72, capped) + 10 (economic buyer).
    await h.repProfile({ repId: 'rep-uk', name: 'Uma King', timezone: 'Europe/London', workingHours: { start: '09:00', end: '17:00' }, dailyCapacity: 10, updatedAt: '2026-11-20T00:00:00.000Z' });
    const TO_UMA = assignment(rep('rep-uk', 'Uma King', 'Europe/London'), SAM, 'UK');
    const arrive = async (key: string, score: number) => {
      h.clock.advance(60_000);
      return (await h.deliver(key, TO_UMA, score)).handoffId;
    };
    h.clock.set('2026-11-25T12:00:00.000Z');
    const p90first = await arrive('uk-1', 70);
    const p105 = await arrive('uk-2', 85);
    const p90second = await arrive('uk-3', 70);
    const p80 = await arrive('uk-4', 60);
    const p100 = await arrive('uk-5', 80);
    // Each was announced once, at its rank on arrival: nothing moved to another day.
    expect([p90first, p105, p90second, p80, p100].map(deliveries)).toEqual([
      ['2026-11-25#1'],
      ['2026-11-25#1'],
      ['2026-11-25#3'],
      ['2026-11-25#4'],
      ['2026-11-25#2'],
    ]);
    expect(await queue('rep-uk', '2026-11-25')).toEqual([
      { id: p105, priorityRank: 1 },
      { id: p100, priorityRank: 2 },
      { id: p90first, priorityRank: 3 },
      { id: p90second, priorityRank: 4 },
      { id: p80, priorityRank: 5 },
    ]);
    expect(await h.sql(`SELECT count(*)::int AS n FROM queue_deferral WHERE owner_rep_id = 'rep-uk'`)).toEqual([{ n: 0 }]);
  });

  it('places a run of outcomes for one owner as one at a time would: ranks on arrival, own deferrals, a push planned on its own (cap 3)', async () => {
    // Wed 2 Dec 12:00 in London. Priorities 90, 105, 92, 80, 110 (score + 20), all distinct: the run's handoffs are
    // created at one instant (the clock stands still), so equal priorities would be ordered by their random ids.
    h.clock.set('2026-12-02T12:00:00.000Z');
    await h.repProfile({ repId: 'rep-run', name: 'Rhea Unwin', timezone: 'Europe/London', workingHours: { start: '09:00', end: '17:00' }, dailyCapacity: 3, updatedAt: '2026-11-20T00:00:00.000Z' });
    const TO_RHEA = assignment(rep('rep-run', 'Rhea Unwin', 'Europe/London'), SAM, 'UK');
    const now = h.clock();
    const keys = ['run-1', 'run-2', 'run-3', 'run-4', 'run-5'];
    const qualified = await Promise.all(keys.map((key, i) => h.qualify(key, [70, 85, 72, 60, 90][i])));
    // Their outcomes as one run of the consumer (the handler called as the consumer calls it).
    const outcomes = qualified.map((q) =>
      createEvent('ownership-resolved', { qualificationId: q.qualificationId, accountId: q.accountId, resolvedAt: now.toISOString(), ownerAssignment: TO_RHEA }, { aggregateId: q.accountId, producer: 'spec' }),
    );
    const onOutcomes = handoffEventHandlers(h.clock)['ownership-resolved'] as EventBatchHandler<'ownership-resolved'>;
    await h.service.dataSource.transaction((m) => onOutcomes.batch(outcomes, m));
    const handoffIds: string[] = [];
    for (const q of qualified) handoffIds.push((await h.waitForEvent('handoff-created', (e) => e.payload.qualificationId === q.qualificationId)).payload.handoffId);
    const [p90, p105, p92, p80, p110] = handoffIds;
    await waitFor(() => deliveries(p90).length === 2, { what: 'the re-announcement of the pushed handoff' });
    expect(handoffIds.map(deliveries)).toEqual([['2026-12-02#1', '2026-12-03#1'], ['2026-12-02#1'], ['2026-12-02#2'], ['2026-12-03#1'], ['2026-12-02#1']]);
    expect(await queue('rep-run', '2026-12-02')).toEqual([
      { id: p110, priorityRank: 1 },
      { id: p105, priorityRank: 2 },
      { id: p92, priorityRank: 3 },
    ]);
    expect(await queue('rep-run', '2026-12-03')).toEqual([
      { id: p90, priorityRank: 1 },
      { id: p80, priorityRank: 2 },
    ]);
    expect((await card(p80)).deferrals).toEqual([{ fromDate: '2026-12-02', toDate: '2026-12-03', reason: 'CAPACITY' }]);
    expect((await card(p90)).deferrals).toEqual([{ fromDate: '2026-12-02', toDate: '2026-12-03', reason: 'CAPACITY' }]);
    expect((await card(p80)).statusHistory[1].reason).toBe("placed in Rhea Unwin's queue for 2026-12-03 at rank 1 (deferred from 2026-12-02: Rhea Unwin's daily cap of 3 was reached)");
    // The outbox holds the run's events in its order (Kafka keeps it per account).
    const created = await h.sql<{ id: string }>(`SELECT value::jsonb->'payload'->>'handoffId' AS id FROM outbox WHERE type = 'handoff-created' ORDER BY seq`);
    expect(created.map((r) => r.id).filter((id) => handoffIds.includes(id))).toEqual(handoffIds);
  });

  it('lands a Friday overflow on Monday in the rep’s time zone', async () => {
    h.clock.set('2026-11-27T20:00:00.000Z'); // Fri 12:00 in Los Angeles
    ids.e = (await h.deliver('la-e', TO_LEE, 75)).handoffId;
    ids.f = (await h.deliver('la-f', TO_LEE, 60)).handoffId;
    expect(deliveries(ids.e)).toEqual(['2026-11-27#1']);
    expect(deliveries(ids.f)).toEqual(['2026-11-30#1']);
    expect(await queue('rep-la')).toEqual([{ id: ids.e, priorityRank: 1 }]);
    expect(await queue('rep-la', '2026-11-30')).toEqual([{ id: ids.f, priorityRank: 1 }]);
  });

  it('re-plans when the rep’s profile changes: Monday out of office moves the Monday handoff to Tuesday', async () => {
    await h.repProfile({
      repId: 'rep-la',
      name: 'Lee Adams',
      timezone: 'America/Los_Angeles',
      workingHours: { start: '09:00', end: '17:00' },
      dailyCapacity: 1,
      outOfOffice: [{ from: '2026-11-30T08:00:00.000Z', to: '2026-12-01T08:00:00.000Z' }], // all of Mon 30 Nov in Los Angeles
      updatedAt: '2026-11-27T19:00:00.000Z',
    });
    await waitFor(() => deliveries(ids.f).length === 2, { what: 'the moved handoff re-announced' });
    expect(deliveries(ids.f)).toEqual(['2026-11-30#1', '2026-12-01#1']);
    expect((await card(ids.f)).deferrals).toEqual([
      { fromDate: '2026-11-27', toDate: '2026-11-30', reason: 'CAPACITY' },
      { fromDate: '2026-11-30', toDate: '2026-12-01', reason: 'NOT_A_BUSINESS_DAY' },
    ]);
    expect(await queue('rep-la', '2026-11-30')).toEqual([]);
  });

  it('reports deferrals per rep per day and the reps who hit their cap persistently', async () => {
    const { deferralReport } = await h.gql<{ deferralReport: Record<string, unknown> }>(`{
      deferralReport(from: "2026-11-24", to: "2026-11-30", persistentMinDays: 2, persistentOfLastBusinessDays: 5) {
        from to persistentMinDays persistentOfLastBusinessDays
        days { rep { id } date deferredCount queuedCount dailyCapacity }
        persistentCaps { rep { id } capDays capDayCount window dailyCapacity }
      }
    }`);
    expect(deferralReport).toEqual({
      from: '2026-11-24',
      to: '2026-11-30',
      persistentMinDays: 2,
      persistentOfLastBusinessDays: 5,
      days: [
        { rep: { id: 'rep-la' }, date: '2026-11-24', deferredCount: 1, queuedCount: 1, dailyCapacity: 1 },
        { rep: { id: 'rep-sg' }, date: '2026-11-25', deferredCount: 1, queuedCount: 1, dailyCapacity: 1 },
        { rep: { id: 'rep-la' }, date: '2026-11-27', deferredCount: 1, queuedCount: 1, dailyCapacity: 1 },
      ],
      // Lee's last five business days ending Mon 30 Nov (out of office) are 23–27 Nov: cap hit on 24 and 27.
      persistentCaps: [
        { rep: { id: 'rep-la' }, capDays: ['2026-11-24', '2026-11-27'], capDayCount: 2, window: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'], dailyCapacity: 1 },
      ],
    });

    const backwards = await h.request(`{ deferralReport(from: "2026-11-30", to: "2026-11-24") { from } }`);
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', rule: 'must not be before from' });
    const tooStrict = await h.request(`{ deferralReport(from: "2026-11-24", to: "2026-11-30", persistentMinDays: 6, persistentOfLastBusinessDays: 5) { from } }`);
    expect(tooStrict.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'persistentMinDays' });
  });

  it('moves a handoff queued before its owner’s profile arrived to the owner’s own business day', async () => {
    h.clock.set('2026-11-27T16:00:00.000Z'); // Fri 16:00 UTC (the default calendar's Friday), already Sat 00:00 in Singapore
    const LOU = rep('rep-lou', 'Lou Tan', 'Asia/Singapore');
    const { handoffId } = await h.deliver('lou', assignment(LOU, SAM, 'APAC'));
    expect(deliveries(handoffId)).toEqual(['2026-11-27#1']);
    await h.repProfile({ repId: 'rep-lou', name: 'Lou Tan', timezone: 'Asia/Singapore', workingHours: { start: '09:00', end: '17:00' }, dailyCapacity: 5, updatedAt: '2026-11-27T15:00:00.000Z' });
    await waitFor(() => deliveries(handoffId).length === 2, { what: 'the handoff moved to Lou’s Monday' });
    expect(deliveries(handoffId)).toEqual(['2026-11-27#1', '2026-11-30#1']);
    expect((await card(handoffId)).deferrals).toEqual([{ fromDate: '2026-11-27', toDate: '2026-11-30', reason: 'OUTSIDE_WORKING_TIME' }]);
    expect(await queue('rep-lou')).toEqual([{ id: handoffId, priorityRank: 1 }]);
  });
});
