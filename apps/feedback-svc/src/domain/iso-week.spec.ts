import { isoWeekOf, isoWeeksInYear, parseIsoWeek, shiftIsoWeek } from './iso-week';

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
