import { isIanaTimeZone, mergeRep, mergeSettings, repInputSchema, settingsInputSchema, territoryInputSchema } from './inputs.schema';
import { DEFAULT_SETTINGS } from './ownership.types';
import { ana } from './test-fixtures';

const rep = { id: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com', role: 'SDR', team: 'EMEA', timezone: 'Europe/Berlin', dailyCapacity: 8 };
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join('.'));
const ids = () => 'generated-id';

describe('input schemas', () => {
  it('knows IANA time zones and refuses the rest', () => {
    expect(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5'].every(isIanaTimeZone)).toBe(true);
    expect(['Mars/Olympus', 'CET+1', '+01:00', 'Berlin', ''].some(isIanaTimeZone)).toBe(false);
  });

  it('a new rep: active, Monday–Friday, 09:00–17:00, no manager, no leave', () => {
    expect(mergeRep(null, repInputSchema.parse(rep), ids)).toEqual({
      ...rep,
      active: true,
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { start: '09:00', end: '17:00' },
      managerRepId: null,
      outOfOffice: [],
    });
  });

  it('an update keeps what it omits (active, working time, manager, leave); an explicit null manager clears it', () => {
    const stored = { ...ana, active: false, workingDays: [2, 3], outOfOffice: [{ id: 'p1', from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', note: null }] };
    const kept = mergeRep(stored, repInputSchema.parse(rep), ids);
    expect([kept.active, kept.workingDays, kept.managerRepId, kept.outOfOffice.length]).toEqual([false, [2, 3], 'rep-mara', 1]);
    expect(mergeRep(stored, repInputSchema.parse({ ...rep, managerRepId: null }), ids).managerRepId).toBeNull();
  });

  it('working days sorted and unique; hours HH:MM with end after start; leave periods sorted, new ones given ids', () => {
    const parsed = repInputSchema.parse({
      ...rep,
      workingDays: [5, 1, 3],
      workingHours: { start: '08:30', end: '16:30' },
      outOfOffice: [
        { from: '2027-01-10T00:00:00+01:00', to: '2027-01-12T00:00:00Z', note: 'Conference' },
        { id: 'keep-me', from: '2026-12-21T00:00:00Z', to: '2027-01-04T00:00:00Z' },
      ],
    });
    const merged = mergeRep(null, parsed, ids);
    expect(merged.workingDays).toEqual([1, 3, 5]);
    expect(merged.outOfOffice).toEqual([
      { id: 'keep-me', from: '2026-12-21T00:00:00.000Z', to: '2027-01-04T00:00:00.000Z', note: null },
      { id: 'generated-id', from: '2027-01-09T23:00:00.000Z', to: '2027-01-12T00:00:00.000Z', note: 'Conference' },
    ]);
    expect(paths(repInputSchema.safeParse({ ...rep, workingDays: [1, 1], workingHours: { start: '17:00', end: '09:00' } }))).toEqual(['workingDays', 'workingHours.end']);
    expect(paths(repInputSchema.safeParse({ ...rep, workingDays: [0, 8] }))).toEqual(['workingDays.0', 'workingDays.1']);
    expect(paths(repInputSchema.safeParse({ ...rep, outOfOffice: [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }] }))).toEqual(['outOfOffice.0.to']);
  });

  it('a rep: refuses a bad time zone and a negative capacity, naming each field', () => {
    expect(paths(repInputSchema.safeParse({ ...rep, timezone: 'Mars/Olympus', dailyCapacity: -1 }))).toEqual(['timezone', 'dailyCapacity']);
  });

  it('a territory: a missing or null match is a catch-all; nulls are dropped, countries upper-cased, lists de-duplicated; no escalation → null', () => {
    const base = { id: 'terr-x', name: 'X', priority: 10, ownerRepId: 'rep-ana', backupRepId: 'rep-ben' };
    expect(territoryInputSchema.parse(base)).toMatchObject({ match: {}, namedAccountIds: [], escalationRepId: null });
    expect(territoryInputSchema.parse({ ...base, match: null }).match).toEqual({});
    expect(
      territoryInputSchema.parse({ ...base, match: { regions: ['EMEA', 'emea'], countries: ['de'], industries: null, minEmployees: 200, maxEmployees: null, minRevenueUsd: 1e6 } }).match,
    ).toEqual({ regions: ['EMEA'], countries: ['DE'], minEmployees: 200, minRevenueUsd: 1e6 });
  });

  it('a territory: refuses an empty list, bands upside down, a negative priority, and a named-account list with constraints', () => {
    const base = { id: 'terr-x', name: 'X', priority: 10, ownerRepId: 'rep-ana', backupRepId: 'rep-ben' };
    expect(paths(territoryInputSchema.safeParse({ ...base, match: { regions: [] } }))).toEqual(['match.regions']);
    expect(paths(territoryInputSchema.safeParse({ ...base, match: { minEmployees: 500, maxEmployees: 100, minRevenueUsd: 5, maxRevenueUsd: 1 } }))).toEqual([
      'match.maxEmployees',
      'match.maxRevenueUsd',
    ]);
    expect(paths(territoryInputSchema.safeParse({ ...base, priority: -1 }))).toEqual(['priority']);
    expect(paths(territoryInputSchema.safeParse({ ...base, namedAccountIds: ['acc-1'], match: { regions: ['EMEA'] } }))).toEqual(['namedAccountIds']);
    expect(territoryInputSchema.parse({ ...base, namedAccountIds: ['acc-b', 'acc-a', 'acc-b'] }).namedAccountIds).toEqual(['acc-a', 'acc-b']);
    // An emptied list would silently become a catch-all: refused.
    expect(paths(territoryInputSchema.safeParse({ ...base, namedAccountIds: [] }))).toEqual(['namedAccountIds']);
  });

  it('settings: conflict rules are a permutation starting with NAMED_ACCOUNT; omitted fields keep their value', () => {
    expect(paths(settingsInputSchema.safeParse({ conflictRules: ['PRIORITY', 'NAMED_ACCOUNT', 'MOST_SPECIFIC'] }))).toEqual(['conflictRules']);
    expect(paths(settingsInputSchema.safeParse({ conflictRules: ['NAMED_ACCOUNT', 'PRIORITY'], inFlightDays: 0 }))).toEqual(['conflictRules', 'inFlightDays']);
    expect(mergeSettings(DEFAULT_SETTINGS, settingsInputSchema.parse({ midPeriodPolicy: 'MOVE_TO_NEW_OWNER' }))).toEqual({ ...DEFAULT_SETTINGS, midPeriodPolicy: 'MOVE_TO_NEW_OWNER' });
  });
});
