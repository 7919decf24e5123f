import { isoWeekBounds, isoWeekOf, isoWeekSpan, isoWeeksInYear, parseIsoWeek, shiftIsoWeek } from './iso-week';

const week = (label: string) => {
  const parsed = parseIsoWeek(label);
  if (!parsed.ok) throw new Error(parsed.rule);
  return parsed.week;
};

describe('ISO weeks (UTC)', () => {
  it('knows which years have 53 weeks: those starting on a Thursday, or a Wednesday in a leap year', () => {
    // 2020: leap year starting on a Wednesday; 2026 and 2032 start on a Thursday.
    expect([2020, 2021, 2024, 2025, 2026, 2027, 2028, 2032].map((y) => [y, isoWeeksInYear(y)])).toEqual([
      [2020, 53],
      [2021, 52],
      [2024, 52],
      [2025, 52],
      [2026, 53],
      [2027, 52],
      [2028, 52],
      [2032, 53],
    ]);
  });

  it('bounds 2026-W48 as Monday 23 November 00:00 to Monday 30 November 00:00 UTC', () => {
    const w = week('2026-W48');
    expect(w).toMatchObject({ year: 2026, week: 48, label: '2026-W48' });
    expect(w.start.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('runs 2026-W53 from 28 December 2026 into 3 January 2027, and 2027-W01 from 4 January', () => {
    expect(week('2026-W53').start.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(week('2026-W53').end.toISOString()).toBe('2027-01-04T00:00:00.000Z');
    expect(week('2027-W01').start.toISOString()).toBe('2027-01-04T00:00:00.000Z');
    expect(week('2026-W01').start.toISOString()).toBe('2025-12-29T00:00:00.000Z');
  });

  it.each([
    ['2026-11-23T00:00:00.000Z', '2026-W48'],
    ['2026-11-29T23:59:59.999Z', '2026-W48'],
    ['2026-11-30T00:00:00.000Z', '2026-W49'],
    ['2025-12-29T08:00:00.000Z', '2026-W01'], // calendar 2025, ISO year 2026
    ['2026-12-31T12:00:00.000Z', '2026-W53'],
    ['2027-01-03T23:59:59.000Z', '2026-W53'], // calendar 2027, ISO year 2026
    ['2027-01-04T00:00:00.000Z', '2027-W01'],
    ['2021-01-03T10:00:00.000Z', '2020-W53'],
    ['2027-12-31T10:00:00.000Z', '2027-W52'],
    ['2028-01-02T10:00:00.000Z', '2027-W52'],
  ])('puts %s in %s', (instant, label) => {
    expect(isoWeekOf(new Date(instant)).label).toBe(label);
  });

  it('shifts across year ends, through week 53', () => {
    expect(shiftIsoWeek(week('2026-W52'), 1).label).toBe('2026-W53');
    expect(shiftIsoWeek(week('2026-W52'), 2).label).toBe('2027-W01');
    expect(shiftIsoWeek(week('2027-W01'), -1).label).toBe('2026-W53');
    expect(shiftIsoWeek(week('2028-W01'), -1).label).toBe('2027-W52');
  });

  it.each([
    ['2027-W53', '2027 has 52 ISO weeks; 2027-W53 does not exist'],
    ['2026-W54', '2026 has 53 ISO weeks; 2026-W54 does not exist'],
    ['2026-W00', '2026 has 53 ISO weeks; 2026-W00 does not exist'],
    ['2026-48', 'must be an ISO week written YYYY-Www, e.g. 2026-W48'],
    ['2026-W4', 'must be an ISO week written YYYY-Www, e.g. 2026-W48'],
    ['last week', 'must be an ISO week written YYYY-Www, e.g. 2026-W48'],
  ])('refuses %s: %s', (label, rule) => {
    expect(parseIsoWeek(label)).toEqual({ ok: false, rule });
  });

  it('accepts 2026-W53 and 2020-W53', () => {
    expect(parseIsoWeek('2026-W53').ok).toBe(true);
    expect(parseIsoWeek('2020-W53').ok).toBe(true);
  });
});

describe('ISO weeks in a team time zone', () => {
  const hours = (w: { start: Date; end: Date }) => (w.end.getTime() - w.start.getTime()) / 3_600_000;
  const bounds = (label: string, tz: string) => {
    const parsed = parseIsoWeek(label, tz);
    if (!parsed.ok) throw new Error(parsed.rule);
    return { start: parsed.week.start.toISOString(), end: parsed.week.end.toISOString(), hours: hours(parsed.week), timeZone: parsed.week.timeZone };
  };

  it('runs Europe/Berlin 2026-W43 for 169 hours: Mon 19 Oct 00:00 CEST to Mon 26 Oct 00:00 CET (clocks back Sun 25 Oct)', () => {
    expect(bounds('2026-W43', 'Europe/Berlin')).toEqual({ start: '2026-10-18T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', hours: 169, timeZone: 'Europe/Berlin' });
  });

  it('runs America/New_York 2026-W44 for 169 hours: Mon 26 Oct 00:00 EDT to Mon 2 Nov 00:00 EST (clocks back Sun 1 Nov)', () => {
    expect(bounds('2026-W44', 'America/New_York')).toEqual({ start: '2026-10-26T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z', hours: 169, timeZone: 'America/New_York' });
  });

  it('runs the spring-forward weeks for 167 hours (Berlin 2026-W13, New York 2026-W10)', () => {
    expect(bounds('2026-W13', 'Europe/Berlin')).toMatchObject({ start: '2026-03-22T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z', hours: 167 });
    expect(bounds('2026-W10', 'America/New_York')).toMatchObject({ start: '2026-03-02T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z', hours: 167 });
  });

  it('bounds a plain week at 168 hours, offset by the zone', () => {
    expect(bounds('2026-W48', 'Europe/Berlin')).toMatchObject({ start: '2026-11-22T23:00:00.000Z', end: '2026-11-29T23:00:00.000Z', hours: 168 });
    expect(bounds('2026-W48', 'Asia/Kolkata')).toMatchObject({ start: '2026-11-22T18:30:00.000Z', hours: 168 });
  });

  it.each([
    // instant, zone, week there, week in UTC
    ['2026-10-25T22:30:00.000Z', 'Europe/Berlin', '2026-W43', '2026-W43'], // Sun 23:30 CET: the 169th hour of W43
    ['2026-10-25T23:15:00.000Z', 'Europe/Berlin', '2026-W44', '2026-W43'], // Mon 00:15 CET, still Sunday in UTC
    ['2026-11-02T04:30:00.000Z', 'America/New_York', '2026-W44', '2026-W45'], // Sun 23:30 EST
    ['2026-11-02T04:30:00.000Z', 'Europe/Berlin', '2026-W45', '2026-W45'],
    ['2027-01-03T23:30:00.000Z', 'Europe/Berlin', '2027-W01', '2026-W53'], // Mon 4 Jan 00:30 CET: the new ISO year starts earlier
    ['2027-01-04T03:00:00.000Z', 'America/New_York', '2026-W53', '2027-W01'], // Sun 3 Jan 22:00 EST: the old ISO year ends later
    ['2025-12-28T23:30:00.000Z', 'Europe/Berlin', '2026-W01', '2025-W52'], // Mon 29 Dec 2025 00:30 CET is ISO 2026
  ])('puts %s in %s of %s (UTC: %s)', (instant, tz, there, inUtc) => {
    expect(isoWeekOf(new Date(instant), tz).label).toBe(there);
    expect(isoWeekOf(new Date(instant)).label).toBe(inUtc);
  });

  it('bounds Berlin 2026-W53 across the year end: 27 Dec 23:00Z to 3 Jan 23:00Z', () => {
    expect(bounds('2026-W53', 'Europe/Berlin')).toMatchObject({ start: '2026-12-27T23:00:00.000Z', end: '2027-01-03T23:00:00.000Z' });
    expect(bounds('2027-W01', 'Europe/Berlin').start).toBe('2027-01-03T23:00:00.000Z');
  });

  it('shifts weeks on the calendar, not by 168 hours, so a DST week never repeats or vanishes', () => {
    const w43 = isoWeekBounds(2026, 43, 'Europe/Berlin');
    const w44 = shiftIsoWeek(w43, 1);
    expect([w44.label, w44.start.toISOString(), w44.timeZone]).toEqual(['2026-W44', '2026-10-25T23:00:00.000Z', 'Europe/Berlin']);
    expect(shiftIsoWeek(w44, -1).start.toISOString()).toBe('2026-10-18T22:00:00.000Z');
    expect(shiftIsoWeek(isoWeekBounds(2026, 52, 'America/New_York'), 2).label).toBe('2027-W01');
  });

  it('counts the weeks of a span, inclusive, across year ends', () => {
    const w = (y: number, n: number) => isoWeekBounds(y, n, 'Europe/Berlin');
    expect(isoWeekSpan(w(2026, 40), w(2026, 52))).toBe(13);
    expect(isoWeekSpan(w(2026, 52), w(2027, 2))).toBe(4); // W52, W53, W01, W02
    expect(isoWeekSpan(w(2026, 48), w(2026, 48))).toBe(1);
    expect(isoWeekSpan(w(2026, 48), w(2026, 40))).toBe(-7);
  });
});
