import { isIanaTimeZone, repInputSchema, territoryInputSchema } from './inputs.schema';

const rep = { id: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com', role: 'SDR', team: 'EMEA', timezone: 'Europe/Berlin', dailyCapacity: 8 };
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join('.'));

describe('input schemas', () => {
  it('knows IANA time zones and refuses the rest', () => {
    expect(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5'].every(isIanaTimeZone)).toBe(true);
    expect(['Mars/Olympus', 'CET+1', '+01:00', 'Berlin', ''].some(isIanaTimeZone)).toBe(false);
  });

  it('a rep: defaults to active; refuses a bad time zone and a negative capacity, naming each field', () => {
    expect(repInputSchema.parse(rep).active).toBe(true);
    expect(repInputSchema.parse({ ...rep, active: null }).active).toBe(true);
    expect(paths(repInputSchema.safeParse({ ...rep, timezone: 'Mars/Olympus', dailyCapacity: -1 }))).toEqual(['timezone', 'dailyCapacity']);
  });

  it('a territory: a missing or null match is a catch-all; nulls are dropped, countries upper-cased, lists de-duplicated', () => {
    const base = { id: 'terr-x', name: 'X', priority: 10, ownerRepId: 'rep-ana', backupRepId: 'rep-ben' };
    expect(territoryInputSchema.parse(base).match).toEqual({});
    expect(territoryInputSchema.parse({ ...base, match: null }).match).toEqual({});
    expect(
      territoryInputSchema.parse({ ...base, match: { regions: ['EMEA', 'emea'], countries: ['de'], industries: null, minEmployees: 200, maxEmployees: null } })
        .match,
    ).toEqual({ regions: ['EMEA'], countries: ['DE'], minEmployees: 200 });
  });

  it('a territory: refuses an empty list, a band upside down and a negative priority', () => {
    const base = { id: 'terr-x', name: 'X', priority: 10, ownerRepId: 'rep-ana', backupRepId: 'rep-ben' };
    expect(paths(territoryInputSchema.safeParse({ ...base, match: { regions: [] } }))).toEqual(['match.regions']);
    expect(paths(territoryInputSchema.safeParse({ ...base, match: { minEmployees: 500, maxEmployees: 100 } }))).toEqual(['match.maxEmployees']);
    expect(paths(territoryInputSchema.safeParse({ ...base, priority: -1 }))).toEqual(['priority']);
  });
});
