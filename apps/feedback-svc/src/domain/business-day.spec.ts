import { defaultSchedule, firstBusinessDayEnd, type WorkingSchedule } from './business-day';

const berlin: WorkingSchedule = { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const ends = (deliveredAt: string, schedule: WorkingSchedule, queueDate: string | null = null) =>
  firstBusinessDayEnd(new Date(deliveredAt), queueDate, schedule).toISOString();

describe("the owner's first business day", () => {
  it('ends the same day when delivered during working hours: Tue 24 Nov 15:00 CET → 17:00 CET = 16:00Z', () => {
    expect(ends('2026-11-24T14:00:00Z', berlin)).toBe('2026-11-24T16:00:00.000Z');
  });

  it('ends the same day when delivered before the day starts: Tue 08:00 CET → Tue 17:00', () => {
    expect(ends('2026-11-24T07:00:00Z', berlin)).toBe('2026-11-24T16:00:00.000Z');
  });

  it('moves to the next working day when delivered at or after the end: Tue 17:30 → Wed 17:00; Tue 17:00 sharp → Wed', () => {
    expect(ends('2026-11-24T16:30:00Z', berlin)).toBe('2026-11-25T16:00:00.000Z');
    expect(ends('2026-11-24T16:00:00Z', berlin)).toBe('2026-11-25T16:00:00.000Z');
  });

  it('gives a handoff reaching the rep in the last 15 minutes the next working day: 16:45 CET → today, 16:50 → Wed', () => {
    expect(ends('2026-11-24T15:45:00Z', berlin)).toBe('2026-11-24T16:00:00.000Z');
    expect(ends('2026-11-24T15:50:00Z', berlin)).toBe('2026-11-25T16:00:00.000Z');
    expect(ends('2026-11-27T15:50:00Z', berlin)).toBe('2026-11-30T16:00:00.000Z'); // Fri 16:50 → Mon
  });

  it('skips the weekend: Fri 17:30 and Sat 11:00 → Mon 30 Nov 17:00 CET', () => {
    expect(ends('2026-11-27T16:30:00Z', berlin)).toBe('2026-11-30T16:00:00.000Z');
    expect(ends('2026-11-28T10:00:00Z', berlin)).toBe('2026-11-30T16:00:00.000Z');
  });

  it('reads the day in the owner time zone: Tue 23:30Z is already Wed 00:30 in Berlin → Wed 17:00', () => {
    expect(ends('2026-11-24T23:30:00Z', berlin)).toBe('2026-11-25T16:00:00.000Z');
  });

  it('crosses the DST end: Fri 23 Oct 18:30 CEST → Mon 26 Oct 17:00 CET = 16:00Z (not 15:00Z)', () => {
    expect(ends('2026-10-23T16:30:00Z', berlin)).toBe('2026-10-26T16:00:00.000Z');
    expect(ends('2026-10-23T12:00:00Z', berlin)).toBe('2026-10-23T15:00:00.000Z'); // 14:00 CEST → 17:00 CEST
  });

  it("crosses New York's DST end: Fri 30 Oct 17:00 EDT, after 16:00 → Mon 2 Nov 16:00 EST = 21:00Z", () => {
    const nick: WorkingSchedule = { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' };
    expect(ends('2026-10-30T21:00:00Z', nick)).toBe('2026-11-02T21:00:00.000Z');
  });

  it('follows the queue date when the handoff was queued for a later day (over the daily cap)', () => {
    expect(ends('2026-11-24T10:00:00Z', berlin, '2026-11-25')).toBe('2026-11-25T16:00:00.000Z');
    expect(ends('2026-11-27T10:00:00Z', berlin, '2026-11-28')).toBe('2026-11-30T16:00:00.000Z'); // queued for a Saturday → Monday
    expect(ends('2026-11-24T23:30:00Z', berlin, '2026-11-24')).toBe('2026-11-25T16:00:00.000Z'); // an earlier queue date changes nothing
  });

  it('uses the working days of the profile: Sun–Thu 09:00–18:00 in Jerusalem, delivered Fri → Sun 29 Nov 18:00 IST = 16:00Z', () => {
    const sunToThu: WorkingSchedule = { timeZone: 'Asia/Jerusalem', workingDays: [7, 1, 2, 3, 4], start: '09:00', end: '18:00' };
    expect(ends('2026-11-27T08:00:00Z', sunToThu)).toBe('2026-11-29T16:00:00.000Z');
  });

  it('reads an overnight shift (22:00–06:00) as ending at 24:00', () => {
    const night: WorkingSchedule = { ...berlin, start: '22:00', end: '06:00' };
    expect(ends('2026-11-24T22:30:00Z', night)).toBe('2026-11-24T23:00:00.000Z'); // Tue 23:30 → Wed 00:00 CET
  });

  it('defaults to Monday–Friday 09:00–17:00 in the given zone', () => {
    expect(defaultSchedule('America/New_York')).toEqual({ timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
    expect(ends('2026-11-24T15:00:00Z', defaultSchedule('America/New_York'))).toBe('2026-11-24T22:00:00.000Z'); // 10:00 EST → 17:00 EST
  });
});
