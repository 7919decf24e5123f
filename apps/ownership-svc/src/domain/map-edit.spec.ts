import { recomputeInFlight } from './in-flight';
import { describeProfileChange, describeRepChange, describeSettingsChange, describeTerritoryChange } from './map-change';
import { MapEditRefused, planMapEdit } from './map-edit';
import { DEFAULT_SETTINGS, type OwnershipMap } from './ownership.types';
import { compileOwnershipMap, resolveOwnership, toOwnerAssignment } from './resolve-ownership';
import { REPS, ana, emea, emeaSaas, everyoneElse, expectResolved, northwind, repInputFor, sakura } from './test-fixtures';

const map: OwnershipMap = { version: 7, reps: REPS, territories: [emeaSaas, emea, everyoneElse], settings: DEFAULT_SETTINGS };
const name = (id: string) => REPS.find((r) => r.id === id)?.name ?? id;
const newId = () => 'new-id';

describe('describe…Change — the words a map version and ownership-changed carry', () => {
  it('a territory: created, retired, and each changed field', () => {
    expect(describeTerritoryChange(null, { ...emeaSaas, escalationRepId: 'rep-mara' }, name)).toBe(
      "Territory 'EMEA SaaS' (terr-emea-saas) created: region EMEA; industry Software, priority 20; owner Ana Ortiz, backup Ben Okafor, escalation owner Mara Lee",
    );
    expect(describeTerritoryChange(emea, null, name)).toBe("Territory 'EMEA' (terr-emea) retired");
    expect(
      describeTerritoryChange(emeaSaas, { ...emeaSaas, name: 'EMEA Software', backupRepId: 'rep-cara', priority: 5, match: { regions: ['EMEA'], minRevenueUsd: 1e7 }, escalationRepId: 'rep-mara' }, name),
    ).toBe(
      "Territory 'EMEA Software' (terr-emea-saas): renamed from 'EMEA SaaS'; backup Ben Okafor → Cara Diaz; escalation owner none → Mara Lee; priority 20 → 5; " +
        'rule region EMEA; industry Software → region EMEA; revenue at least $10M',
    );
    const list = { ...emea, id: 'terr-key', name: 'Key', match: {}, namedAccountIds: ['acc-a', 'acc-b'] };
    expect(describeTerritoryChange(list, { ...list, namedAccountIds: ['acc-b', 'acc-c'] }, name)).toBe("Territory 'Key' (terr-key): named accounts +acc-c −acc-a");
    expect(describeTerritoryChange(emea, { ...emea }, name)).toBeNull();
  });

  it('a rep: added, deactivated, leave added and removed, working time, manager', () => {
    expect(describeRepChange(null, ana, name)).toBe('Ana Ortiz (rep-ana) added as SDR');
    const leave = { id: 'p', from: '2026-12-01T00:00:00.000Z', to: '2026-12-15T00:00:00.000Z', note: null };
    expect(describeRepChange({ ...ana, outOfOffice: [leave] }, { ...ana, active: false, workingDays: [1, 2, 3], workingHours: { start: '08:00', end: '16:00' }, managerRepId: null }, name)).toBe(
      'Ana Ortiz (rep-ana): deactivated; working days Mon, Tue, Wed, Thu, Fri → Mon, Tue, Wed; working hours 09:00–17:00 → 08:00–16:00; manager Mara Lee → none; ' +
        'out of office 2026-12-01 00:00 UTC – 2026-12-15 00:00 UTC removed',
    );
    expect(describeRepChange(ana, { ...ana }, name)).toBeNull();
  });

  it('settings and profiles', () => {
    expect(describeSettingsChange(DEFAULT_SETTINGS, { conflictRules: ['NAMED_ACCOUNT', 'PRIORITY', 'MOST_SPECIFIC'], midPeriodPolicy: 'MOVE_TO_NEW_OWNER', inFlightDays: 14 })).toBe(
      'Settings: conflict rules NAMED_ACCOUNT → MOST_SPECIFIC → PRIORITY now NAMED_ACCOUNT → PRIORITY → MOST_SPECIFIC; mid-period policy STAY_WITH_OWNER_AT_HANDOFF → MOVE_TO_NEW_OWNER; in-flight window 30 → 14 days',
    );
    expect(describeProfileChange('Northwind', northwind.firmographics, { ...northwind.firmographics, region: 'NA', annualRevenueUsd: null })).toBe(
      "Northwind's profile changed in the CRM: region EMEA → NA; revenue $58M → unknown",
    );
    expect(describeProfileChange('Northwind', northwind.firmographics, { ...northwind.firmographics })).toBeNull();
  });
});

describe('planMapEdit', () => {
  it('refuses out-of-office edits on an unknown rep or period, and retiring a territory that is not live, as NOT_FOUND', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof MapEditRefused ? [e.reason, e.problems[0].field, e.problems[0].rule] : e;
      }
      return 'not refused';
    };
    expect(refused(() => planMapEdit(map, { kind: 'ADD_OUT_OF_OFFICE', repId: 'rep-zoe', period: { from: 'a', to: 'b', note: null } }, newId))).toEqual(['NOT_FOUND', 'input.repId', 'no rep rep-zoe']);
    expect(refused(() => planMapEdit(map, { kind: 'CANCEL_OUT_OF_OFFICE', repId: 'rep-ana', periodId: 'p-9' }, newId))).toEqual(['NOT_FOUND', 'periodId', 'Ana Ortiz has no out-of-office period p-9']);
    expect(refused(() => planMapEdit(map, { kind: 'RETIRE_TERRITORY', territoryId: 'terr-ghost' }, newId))).toEqual(['NOT_FOUND', 'id', 'no live territory terr-ghost']);
  });

  it('cancelling a leave removes exactly that period', () => {
    const withLeave = { ...map, reps: REPS.map((r) => (r.id === 'rep-ana' ? { ...r, outOfOffice: [{ id: 'p1', from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', note: null }] } : r)) };
    const plan = planMapEdit(withLeave, { kind: 'CANCEL_OUT_OF_OFFICE', repId: 'rep-ana', periodId: 'p1' }, newId);
    expect(plan.rep?.outOfOffice).toEqual([]);
    expect(plan.change).toBe('Ana Ortiz (rep-ana): out of office 2026-12-01 00:00 UTC – 2026-12-02 00:00 UTC removed');
  });

  it('retiring a territory drops it from the map; settings edits merge', () => {
    expect(planMapEdit(map, { kind: 'RETIRE_TERRITORY', territoryId: 'terr-emea' }, newId).after.territories.map((t) => t.id)).toEqual(['terr-emea-saas', 'terr-rest']);
    expect(planMapEdit(map, { kind: 'UPDATE_SETTINGS', input: { inFlightDays: 14 } }, newId).after.settings).toEqual({ ...DEFAULT_SETTINGS, inFlightDays: 14 });
    expect(planMapEdit(map, { kind: 'UPDATE_SETTINGS', input: {} }, newId).change).toBeNull();
  });

  it('a rep edit is refused only for errors it introduces: a legacy error elsewhere involving the rep does not block it', () => {
    const legacy = { ...map, territories: [...map.territories, { ...emea, id: 'terr-legacy', name: 'Legacy', priority: 3, match: { regions: ['LATAM'] }, ownerRepId: 'rep-mara', backupRepId: 'rep-ana' }] };
    expect(planMapEdit(legacy, { kind: 'UPSERT_REP', input: repInputFor('rep-ana', { dailyCapacity: 12 }) }, newId).change).toBe('Ana Ortiz (rep-ana): daily capacity 8 → 12');
  });
});

describe('recomputeInFlight', () => {
  const compiled = compileOwnershipMap(map);
  const routed = toOwnerAssignment(expectResolved(resolveOwnership(northwind, compiled, new Date('2026-11-24T10:00:00Z'))));
  const account = { accountId: northwind.accountId, qualificationId: 'q', routed, mapAnswer: { ownerRepId: 'rep-ana', backupRepId: 'rep-ben', territoryId: 'terr-emea-saas' }, profile: northwind };

  it('nothing moved: no entry', () => {
    expect(recomputeInFlight([account], compiled, new Date('2026-11-25T10:00:00Z'))).toEqual([]);
  });

  it('an unresolved account the map now resolves: NEWLY_RESOLVED, from nobody', () => {
    const [move] = recomputeInFlight([{ ...account, accountId: 'acc-sakura', profile: sakura, routed: null, mapAnswer: null }], compiled, new Date('2026-11-25T10:00:00Z'));
    expect(move).toMatchObject({ rule: 'NEWLY_RESOLVED', previous: null, current: { owner: { repId: 'rep-eli' } }, mapAnswer: { territoryId: 'terr-rest' } });
  });

  it('a territory retired under an account whose people still serve: the map answer moves, the routing is kept until the map names someone', () => {
    const retired = compileOwnershipMap({ ...map, territories: [emeaSaas], version: 8 });
    const [move] = recomputeInFlight([{ ...account, profile: { ...northwind, firmographics: { ...northwind.firmographics, industry: 'Retail' } } }], retired, new Date('2026-11-25T10:00:00Z'));
    expect(move).toMatchObject({ rule: 'NOW_UNRESOLVED_KEPT', mapAnswer: null, current: { owner: { repId: 'rep-ana' } } });
  });
});
