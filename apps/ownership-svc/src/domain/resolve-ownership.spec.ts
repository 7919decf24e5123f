import { ownerAssignmentSchema } from '@handoff-graph/contracts';
import type { AccountProfile, Rep, Territory } from './ownership.types';
import { rankMatchingTerritories, resolveOwnership, toOwnerAssignment, type OwnershipResolution } from './resolve-ownership';

const rep = (id: string, name: string, role: Rep['role'] = 'SDR', active = true): Rep => ({
  id,
  name,
  email: `${id.replace('rep-', '')}@example.com`,
  role,
  team: 'Mid-market',
  timezone: 'Europe/Berlin',
  dailyCapacity: 8,
  active,
});
const ana = rep('rep-ana', 'Ana Ortiz');
const ben = rep('rep-ben', 'Ben Okafor', 'AE');
const cara = rep('rep-cara', 'Cara Diaz');
const dev = rep('rep-dev', 'Dev Patel', 'AE');
const eli = rep('rep-eli', 'Eli Novak');
const reps = [ana, ben, cara, dev, eli];
const inactive = (r: Rep): Rep => ({ ...r, active: false });
const withReps = (...changed: Rep[]) => reps.map((r) => changed.find((c) => c.id === r.id) ?? r);

const emeaSaas: Territory = {
  id: 'terr-emea-saas',
  name: 'EMEA SaaS',
  priority: 20,
  match: { regions: ['EMEA'], industries: ['Software'] },
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
};
const emea: Territory = { id: 'terr-emea', name: 'EMEA', priority: 10, match: { regions: ['EMEA'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-dev' };
const everyoneElse: Territory = { id: 'terr-rest', name: 'Everyone else', priority: 100, match: {}, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' };
const map = [everyoneElse, emea, emeaSaas];

const northwind: AccountProfile = {
  accountId: 'acc-northwind',
  name: 'Northwind Analytics',
  domain: 'northwind.example',
  firmographics: { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' },
};
const sakura: AccountProfile = {
  accountId: 'acc-sakura',
  name: 'Sakura Logistics',
  domain: 'sakura.example',
  firmographics: { industry: 'Software', employeeCount: 420, annualRevenueUsd: null, region: 'APAC', country: 'JP' },
};

function expectResolved(r: OwnershipResolution) {
  if (!r.resolved) throw new Error(`expected a resolution, got: ${r.reason}`);
  return r.ownership;
}
function expectUnresolved(r: OwnershipResolution) {
  if (r.resolved) throw new Error(`expected no resolution, got ${r.ownership.explanation}`);
  return r.reason;
}

describe('resolveOwnership — written conflict rules', () => {
  it('account in two territories: the most specific wins, even with a larger priority number (rules 1–2)', () => {
    const o = expectResolved(resolveOwnership(northwind, map, reps));
    expect(o.territory.id).toBe('terr-emea-saas');
    expect(o.owner.id).toBe('rep-ana');
    expect(o.backup.id).toBe('rep-ben');
    expect(o.ranking.map((r) => r.territory.id)).toEqual(['terr-emea-saas', 'terr-emea', 'terr-rest']);
    expect(o.cover).toBeNull();
    expect(o.explanation).toBe(
      "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific of 3 matching territories); " +
        'Ana Ortiz owns it, Ben Okafor backs up.',
    );
  });

  it('equal specificity: the lower priority number wins (rule 3)', () => {
    const dach: Territory = { id: 'terr-dach', name: 'DACH', priority: 5, match: { countries: ['DE', 'AT', 'CH'] }, ownerRepId: 'rep-dev', backupRepId: 'rep-cara' };
    const o = expectResolved(resolveOwnership(northwind, [emea, dach], reps));
    expect(o.territory.id).toBe('terr-dach');
    expect(o.explanation).toBe(
      "Territory 'DACH' matches country DE (1 attribute, as specific as 'EMEA' but first by priority 5 over 10; 2 matching territories); " +
        'Dev Patel owns it, Cara Diaz backs up.',
    );
  });

  it('equal specificity and priority: the territory id decides, alphabetically, whatever the input order (rule 4)', () => {
    const b: Territory = { id: 'terr-b', name: 'Software B', priority: 10, match: { industries: ['software'] }, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' };
    const a: Territory = { id: 'terr-a', name: 'EMEA A', priority: 10, match: { regions: ['emea'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-ben' };
    for (const order of [[a, b], [b, a]]) {
      const o = expectResolved(resolveOwnership(northwind, order, reps));
      expect(o.territory.id).toBe('terr-a');
      expect(o.explanation).toBe(
        "Territory 'EMEA A' matches region EMEA (1 attribute, as specific as 'Software B' with the same priority 10, " +
          'first by territory id terr-a before terr-b; 2 matching territories); Cara Diaz owns it, Ben Okafor backs up.',
      );
    }
  });

  it('catch-all: an account no other territory matches goes to the empty match', () => {
    const o = expectResolved(resolveOwnership(sakura, map, reps));
    expect(o.territory.id).toBe('terr-rest');
    expect(o.explanation).toBe(
      "Territory 'Everyone else' is a catch-all and matches any account (0 attributes, the only matching territory); " +
        'Eli Novak owns it, Dev Patel backs up.',
    );
  });

  it('no match: unresolved, with the account attributes named', () => {
    const reason = expectUnresolved(resolveOwnership(sakura, [emeaSaas, emea], reps));
    expect(reason).toBe('No territory matches region APAC, country JP, industry Software, 420 employees, and no catch-all territory is defined.');
  });

  it('no territories at all: unresolved, saying so', () => {
    expect(expectUnresolved(resolveOwnership(northwind, [], reps))).toBe('No territories are defined yet, so nobody owns Northwind Analytics.');
  });

  it('an unknown attribute never satisfies a constraint on it', () => {
    const unknownIndustry = { ...northwind, firmographics: { ...northwind.firmographics, industry: null, employeeCount: null } };
    const o = expectResolved(resolveOwnership(unknownIndustry, map, reps));
    expect(o.territory.id).toBe('terr-emea');
    const sized: Territory = { ...emea, id: 'terr-mid', name: 'Mid-market', match: { minEmployees: 200 } };
    const reason = expectUnresolved(resolveOwnership(unknownIndustry, [sized], reps));
    expect(reason).toBe('No territory matches region EMEA, country DE (industry and employee count unknown), and no catch-all territory is defined.');
  });

  it('the employee band is inclusive at both ends and counts as one attribute', () => {
    const band: Territory = { id: 'terr-mid', name: 'Mid-market EMEA', priority: 1, match: { regions: ['EMEA'], minEmployees: 200, maxEmployees: 420 }, ownerRepId: 'rep-dev', backupRepId: 'rep-eli' };
    const o = expectResolved(resolveOwnership(northwind, [band, emeaSaas], reps));
    // 2 attributes each (region + employee band vs region + industry): priority 1 beats 20.
    expect(o.territory.id).toBe('terr-mid');
    expect(o.explanation).toContain("matches region EMEA and 420 employees (200–420) (2 attributes, as specific as 'EMEA SaaS' but first by priority 1 over 20");
    const bigger = { ...northwind, firmographics: { ...northwind.firmographics, employeeCount: 421 } };
    expect(expectResolved(resolveOwnership(bigger, [band, emeaSaas], reps)).territory.id).toBe('terr-emea-saas');
  });
});

describe('resolveOwnership — cover', () => {
  it('owner inactive: the backup acts as owner and the next matching territory’s owner backs up', () => {
    const o = expectResolved(resolveOwnership(northwind, map, withReps(inactive(ana))));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-cara']);
    expect(o.cover).toMatchObject({ kind: 'OWNER_UNAVAILABLE', absentLabel: 'Ana Ortiz', backupFrom: { id: 'terr-emea' } });
    expect(o.explanation).toBe(
      "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific of 3 matching territories); " +
        "Ana Ortiz owns it but is inactive, so Ben Okafor (its backup) acts as owner and Cara Diaz, owner of 'EMEA', backs up.",
    );
  });

  it('owner inactive: the next territory’s owner is skipped when it is the acting owner (never the same person twice)', () => {
    const emeaByBen = { ...emea, ownerRepId: 'rep-ben' };
    const o = expectResolved(resolveOwnership(northwind, [emeaSaas, emeaByBen, everyoneElse], withReps(inactive(ana))));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-eli']);
    expect(o.explanation).toContain("Eli Novak, owner of 'Everyone else', backs up");
  });

  it('owner inactive and no other matching territory: unresolved', () => {
    const reason = expectUnresolved(resolveOwnership(northwind, [emeaSaas], withReps(inactive(ana))));
    expect(reason).toBe(
      "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the only matching territory), but its owner " +
        'Ana Ortiz is inactive; Ben Okafor would act as owner and no other matching territory has an available owner to back up.',
    );
  });

  it('owner and backup both inactive: unresolved, naming both', () => {
    const reason = expectUnresolved(resolveOwnership(northwind, map, withReps(inactive(ana), inactive(ben))));
    expect(reason).toContain('but its owner Ana Ortiz is inactive and its backup Ben Okafor is inactive, so nobody can act as owner.');
  });

  it('backup inactive: the owner stays and the next matching territory’s owner backs up', () => {
    const o = expectResolved(resolveOwnership(northwind, map, withReps(inactive(ben))));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ana', 'rep-cara']);
    expect(o.cover?.kind).toBe('BACKUP_UNAVAILABLE');
    expect(o.explanation).toContain("Ana Ortiz owns it; its backup Ben Okafor is inactive, so Cara Diaz, owner of 'EMEA', backs up.");
  });

  it('an inactive owner of the next territory is passed over when drawing a backup', () => {
    const o = expectResolved(resolveOwnership(northwind, map, withReps(inactive(ana), inactive(cara))));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-eli']);
  });

  it('whatever reps are inactive, a resolution names two different active people', () => {
    for (let mask = 0; mask < 2 ** reps.length; mask++) {
      const roster = reps.map((r, i) => ((mask >> i) & 1 ? inactive(r) : r));
      for (const account of [northwind, sakura]) {
        const r = resolveOwnership(account, map, roster);
        if (!r.resolved) continue;
        expect(r.ownership.owner.id).not.toBe(r.ownership.backup.id);
        expect(r.ownership.owner.active && r.ownership.backup.active).toBe(true);
      }
    }
  });
});

describe('rankMatchingTerritories / toOwnerAssignment', () => {
  it('returns only territories whose every constraint matches, winner first', () => {
    const deOnlyHealth: Territory = { ...emeaSaas, id: 'terr-de-health', match: { countries: ['DE'], industries: ['Healthcare'] } };
    expect(rankMatchingTerritories(northwind.firmographics, [deOnlyHealth, ...map]).map((r) => r.territory.id)).toEqual([
      'terr-emea-saas',
      'terr-emea',
      'terr-rest',
    ]);
  });

  it('maps a resolution to the contract’s OwnerAssignment', () => {
    const assignment = toOwnerAssignment(expectResolved(resolveOwnership(northwind, map, reps)));
    expect(ownerAssignmentSchema.parse(assignment)).toEqual(assignment);
    expect(assignment).toMatchObject({
      owner: { repId: 'rep-ana', name: 'Ana Ortiz', email: 'ana@example.com', role: 'SDR' },
      backup: { repId: 'rep-ben', role: 'AE' },
      territoryId: 'terr-emea-saas',
      territoryName: 'EMEA SaaS',
    });
  });
});
