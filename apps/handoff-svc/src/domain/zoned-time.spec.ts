import { offsetAt, zonedInstant, zonedParts } from './zoned-time';

/**
 * zoned-time answers from offsets it remembers per zone and UTC hour, asking `Intl` only about hours
 * it has not seen and instants inside an hour that holds a transition. These tests hold it against a
 * second, independent reading of `Intl` (the zone's `longOffset` name, "GMT+05:45") around every
 * transition of 2025–2026 in zones whose transitions fall on odd UTC times.
 */
const offsetNames = new Map<string, Intl.DateTimeFormat>();
function referenceOffset(t: number, timeZone: string): number {
  let f = offsetNames.get(timeZone);
  if (!f) offsetNames.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value; // "GMT", "GMT+05:45", "GMT-04:56:02"
  const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
  if (!m) throw new Error(`unexpected offset name ${name}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
}

/** Instants a zone changes offset in [from, to): scanned every 6 h, then found to the second. */
function transitions(timeZone: string, from: number, to: number): number[] {
  const found: number[] = [];
  const step = 6 * 3_600_000;
  for (let t = from; t < to; t += step) {
    if (referenceOffset(t, timeZone) === referenceOffset(t + step, timeZone)) continue;
    let lo = t;
    let hi = t + step; // offset(lo) differs from offset(hi): the change is in (lo, hi]
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (referenceOffset(mid, timeZone) === referenceOffset(lo, timeZone)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

const ZONES = [
  'Europe/Berlin', // 01:00 UTC, on the hour
  'America/New_York',
  'Australia/Lord_Howe', // half-hour daylight time, starting at 15:30 UTC
  'Pacific/Chatham', // +12:45 / +13:45
  'Antarctica/Troll', // +00 / +02
  'Africa/Casablanca', // leaves and re-enters +01 around Ramadan
  'Asia/Kathmandu', // +05:45, no transitions
];
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2027, 0, 1);

describe('zoned time from remembered offsets', () => {
  it('knows the hand-worked transitions: Lord Howe goes +11:00 → +10:30 at 15:00Z on 4 Apr 2026 and back at 15:30Z on 3 Oct', () => {
    expect(offsetAt(new Date('2026-04-04T14:59:59.999Z'), 'Australia/Lord_Howe')).toBe(11 * 3_600_000);
    expect(offsetAt(new Date('2026-04-04T15:00:00.000Z'), 'Australia/Lord_Howe')).toBe(10.5 * 3_600_000);
    expect(offsetAt(new Date('2026-10-03T15:29:59.999Z'), 'Australia/Lord_Howe')).toBe(10.5 * 3_600_000);
    expect(offsetAt(new Date('2026-10-03T15:30:00.000Z'), 'Australia/Lord_Howe')).toBe(11 * 3_600_000);
    expect(offsetAt(new Date('2026-11-25T00:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
    expect(offsetAt(new Date('2026-11-25T00:00:00Z'), 'UTC')).toBe(0);
  });

  it('reads wall time on both sides of a transition to the second: Berlin 02:59:59 CET, then 03:00:00 CEST (29 Mar 2026)', () => {
    expect(zonedParts(new Date('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-29', minuteOfDay: 119 + 59 / 60 });
    expect(zonedParts(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-29', minuteOfDay: 180 });
    // Milliseconds count as a fraction of the minute, as before: 23:59:30.500 UTC.
    expect(zonedParts(new Date('2026-11-24T23:59:30.500Z'), 'UTC')).toEqual({ date: '2026-11-24', minuteOfDay: 1439 + 30.5 / 60 });
  });

  it('places a wall time that happens twice at the earlier instant, and one that does not exist just after the gap', () => {
    // New York falls back at 06:00Z on 1 Nov 2026: 01:30 happens in EDT (05:30Z) and again in EST (06:30Z); 02:30 only in EST.
    expect(zonedInstant('2026-11-01', 90, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedInstant('2026-11-01', 150, 'America/New_York').toISOString()).toBe('2026-11-01T07:30:00.000Z');
    // Berlin falls back at 01:00Z on 25 Oct 2026: 02:30 happens in CEST (00:30Z) and again in CET (01:30Z).
    expect(zonedInstant('2026-10-25', 150, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // 02:30 on 8 Mar 2026 does not exist in New York: read under EST (−5) it is 07:30Z = 03:30 EDT.
    expect(zonedInstant('2026-03-08', 150, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 02:30 on 29 Mar 2026 does not exist in Berlin: read under CET (+1) it is 01:30Z = 03:30 CEST.
    expect(zonedInstant('2026-03-29', 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it.each(ZONES)('agrees with Intl in %s at every minute around each 2025–2026 transition and through the two years', (zone) => {
    const found = transitions(zone, FROM, TO);
    if (zone === 'Asia/Kathmandu') expect(found).toEqual([]);
    else expect(found.length).toBeGreaterThanOrEqual(4);
    const instants: number[] = [];
    for (const t of found) for (let d = -90 * 60_000; d <= 90 * 60_000; d += 60_000) instants.push(t + d, t + d - 1, t + d + 999);
    for (let t = FROM; t < TO; t += 97 * 60_000 + 7_001) instants.push(t); // odd steps: every minute of the hour gets visited
    const wrong = instants.filter((t) => offsetAt(new Date(t), zone) !== referenceOffset(t, zone));
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
    const wall = (t: number) => {
      const local = new Date(t + referenceOffset(t, zone));
      return { date: local.toISOString().slice(0, 10), minuteOfDay: (local.getTime() - Date.parse(local.toISOString().slice(0, 10))) / 60_000 };
    };
    const wrongWall = instants.filter((t) => {
      const got = zonedParts(new Date(t), zone);
      const want = wall(t);
      return got.date !== want.date || Math.abs(got.minuteOfDay - want.minuteOfDay) > 1e-9;
    });
    expect(wrongWall.map((t) => new Date(t).toISOString())).toEqual([]);
    // Back from wall time: the same instant, or an earlier one showing the same wall time (an overlap).
    const wholeMinutes = instants.map((t) => Math.floor(t / 60_000) * 60_000);
    const wrongBack = wholeMinutes.filter((t) => {
      const { date, minuteOfDay } = wall(t);
      const back = zonedInstant(date, minuteOfDay, zone).getTime();
      if (back === t) return false;
      const again = wall(back);
      return !(back < t && again.date === date && again.minuteOfDay === minuteOfDay);
    });
    expect(wrongBack.map((t) => new Date(t).toISOString())).toEqual([]);
  });
});
