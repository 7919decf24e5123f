import { REJECTION_REASONS } from '@handoff-graph/contracts';
import type { HandoffOutcome } from './handoff-outcome';
import { parseIsoWeek } from './iso-week';
import { weeklyMetricsTrend } from './weekly-metrics';
import { WEEKLY_METRICS_CSV_HEADER, parseExportParams, weeklyMetricsCsv } from './weekly-metrics-export';

const now = new Date('2026-11-26T12:00:00Z'); // Thursday of 2026-W48
const parse = (query: string, timeZone = 'Europe/Berlin') => {
  const p = parseExportParams(new URLSearchParams(query), { now, timeZone });
  return p.ok ? { from: p.from.label, to: p.to.label, groupBy: p.groupBy, timeZone: p.from.timeZone } : { status: 400, message: p.message };
};

describe('the export parameters', () => {
  it('reads from, to and groupBy', () => {
    expect(parse('from=2026-W40&to=2026-W48&groupBy=REP')).toEqual({ from: '2026-W40', to: '2026-W48', groupBy: 'REP', timeZone: 'Europe/Berlin' });
    expect(parse('from=2026-W52&to=2027-W02&groupBy=model_version').groupBy).toBe('MODEL_VERSION');
  });

  it('defaults to the 13 weeks ending with the current week, overall', () => {
    expect(parse('')).toEqual({ from: '2026-W36', to: '2026-W48', groupBy: 'OVERALL', timeZone: 'Europe/Berlin' });
    expect(parse('to=2027-W02')).toMatchObject({ from: '2026-W43', to: '2027-W02' }); // through 2026-W53
  });

  it.each([
    ['from=2026-40', "parameter 'from': must be an ISO week written YYYY-Www, e.g. 2026-W48"],
    ['to=2027-W53', "parameter 'to': 2027 has 52 ISO weeks; 2027-W53 does not exist"],
    ['from=2026-W48&to=2026-W40', "parameter 'from': must not be after 'to' (2026-W48 is after 2026-W40)"],
    ['from=2024-W01&to=2026-W48', "parameter 'from': at most 106 weeks per export (2024-W01 to 2026-W48 is 152)"],
    ['groupBy=ACCOUNT', "parameter 'groupBy': must be one of OVERALL, REP, TEAM, TERRITORY, MODEL_VERSION"],
    ['groupby=REP', "parameter 'groupby': unknown parameter; use from, to, groupBy"],
    ['from=2026-W40&from=2026-W41', "parameter 'from': given more than once"],
  ])('refuses %s with a message naming the parameter', (query, message) => {
    expect(parse(query)).toEqual({ status: 400, message });
  });
});

describe('the weekly metrics CSV', () => {
  const week = (label: string) => {
    const parsed = parseIsoWeek(label, 'Europe/Berlin');
    if (!parsed.ok) throw new Error(parsed.rule);
    return parsed.week;
  };
  const o = (id: string, deliveredAt: string, more: Partial<HandoffOutcome>): HandoffOutcome => ({
    handoffId: id,
    deliveredAt: new Date(deliveredAt),
    ownerRepId: 'rep-ana',
    ownerName: 'Ortiz, Ana',
    ownerTeam: 'EMEA',
    backupRepId: 'rep-ben',
    territoryId: 'terr-emea-saas',
    territoryName: 'EMEA SaaS',
    modelVersion: 'v3',
    topContributor: 'PRICING_PAGE_VISIT',
    playbookRuleId: 'pricing-intent',
    queueDate: null,
    firstBusinessDayEndsAt: new Date(Date.parse(deliveredAt) + 8 * 3_600_000),
    acceptedAt: null,
    firstTouchAt: null,
    meetingAt: null,
    rejection: null,
    ...more,
  });
  // W43 (Berlin): three handoffs for ana — touched +20 and +45 min (median 32.5), one rejected NO_NEED, one meeting.
  const outcomes = [
    o('a', '2026-10-19T07:00:00Z', { firstTouchAt: new Date('2026-10-19T07:20:00Z'), meetingAt: new Date('2026-10-21T13:00:00Z') }),
    o('b', '2026-10-20T07:00:00Z', { firstTouchAt: new Date('2026-10-20T07:45:00Z') }),
    o('c', '2026-10-21T07:00:00Z', { rejection: { reason: 'NO_NEED', at: new Date('2026-10-21T08:00:00Z') } }),
  ];

  it('has a fixed header: the week, the group, the three metrics, and a count and rate per rejection reason', () => {
    expect(WEEKLY_METRICS_CSV_HEADER).toHaveLength(18 + 2 * REJECTION_REASONS.length);
    expect(WEEKLY_METRICS_CSV_HEADER.slice(0, 8)).toEqual(['week', 'week_start', 'week_end', 'time_zone', 'group_by', 'group_key', 'group_label', 'delivered']);
    expect(WEEKLY_METRICS_CSV_HEADER.slice(-2)).toEqual(['rejected_other', 'rejection_rate_other']);
  });

  it('writes one record per week and group with local week dates, rounded rates and quoted labels', () => {
    const weeks = weeklyMetricsTrend(week('2026-W44'), 2, outcomes, { now, groupBy: 'REP' });
    const lines = weeklyMetricsCsv(weeks).split('\r\n');
    expect(lines).toHaveLength(3); // header, W43's one rep, '' after the last CRLF (W44 has no deliveries, so no REP rows)
    const zeros = REJECTION_REASONS.filter((r) => r !== 'NO_NEED').length;
    expect(lines[1]).toBe(
      [
        '2026-W43,2026-10-19,2026-10-25,Europe/Berlin,REP,rep-ana,"Ortiz, Ana"',
        '3,0,2,32.5', // delivered, accepted, first touched, median minutes
        '3,2,0.6667', // first business day: due, in, share
        '1,0.3333,1,0.3333', // meetings, conversion, rejected, rate
        // per reason in taxonomy order: NO_FIT, NO_NEED (1, 0.3333), then the rest
        '0,0,1,0.3333',
        Array.from({ length: zeros - 1 }, () => '0,0').join(','),
      ].join(','),
    );
    expect(lines[2]).toBe('');
  });

  it('writes an OVERALL record for an empty week, with empty rates', () => {
    const [w44] = weeklyMetricsTrend(week('2026-W44'), 1, outcomes, { now });
    const record = weeklyMetricsCsv([w44]).split('\r\n')[1].split(',');
    expect(record.slice(0, 18)).toEqual(['2026-W44', '2026-10-26', '2026-11-01', 'Europe/Berlin', 'OVERALL', '', 'All handoffs', '0', '0', '0', '', '0', '0', '', '0', '', '0', '']);
    expect(record.slice(18).every((cell, i) => (i % 2 === 0 ? cell === '0' : cell === ''))).toBe(true);
  });
});
