import { isValidTimeZone, localDate, offsetMs, wallClockMs, zonedWallToUtc } from './time-zone';

const wall = (iso: string) => Date.parse(`${iso}Z`);
const utc = (wallIso: string, tz: string) => zonedWallToUtc(wall(wallIso), tz).toISOString();
const H = 3_600_000;

describe('wall-clock time in IANA zones', () => {
  it('reads Berlin at +2 h until 25 Oct 2026 01:00Z and at +1 h from then on', () => {
    expect(offsetMs(Date.parse('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe(2 * H);
    expect(offsetMs(Date.parse('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(1 * H);
    expect(offsetMs(Date.parse('2026-11-01T05:59:00Z'), 'America/New_York')).toBe(-4 * H);
    expect(offsetMs(Date.parse('2026-11-01T06:00:00Z'), 'America/New_York')).toBe(-5 * H);
  });

  it('keeps milliseconds', () => {
    expect(new Date(wallClockMs(new Date('2026-10-25T01:00:00.500Z'), 'Europe/Berlin')).toISOString()).toBe('2026-10-25T02:00:00.500Z');
  });

  it('turns unambiguous wall times into the one instant', () => {
    expect(utc('2026-10-19T00:00:00', 'Europe/Berlin')).toBe('2026-10-18T22:00:00.000Z'); // CEST
    expect(utc('2026-10-26T00:00:00', 'Europe/Berlin')).toBe('2026-10-25T23:00:00.000Z'); // CET
    expect(utc('2026-10-25T03:00:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
    expect(utc('2026-11-02T16:00:00', 'America/New_York')).toBe('2026-11-02T21:00:00.000Z'); // EST
    expect(utc('2026-11-24T12:00:00', 'UTC')).toBe('2026-11-24T12:00:00.000Z');
  });

  it('takes the earlier instant of a repeated hour (clocks going back)', () => {
    expect(utc('2026-10-25T02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, not 02:30 CET (01:30Z)
    expect(utc('2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, not EST (06:30Z)
  });

  it('moves a skipped wall time forward by the gap (clocks going forward)', () => {
    expect(utc('2026-03-29T02:00:00', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z'); // = 03:00 CEST, the change itself
    expect(utc('2026-03-29T02:30:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // reads 03:30 CEST
    // Santiago skips midnight: 6 Sep 2026 starts at 01:00 (-03), which is 04:00Z.
    expect(utc('2026-09-06T00:00:00', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('gives the local calendar date of an instant', () => {
    expect(localDate(new Date('2026-10-25T23:15:00Z'), 'Europe/Berlin')).toBe('2026-10-26');
    expect(localDate(new Date('2026-11-02T04:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDate(new Date('2026-11-02T04:30:00Z'), 'UTC')).toBe('2026-11-02');
  });

  it('knows valid zone names', () => {
    expect(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'].every(isValidTimeZone)).toBe(true);
    expect(['Mars/Olympus', 'CEST+1', ''].some(isValidTimeZone)).toBe(false);
  });
});
