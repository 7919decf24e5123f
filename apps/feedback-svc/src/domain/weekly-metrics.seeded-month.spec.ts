import { handoffCreatedFacts, handoffDeliveredFacts, repProfileOf } from '../events/event-facts';
import {
  REP_PROFILES,
  SEEDED_HANDOFFS,
  SEEDED_NOW,
  SEEDED_TIME_ZONE,
  handoffCreatedEvent,
  handoffDeliveredEvent,
  type SeededHandoff,
} from '../testing/seeded-month.fixture';
import { toHandoffOutcome, type HandoffOutcome } from './handoff-outcome';
import { applyHandoffCreated, applyHandoffDelivered } from './handoff-record';
import { parseIsoWeek } from './iso-week';
import { rejectionPatternReport } from './rejection-patterns';
import { weeklyMetrics, weeklyMetricsTrend, type WeeklyMetrics } from './weekly-metrics';

/**
 * The seeded month (testing/seeded-month.fixture.ts: 16 handoffs over 2026-W43…W46, Europe/Berlin,
 * both DST ends) run through the same projection as the consumers, then the metrics. Each expected
 * number is worked out by hand in the fixture's comments and below.
 */
const now = new Date(SEEDED_NOW);
const profiles = new Map(REP_PROFILES.map((p) => [p.repId, repProfileOf(p)]));

function outcomeOf(s: SeededHandoff, { late, timeZone = SEEDED_TIME_ZONE }: { late: boolean; timeZone?: string }): HandoffOutcome {
  const created = handoffCreatedEvent(s);
  const delivered = handoffDeliveredEvent(s);
  const record = applyHandoffDelivered(
    applyHandoffCreated(null, handoffCreatedFacts(created.payload, created.correlationId)),
    handoffDeliveredFacts(delivered.payload, delivered.correlationId),
  );
  const lateTouch = late ? s.late?.touch : undefined;
  const lateMeeting = late ? s.late?.meeting : undefined;
  return toHandoffOutcome(
    {
      record: { ...record, deliveredAt: record.deliveredAt! },
      ownerProfile: profiles.get(record.ownerRepId) ?? null,
      acceptedAt: s.accept ? now : null,
      firstTouchAt: s.touch ? new Date(s.touch) : lateTouch ? new Date(lateTouch) : null,
      meetingAt: s.meeting ? new Date(s.meeting) : lateMeeting ? new Date(lateMeeting) : null,
      rejection: s.reject ? { reason: s.reject, at: now } : null,
    },
    timeZone,
  );
}
const month = (late = false, timeZone = SEEDED_TIME_ZONE) => SEEDED_HANDOFFS.map((s) => outcomeOf(s, { late, timeZone }));

const week = (label: string, timeZone = SEEDED_TIME_ZONE) => {
  const parsed = parseIsoWeek(label, timeZone);
  if (!parsed.ok) throw new Error(parsed.rule);
  return parsed.week;
};
const keysOf = (m: WeeklyMetrics, outcomes: HandoffOutcome[]) =>
  outcomes
    .filter((o) => o.deliveredAt >= m.week.start && o.deliveredAt < m.week.end)
    .map((o) => SEEDED_HANDOFFS.find((s) => s.handoffId === o.handoffId)!.key)
    .sort();
const summary = (m: WeeklyMetrics) => [
  m.week.label,
  m.deliveredCount,
  m.firstTouchedCount,
  m.medianMinutesToFirstTouch,
  m.firstBusinessDayDueCount,
  m.touchedInFirstBusinessDayCount,
  m.firstBusinessDayTouchShare,
  m.meetingCount,
  m.mqaToMeetingConversion,
  m.rejectedCount,
  m.rejectionRate,
];

describe('the seeded month in Europe/Berlin (2026-W43 … W46)', () => {
  it('reports the four weeks as worked out by hand', () => {
    const trend = weeklyMetricsTrend(week('2026-W46'), 4, month(), { now });
    // week, delivered, touched, median min, due, in 1st day, share, meetings, conversion, rejected, rate
    expect(trend.map(summary)).toEqual([
      // W43: h01 h02 h03 h04 h05 — touched 20, 1080, 45, 570 → (45 + 570) / 2; in time h01 h04 h05
      ['2026-W43', 5, 4, 307.5, 5, 3, 0.6, 2, 0.4, 2, 0.4],
      // W44: h06 h07 h08 h09 h11 — touched 540, 4290, 10 → 540; in time h06 h07 h09; h08, h11 due and untouched
      ['2026-W44', 5, 3, 540, 5, 3, 0.6, 1, 0.2, 2, 0.4],
      // W45: h10 h12 h13 h14 — touched 540, 30 → (30 + 540) / 2
      ['2026-W45', 4, 2, 285, 4, 2, 0.5, 1, 0.25, 2, 0.5],
      // W46: h15 h16 — touched 5; h15 due and untouched
      ['2026-W46', 2, 1, 5, 2, 1, 0.5, 0, 0, 0, 0],
    ]);
    expect(trend.map((w) => w.rejectionRateByReason)).toEqual([
      [{ reason: 'NO_NEED', count: 2, rate: 0.4 }],
      [
        { reason: 'NO_NEED', count: 1, rate: 0.2 },
        { reason: 'WRONG_OWNER', count: 1, rate: 0.2 },
      ],
      [{ reason: 'NO_NEED', count: 2, rate: 0.5 }],
      [],
    ]);
    expect(trend.map((w) => w.acceptedCount)).toEqual([1, 1, 0, 0]);
  });

  it('counts the 169th hour of W43 (Sun 25 Oct 23:30 CET) in W43 and Mon 00:15 CET in W44', () => {
    const outcomes = month();
    const w43 = weeklyMetrics(week('2026-W43'), outcomes, { now });
    expect(keysOf(w43, outcomes)).toEqual(['h01', 'h02', 'h03', 'h04', 'h05']);
    expect(keysOf(weeklyMetrics(week('2026-W44'), outcomes, { now }), outcomes)).toEqual(['h06', 'h07', 'h08', 'h09', 'h11']);
    // In UTC the same W43 ends at Mon 26 Oct 00:00Z and holds h06 too (delivered Sun 25 Oct 23:15Z).
    const utc = month(false, 'UTC');
    const w43Utc = weeklyMetrics(week('2026-W43', 'UTC'), utc, { now });
    expect(keysOf(w43Utc, utc)).toEqual(['h01', 'h02', 'h03', 'h04', 'h05', 'h06']);
    // touched 20, 1080, 45, 570, 540 → 540
    expect(w43Utc.medianMinutesToFirstTouch).toBe(540);
  });

  it("reads a New York team's W44 (Mon 26 Oct 04:00Z – Mon 2 Nov 05:00Z): h06 falls out, h10 (Sun 1 Nov 23:30 EST) comes in", () => {
    const ny = month(false, 'America/New_York');
    const w44 = weeklyMetrics(week('2026-W44', 'America/New_York'), ny, { now });
    expect([w44.week.start.toISOString(), w44.week.end.toISOString()]).toEqual(['2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(keysOf(w44, ny)).toEqual(['h07', 'h08', 'h09', 'h10', 'h11']);
    // touched 4290, 10, 540 → 540
    expect(w44).toMatchObject({ deliveredCount: 5, firstTouchedCount: 3, medianMinutesToFirstTouch: 540, meetingCount: 1 });
  });

  it("ends nick's first business day for h07 at Mon 2 Nov 16:00 EST = 21:00Z, so the 20:30Z touch is in time", () => {
    const h07 = month().find((o) => o.handoffId === SEEDED_HANDOFFS.find((s) => s.key === 'h07')!.handoffId)!;
    expect(h07.firstBusinessDayEndsAt.toISOString()).toBe('2026-11-02T21:00:00.000Z');
    // ben has no profile: the default Mon–Fri 09:00–17:00 in his RepRef zone (Europe/Berlin) → Fri 30 Oct 17:00 CET.
    const h11 = month().find((o) => o.handoffId === SEEDED_HANDOFFS.find((s) => s.key === 'h11')!.handoffId)!;
    expect(h11.firstBusinessDayEndsAt.toISOString()).toBe('2026-10-30T16:00:00.000Z');
  });

  it('moves W44, and only W44, when the late touch and meeting on h11 arrive in W46', () => {
    const before = weeklyMetricsTrend(week('2026-W46'), 4, month(false), { now }).map(summary);
    const after = weeklyMetricsTrend(week('2026-W46'), 4, month(true), { now }).map(summary);
    // W44 touched 10, 540, 4290, 15480 (h11: Fri 30 Oct 15:00Z → Tue 10 Nov 09:00Z) → (540 + 4290) / 2 = 2415;
    // meetings h07 + h11 = 2 of 5; h11's touch was after its first business day, so the share stays 3 of 5.
    expect(after[1]).toEqual(['2026-W44', 5, 4, 2415, 5, 3, 0.6, 2, 0.4, 2, 0.4]);
    expect([after[0], after[2], after[3]]).toEqual([before[0], before[2], before[3]]);
  });

  it('splits W43 by rep, team, territory and model version', () => {
    const outcomes = month();
    const rows = (groupBy: 'REP' | 'TEAM' | 'TERRITORY' | 'MODEL_VERSION') =>
      weeklyMetrics(week('2026-W43'), outcomes, { now, groupBy }).rows.map((r) => [
        r.key,
        r.label,
        r.deliveredCount,
        r.medianMinutesToFirstTouch,
        r.firstBusinessDayTouchShare,
        r.mqaToMeetingConversion,
        r.rejectionRate,
      ]);
    // ana: h01 h02 h05, touched 20 1080 570 → 570; in time h01 h05 (2/3); meeting h01; rejected h02.
    expect(rows('REP')).toEqual([
      ['rep-ana', 'Ana Ortiz', 3, 570, 2 / 3, 1 / 3, 1 / 3],
      ['rep-ben', 'Ben Okafor', 1, null, 0, 0, 1],
      ['rep-nick', 'Nick Alvarez', 1, 45, 1, 1, 0],
    ]);
    // EMEA: h01 h02 h03 h05, touched 20 1080 570 → 570; in time 2 of 4; 1 meeting; 2 rejected.
    expect(rows('TEAM')).toEqual([
      ['EMEA', 'EMEA', 4, 570, 0.5, 0.25, 0.5],
      ['NA', 'NA', 1, 45, 1, 1, 0],
    ]);
    expect(rows('TERRITORY')).toEqual([
      ['terr-emea-saas', 'EMEA SaaS', 4, 570, 0.5, 0.25, 0.5],
      ['terr-na', 'North America', 1, 45, 1, 1, 0],
    ]);
    expect(rows('MODEL_VERSION')).toEqual([
      ['v3', 'v3', 4, 570, 0.5, 0.25, 0.5],
      ['v4', 'v4', 1, 45, 1, 1, 0],
    ]);
    // The rows add up to the week.
    const byRep = weeklyMetrics(week('2026-W43'), outcomes, { now, groupBy: 'REP' });
    expect(byRep.rows.reduce((n, r) => n + r.deliveredCount, 0)).toBe(byRep.deliveredCount);
  });

  it('finds the content-led NO_NEED pattern in W43 and W45, and none in W44 (one rejection per reason)', () => {
    const outcomes = month();
    const patterns = (label: string) =>
      rejectionPatternReport(week(label), outcomes).patterns.map((p) => [p.dimension, p.value, p.reason, p.count, p.share, p.valueRejectedCount, p.valueDeliveredCount]);
    expect(patterns('2026-W43')).toEqual([
      ['TOP_CONTRIBUTOR', 'CONTENT_DOWNLOAD', 'NO_NEED', 2, 1, 2, 2],
      ['TERRITORY', 'terr-emea-saas', 'NO_NEED', 2, 1, 2, 4],
      ['PLAYBOOK_RULE', 'content-nurture', 'NO_NEED', 2, 1, 2, 2],
      ['MODEL_VERSION', 'v3', 'NO_NEED', 2, 1, 2, 4],
    ]);
    expect(rejectionPatternReport(week('2026-W44'), outcomes)).toMatchObject({ deliveredCount: 5, rejectedCount: 2, patterns: [] });
    expect(patterns('2026-W45')).toEqual([
      ['TOP_CONTRIBUTOR', 'CONTENT_DOWNLOAD', 'NO_NEED', 2, 1, 2, 2],
      ['TERRITORY', 'terr-emea-saas', 'NO_NEED', 2, 1, 2, 3],
      ['PLAYBOOK_RULE', 'content-nurture', 'NO_NEED', 2, 1, 2, 2],
      ['MODEL_VERSION', 'v4', 'NO_NEED', 2, 1, 2, 4],
    ]);
  });
});

describe('weeks across the year end in Europe/Berlin', () => {
  // 2026-W53 runs Mon 28 Dec 00:00 CET (27 Dec 23:00Z) to Mon 4 Jan 00:00 CET (3 Jan 23:00Z).
  const base = month()[0];
  const o = (id: string, deliveredAt: string, minutes: number | null, more: Partial<HandoffOutcome> = {}): HandoffOutcome => ({
    ...base,
    handoffId: id,
    deliveredAt: new Date(deliveredAt),
    firstTouchAt: minutes === null ? null : new Date(Date.parse(deliveredAt) + minutes * 60_000),
    meetingAt: null,
    rejection: null,
    acceptedAt: null,
    ...more,
  });
  const outcomes = [
    o('y1', '2026-12-27T22:30:00Z', 15), // Sun 27 Dec 23:30 CET → W52
    o('y2', '2026-12-27T23:00:00Z', 10), // Mon 28 Dec 00:00 CET → W53 (first instant)
    o('y3', '2026-12-31T11:00:00Z', 31), // Thu 31 Dec → W53
    o('y4', '2027-01-03T22:59:59Z', 45, { rejection: { reason: 'DUPLICATE', at: new Date('2027-01-04T09:00:00Z') } }), // Sun 3 Jan 23:59:59 CET → W53
    o('y5', '2027-01-03T23:00:00Z', 60), // Mon 4 Jan 00:00 CET → 2027-W01 (still 2026-W53 in UTC)
    o('y6', '2027-01-05T09:00:00Z', null),
  ];

  it('puts each delivery in its Berlin week, with an even-count median in W53', () => {
    const trend = weeklyMetricsTrend(week('2027-W01'), 3, outcomes, { now: new Date('2027-02-01T00:00:00Z') });
    expect(trend.map((w) => [w.week.label, w.deliveredCount, w.firstTouchedCount, w.medianMinutesToFirstTouch, w.rejectedCount])).toEqual([
      ['2026-W52', 1, 1, 15, 0],
      ['2026-W53', 3, 3, 31, 1], // 10, 31, 45 → 31
      ['2027-W01', 2, 1, 60, 0],
    ]);
    // Without y2, W53 has two touches: (31 + 45) / 2 = 38.
    const withoutY2 = weeklyMetrics(week('2026-W53'), outcomes.filter((x) => x.handoffId !== 'y2'), { now });
    expect(withoutY2.medianMinutesToFirstTouch).toBe(38);
  });

  it('reads the same deliveries differently in UTC: y2 (27 Dec 23:00Z) is still W52 there, y5 (3 Jan 23:00Z) still W53', () => {
    const w53 = weeklyMetrics(week('2026-W53', 'UTC'), outcomes, { now });
    // y3 y4 y5: touched 31 45 60 → 45
    expect([w53.deliveredCount, w53.medianMinutesToFirstTouch]).toEqual([3, 45]);
    expect(weeklyMetrics(week('2026-W52', 'UTC'), outcomes, { now }).deliveredCount).toBe(2); // y1 y2
  });
});
