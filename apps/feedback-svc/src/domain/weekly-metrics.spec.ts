import { parseIsoWeek } from './iso-week';
import { computeMetrics, groupMetrics, median, trendWeeks, weeklyMetrics, weeklyMetricsTrend, type HandoffOutcome } from './weekly-metrics';

const week = (label: string) => {
  const parsed = parseIsoWeek(label);
  if (!parsed.ok) throw new Error(parsed.rule);
  return parsed.week;
};
const t = (iso: string) => new Date(iso);
const now = t('2027-02-01T00:00:00Z');
const at = { now };

function outcome(id: string, deliveredAt: string, more: Partial<Omit<HandoffOutcome, 'handoffId' | 'deliveredAt'>> = {}): HandoffOutcome {
  return {
    handoffId: id,
    deliveredAt: t(deliveredAt),
    ownerRepId: 'rep-ana',
    ownerName: 'Ana Ortiz',
    ownerTeam: 'EMEA',
    backupRepId: 'rep-ben',
    territoryId: 'terr-emea-saas',
    territoryName: 'EMEA SaaS',
    modelVersion: 'v1',
    topContributor: 'PRICING_PAGE_VISIT',
    playbookRuleId: 'pricing-intent',
    queueDate: deliveredAt.slice(0, 10),
    firstBusinessDayEndsAt: new Date(Date.parse(deliveredAt) + 8 * 3_600_000),
    acceptedAt: null,
    firstTouchAt: null,
    meetingAt: null,
    rejection: null,
    ...more,
  };
}

/**
 * A hand-seeded 2026-W48 (Mon 23 Nov – Sun 29 Nov, UTC) plus neighbours:
 *   A  delivered Mon 09:00, touched 09:12 (12 min), accepted, meeting Wed
 *   B  delivered Tue 10:00, touched 10:45 (45 min), accepted
 *   C  delivered Wed 16:00, touched Thu 08:30 (990 min), then rejected NO_FIT
 *   D  delivered Fri 13:00, never touched, rejected WRONG_OWNER
 *   E  delivered Sun 23:59:59 (last second of the week), rejected NO_FIT
 *   F  delivered Mon 30 Nov 00:00 (2026-W49), touched 5 min later      — not in W48
 *   G  delivered Sun 22 Nov 23:59:59 (2026-W47), touched, meeting      — not in W48
 */
const A = outcome('A', '2026-11-23T09:00:00Z', {
  acceptedAt: t('2026-11-23T09:05:00Z'),
  firstTouchAt: t('2026-11-23T09:12:00Z'),
  meetingAt: t('2026-11-25T15:00:00Z'),
});
const B = outcome('B', '2026-11-24T10:00:00Z', { acceptedAt: t('2026-11-24T10:01:00Z'), firstTouchAt: t('2026-11-24T10:45:00Z') });
const C = outcome('C', '2026-11-25T16:00:00Z', {
  firstTouchAt: t('2026-11-26T08:30:00Z'),
  rejection: { reason: 'NO_FIT', at: t('2026-11-26T09:00:00Z') },
});
const D = outcome('D', '2026-11-27T13:00:00Z', { rejection: { reason: 'WRONG_OWNER', at: t('2026-11-27T14:00:00Z') } });
const E = outcome('E', '2026-11-29T23:59:59Z', { rejection: { reason: 'NO_FIT', at: t('2026-11-30T08:00:00Z') } });
const F = outcome('F', '2026-11-30T00:00:00Z', { firstTouchAt: t('2026-11-30T00:05:00Z') });
const G = outcome('G', '2026-11-22T23:59:59Z', { firstTouchAt: t('2026-11-23T08:00:00Z'), meetingAt: t('2026-11-24T08:00:00Z') });
const seeded = [A, B, C, D, E, F, G];

describe('median', () => {
  it('takes the middle value of an odd count, whatever the input order', () => {
    expect(median([990, 12, 45])).toBe(45);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([990, 12, 45, 20])).toBe(32.5);
    expect(median([1, 2])).toBe(1.5);
  });
  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});

describe('weeklyMetrics', () => {
  it('computes the three numbers over the handoffs delivered in the week (odd touched count)', () => {
    const m = weeklyMetrics(week('2026-W48'), seeded, at);
    expect(m.week.label).toBe('2026-W48');
    expect(m.timeZone).toBe('UTC');
    expect(m).toMatchObject({
      deliveredCount: 5, // A B C D E (F is W49, G is W47)
      acceptedCount: 2,
      firstTouchedCount: 3, // 12, 45, 990 minutes
      medianMinutesToFirstTouch: 45,
      meetingCount: 1,
      mqaToMeetingConversion: 0.2, // 1 / 5
      rejectedCount: 3,
      rejectionRate: 0.6, // 3 / 5
    });
    expect(m.rejectionRateByReason).toEqual([
      { reason: 'NO_FIT', count: 2, rate: 0.4 },
      { reason: 'WRONG_OWNER', count: 1, rate: 0.2 },
    ]);
  });

  it('averages the two middle times when an even number of handoffs was touched', () => {
    const H = outcome('H', '2026-11-28T08:00:00Z', { firstTouchAt: t('2026-11-28T08:20:00Z') });
    const m = weeklyMetrics(week('2026-W48'), [...seeded, H], at);
    // touched: 12, 20, 45, 990 → (20 + 45) / 2
    expect(m.firstTouchedCount).toBe(4);
    expect(m.medianMinutesToFirstTouch).toBe(32.5);
    expect(m.deliveredCount).toBe(6);
    expect(m.mqaToMeetingConversion).toBeCloseTo(1 / 6, 10);
    expect(m.rejectionRate).toBe(0.5);
  });

  it('keeps fractions of a minute', () => {
    const X = outcome('X', '2026-11-24T10:00:00Z', { firstTouchAt: t('2026-11-24T10:00:30Z') });
    expect(weeklyMetrics(week('2026-W48'), [X], at).medianMinutesToFirstTouch).toBe(0.5);
  });

  it('counts late feedback toward the week the handoff was delivered in, not the week it arrived', () => {
    // A handoff delivered on Friday of W48 is touched and gets a meeting in W49.
    const late = outcome('L', '2026-11-27T17:00:00Z', {
      firstTouchAt: t('2026-12-01T09:00:00Z'), // 3 days 16 hours = 5280 min
      meetingAt: t('2026-12-03T10:00:00Z'),
    });
    const w48 = weeklyMetrics(week('2026-W48'), [late], at);
    expect(w48).toMatchObject({ deliveredCount: 1, firstTouchedCount: 1, medianMinutesToFirstTouch: 5280, meetingCount: 1, mqaToMeetingConversion: 1 });
    // W49 holds F only (and E's Monday rejection does not move E into W49).
    const w49 = weeklyMetrics(week('2026-W49'), [...seeded, late], at);
    expect(w49).toMatchObject({ deliveredCount: 1, firstTouchedCount: 1, medianMinutesToFirstTouch: 5, meetingCount: 0, rejectedCount: 0 });
    expect(w49.rejectionRateByReason).toEqual([]);
  });

  it('reports a week with no delivered handoff as zero counts and null rates', () => {
    expect(weeklyMetrics(week('2026-W50'), seeded, at)).toMatchObject({
      deliveredCount: 0,
      acceptedCount: 0,
      firstTouchedCount: 0,
      medianMinutesToFirstTouch: null,
      meetingCount: 0,
      mqaToMeetingConversion: null,
      rejectedCount: 0,
      rejectionRate: null,
      rejectionRateByReason: [],
    });
  });

  it('splits 2026-W53 and 2027-W01 at Monday 4 January 2027 00:00 UTC', () => {
    const lastOfW53 = outcome('Y', '2027-01-03T23:59:59Z', { firstTouchAt: t('2027-01-04T00:09:59Z') }); // 10 min
    const firstOfW01 = outcome('Z', '2027-01-04T00:00:00Z', { rejection: { reason: 'DUPLICATE', at: t('2027-01-04T01:00:00Z') } });
    const newYearsEve = outcome('N', '2026-12-31T12:00:00Z', { firstTouchAt: t('2026-12-31T12:30:00Z') }); // 30 min
    const all = [lastOfW53, firstOfW01, newYearsEve];
    expect(weeklyMetrics(week('2026-W53'), all, at)).toMatchObject({ deliveredCount: 2, medianMinutesToFirstTouch: 20, rejectedCount: 0 });
    expect(weeklyMetrics(week('2027-W01'), all, at)).toMatchObject({ deliveredCount: 1, firstTouchedCount: 0, rejectionRate: 1 });
    // 2026-W01 starts in calendar 2025.
    const early = outcome('W', '2025-12-29T08:00:00Z');
    expect(weeklyMetrics(week('2026-W01'), [early], at).deliveredCount).toBe(1);
    expect(weeklyMetrics(week('2025-W52'), [early], at).deliveredCount).toBe(0);
  });

  it('lists every reason with a rejection, most frequent first, ties by reason name', () => {
    const rejected = (id: string, reason: 'ACTIVE_CYCLE' | 'DUPLICATE' | 'WRONG_OWNER' | 'NO_NEED') =>
      outcome(id, '2026-11-24T10:00:00Z', { rejection: { reason, at: t('2026-11-24T11:00:00Z') } });
    const m = computeMetrics([
      rejected('1', 'WRONG_OWNER'),
      rejected('2', 'DUPLICATE'),
      rejected('3', 'ACTIVE_CYCLE'),
      rejected('4', 'NO_NEED'),
      rejected('5', 'NO_NEED'),
      outcome('6', '2026-11-24T10:00:00Z'),
      outcome('7', '2026-11-24T10:00:00Z'),
      outcome('8', '2026-11-24T10:00:00Z'),
    ], now);
    expect(m.rejectionRateByReason).toEqual([
      { reason: 'NO_NEED', count: 2, rate: 0.25 },
      { reason: 'ACTIVE_CYCLE', count: 1, rate: 0.125 },
      { reason: 'DUPLICATE', count: 1, rate: 0.125 },
      { reason: 'WRONG_OWNER', count: 1, rate: 0.125 },
    ]);
    expect(m.rejectionRate).toBe(0.625);
  });
});

describe('weeklyMetricsTrend', () => {
  it('lists the weeks ending with the given one, oldest first, through week 53', () => {
    expect(trendWeeks(week('2027-W02'), 4).map((w) => w.label)).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });

  it('computes each week from its own deliveries', () => {
    const trend = weeklyMetricsTrend(week('2026-W49'), 3, seeded, at);
    expect(trend.map((w) => [w.week.label, w.deliveredCount, w.meetingCount])).toEqual([
      ['2026-W47', 1, 1],
      ['2026-W48', 5, 1],
      ['2026-W49', 1, 0],
    ]);
  });
});

describe('the share touched inside the first business day', () => {
  // Three handoffs whose first business day ends Tue 24 Nov 16:00Z.
  const end = '2026-11-24T16:00:00Z';
  const inTime = outcome('P', '2026-11-24T10:00:00Z', { firstBusinessDayEndsAt: t(end), firstTouchAt: t('2026-11-24T15:59:00Z') });
  const late = outcome('Q', '2026-11-24T10:00:00Z', { firstBusinessDayEndsAt: t(end), firstTouchAt: t('2026-11-25T09:00:00Z') });
  const open = outcome('R', '2026-11-24T10:00:00Z', { firstBusinessDayEndsAt: t(end) });

  it('counts an untouched handoff only once its first business day is over: 1 of 2 due before the end', () => {
    expect(computeMetrics([inTime, open], t('2026-11-24T15:59:59Z'))).toMatchObject({
      firstBusinessDayDueCount: 1,
      touchedInFirstBusinessDayCount: 1,
      firstBusinessDayTouchShare: 1,
    });
  });

  it('counts it as missed from the end on: 1 of 2 at 16:00Z', () => {
    expect(computeMetrics([inTime, open], t(end))).toMatchObject({ firstBusinessDayDueCount: 2, touchedInFirstBusinessDayCount: 1, firstBusinessDayTouchShare: 0.5 });
  });

  it('counts a touch at the last instant as inside, a later touch as outside: 2 of 3 → 1/3 share missed', () => {
    const onTheDot = outcome('S', '2026-11-24T10:00:00Z', { firstBusinessDayEndsAt: t(end), firstTouchAt: t(end) });
    const m = computeMetrics([inTime, late, onTheDot], t('2026-11-30T00:00:00Z'));
    expect(m).toMatchObject({ firstBusinessDayDueCount: 3, touchedInFirstBusinessDayCount: 2 });
    expect(m.firstBusinessDayTouchShare).toBeCloseTo(2 / 3, 12);
  });

  it('is null while nothing is due', () => {
    expect(computeMetrics([open], t('2026-11-24T12:00:00Z')).firstBusinessDayTouchShare).toBeNull();
  });
});

describe('grouping a week into rows', () => {
  const rows = (groupBy: Parameters<typeof groupMetrics>[1], outcomes: HandoffOutcome[]) =>
    groupMetrics(outcomes, groupBy, now).map((r) => [r.key, r.label, r.deliveredCount]);
  const a = outcome('a', '2026-11-24T10:00:00Z');
  const b = outcome('b', '2026-11-24T10:00:00Z', { ownerRepId: 'rep-ben', ownerName: null, ownerTeam: 'EMEA', territoryId: 'terr-na', territoryName: null, modelVersion: 'v2' });
  const c = outcome('c', '2026-11-24T10:00:00Z', { ownerTeam: null, territoryId: null, territoryName: null, modelVersion: null });

  it('gives OVERALL exactly one row, even for an empty week', () => {
    expect(rows('OVERALL', [a, b, c])).toEqual([[null, 'All handoffs', 3]]);
    expect(rows('OVERALL', [])).toEqual([[null, 'All handoffs', 0]]);
  });

  it('groups by rep, labelled by name (the id when no name is known)', () => {
    expect(rows('REP', [a, b, c])).toEqual([
      ['rep-ana', 'Ana Ortiz', 2],
      ['rep-ben', 'rep-ben', 1],
    ]);
  });

  it('puts handoffs whose value is not known yet in a last, null-keyed row', () => {
    expect(rows('TEAM', [c, a, b])).toEqual([
      ['EMEA', 'EMEA', 2],
      [null, 'Unknown team', 1],
    ]);
    expect(rows('TERRITORY', [a, b, c])).toEqual([
      ['terr-emea-saas', 'EMEA SaaS', 1],
      ['terr-na', 'terr-na', 1],
      [null, 'Unknown territory', 1],
    ]);
    expect(rows('MODEL_VERSION', [a, b, c])).toEqual([
      ['v1', 'v1', 1],
      ['v2', 'v2', 1],
      [null, 'Unknown model version', 1],
    ]);
  });

  it('has no rows for a week without deliveries when grouped', () => {
    expect(groupMetrics([], 'REP', now)).toEqual([]);
  });
});
