import {
  addBusinessDays,
  addWorkingMinutes,
  calendarFromProfile,
  currentBusinessDay,
  defaultCalendar,
  endOfBusinessDay,
  isBusinessDay,
  lastBusinessDays,
  nextBusinessDay,
  profileProblem,
  workingIntervals,
  workingMinutesBetween,
  type RepCalendar,
} from './rep-calendar';
import { addCalendarDays, formatLocal, isoWeekday, localDate, zonedInstant } from './zoned-time';

const profile = (repId: string, timezone: string, extra: Partial<Parameters<typeof calendarFromProfile>[0]> = {}): RepCalendar =>
  calendarFromProfile({
    repId,
    name: repId,
    timezone,
    workingDays: [1, 2, 3, 4, 5],
    workingHours: { start: '09:00', end: '17:00' },
    dailyCapacity: 2,
    managerRepId: 'rep-mara',
    active: true,
    outOfOffice: [],
    ...extra,
  });

const LA = profile('rep-la', 'America/Los_Angeles');
const SG = profile('rep-sg', 'Asia/Singapore');
const BERLIN = profile('rep-ber', 'Europe/Berlin');
const at = (iso: string) => new Date(iso);

describe('zoned time', () => {
  it('reads local dates across midnight UTC: 00:30Z on Wed 25 Nov is Tue 16:30 in Los Angeles and Wed 08:30 in Singapore', () => {
    expect(formatLocal(at('2026-11-25T00:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-24 16:30 America/Los_Angeles');
    expect(formatLocal(at('2026-11-25T00:30:00Z'), 'Asia/Singapore')).toBe('2026-11-25 08:30 Asia/Singapore');
  });

  it('turns local wall time into instants: 09:00 is 08:00Z in Berlin (CET), 17:00Z in Los Angeles (PST), 01:00Z in Singapore', () => {
    expect(zonedInstant('2026-11-24', 540, 'Europe/Berlin').toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(zonedInstant('2026-11-24', 540, 'America/Los_Angeles').toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(zonedInstant('2026-11-24', 540, 'Asia/Singapore').toISOString()).toBe('2026-11-24T01:00:00.000Z');
  });

  it('follows daylight saving: Berlin 09:00 is 08:00Z on Fri 27 Mar 2026 and 07:00Z on Mon 30 Mar (CEST)', () => {
    expect(zonedInstant('2026-03-27', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(zonedInstant('2026-03-30', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('counts calendar days and weekdays: 2026-11-27 is a Friday (5), three days later a Monday (1)', () => {
    expect(isoWeekday('2026-11-27')).toBe(5);
    expect(addCalendarDays('2026-11-27', 3)).toBe('2026-11-30');
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(localDate(at('2026-11-24T23:59:59Z'), 'UTC')).toBe('2026-11-24');
  });
});

describe('the rep calendar', () => {
  it('defaults a rep without a profile to UTC, Monday–Friday 09:00–17:00, no cap', () => {
    const cal = defaultCalendar('rep-new');
    expect(cal).toMatchObject({ known: false, timezone: 'UTC', workingDays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020, dailyCapacity: null });
    expect(workingIntervals(cal, '2026-11-24')).toEqual([{ start: at('2026-11-24T09:00:00Z'), end: at('2026-11-24T17:00:00Z') }]);
    expect(isBusinessDay(cal, '2026-11-28')).toBe(false);
  });

  it('picks the business day a handoff arriving now is for, per time zone, around midnight UTC', () => {
    // 00:30Z Wed: LA is Tue 16:30 (still working) → Tue; Singapore is Wed 08:30 (before the start) → Wed.
    expect(currentBusinessDay(LA, at('2026-11-25T00:30:00Z'))).toBe('2026-11-24');
    expect(currentBusinessDay(SG, at('2026-11-25T00:30:00Z'))).toBe('2026-11-25');
    // 01:30Z Wed: LA is Tue 17:30 (day over) → Wed.
    expect(currentBusinessDay(LA, at('2026-11-25T01:30:00Z'))).toBe('2026-11-25');
    // 09:30Z Wed: Singapore is Wed 17:30 (day over) → Thu.
    expect(currentBusinessDay(SG, at('2026-11-25T09:30:00Z'))).toBe('2026-11-26');
  });

  it('skips the weekend: Friday after hours and Saturday both land on Monday', () => {
    expect(currentBusinessDay(BERLIN, at('2026-11-27T17:30:00Z'))).toBe('2026-11-30');
    expect(currentBusinessDay(BERLIN, at('2026-11-28T10:00:00Z'))).toBe('2026-11-30');
    expect(nextBusinessDay(BERLIN, '2026-11-27')).toBe('2026-11-30');
    expect(addBusinessDays(BERLIN, '2026-11-26', 2)).toBe('2026-11-30');
  });

  it('skips out-of-office days, but a morning off still leaves the afternoon', () => {
    const away = profile('rep-away', 'Europe/Berlin', {
      outOfOffice: [
        { from: '2026-11-30T00:00:00Z', to: '2026-12-01T23:00:00Z' }, // all of Mon 30 Nov and Tue 1 Dec (Berlin)
        { from: '2026-12-02T08:00:00Z', to: '2026-12-02T11:00:00Z' }, // Wed 2 Dec 09:00–12:00 Berlin
      ],
    });
    expect(nextBusinessDay(away, '2026-11-27')).toBe('2026-12-02');
    expect(workingIntervals(away, '2026-12-02')).toEqual([{ start: at('2026-12-02T11:00:00Z'), end: at('2026-12-02T16:00:00Z') }]);
  });

  it('works out a date once per calendar; a changed profile is a new calendar with its own answers', () => {
    const before = profile('rep-memo', 'Europe/Berlin');
    const first = workingIntervals(before, '2026-12-02');
    expect(workingIntervals(before, '2026-12-02')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const changed = profile('rep-memo', 'Europe/Berlin', { outOfOffice: [{ from: '2026-12-02T08:00:00Z', to: '2026-12-02T11:00:00Z' }] });
    expect(workingIntervals(changed, '2026-12-02')).toEqual([{ start: at('2026-12-02T11:00:00Z'), end: at('2026-12-02T16:00:00Z') }]);
    expect(workingIntervals(before, '2026-12-02')).toEqual([{ start: at('2026-12-02T08:00:00Z'), end: at('2026-12-02T16:00:00Z') }]);
  });

  it('adds working minutes inside the day, across the evening and across the weekend', () => {
    // 14:02 Berlin + 15 = 14:17 Berlin.
    expect(addWorkingMinutes(BERLIN, at('2026-11-24T13:02:00Z'), 15).toISOString()).toBe('2026-11-24T13:17:00.000Z');
    // Fri 16:55 Berlin + 15: 5 minutes on Friday, 10 on Monday → Mon 09:10 Berlin (08:10Z).
    expect(addWorkingMinutes(BERLIN, at('2026-11-27T15:55:00Z'), 15).toISOString()).toBe('2026-11-30T08:10:00.000Z');
    // Saturday: nothing counts until Monday 09:00 → 09:15.
    expect(addWorkingMinutes(BERLIN, at('2026-11-28T12:00:00Z'), 15).toISOString()).toBe('2026-11-30T08:15:00.000Z');
    // Landing on the end of the day stays there.
    expect(addWorkingMinutes(BERLIN, at('2026-11-24T15:45:00Z'), 15).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('counts working minutes between two instants: Fri 16:50 → Mon 09:20 Berlin is 10 + 20 = 30', () => {
    expect(workingMinutesBetween(BERLIN, at('2026-11-27T15:50:00Z'), at('2026-11-30T08:20:00Z'))).toBe(30);
    expect(workingMinutesBetween(BERLIN, at('2026-11-30T08:20:00Z'), at('2026-11-27T15:50:00Z'))).toBe(0);
  });

  it('ends the business day at the end of working hours: 17:00 Singapore is 09:00Z', () => {
    expect(endOfBusinessDay(SG, '2026-11-25')?.toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(endOfBusinessDay(SG, '2026-11-28')).toBeNull();
  });

  it('lists the last business days, oldest first, skipping the weekend', () => {
    expect(lastBusinessDays(BERLIN, '2026-11-30', 3)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect(lastBusinessDays(BERLIN, '2026-11-29', 2)).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('refuses overnight hours and backwards out-of-office periods', () => {
    expect(profileProblem({ workingHours: { start: '22:00', end: '06:00' }, outOfOffice: [] })).toMatch(/overnight/);
    expect(profileProblem({ workingHours: { start: '09:00', end: '17:00' }, outOfOffice: [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }] })).toMatch(
      /must end after it starts/,
    );
    expect(profileProblem({ workingHours: { start: '09:00', end: '17:00' }, outOfOffice: [] })).toBeNull();
  });
});
