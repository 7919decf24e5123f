import { ownerAssignmentSchema } from '@handoff-graph/contracts';
import { rankMatchingTerritories, resolveOwnership, toOwnerAssignment } from './resolve-ownership';
import {
  MAP,
  REPS,
  T0,
  account,
  ana,
  away,
  ben,
  cara,
  compile,
  emea,
  emeaSaas,
  everyoneElse,
  expectResolved,
  expectUnresolved,
  inactive,
  mara,
  northwind,
  sakura,
  territory,
  withReps,
} from './test-fixtures';

describe('resolveOwnership — written conflict rules', () => {
  it('account in two territories: the most specific wins, even with a larger priority number (MOST_SPECIFIC)', () => {
    const o = expectResolved(resolveOwnership(northwind, compile(MAP), T0));
    expect([o.territory.id, o.owner.id, o.backup.id, o.decidingRule]).toEqual(['terr-emea-saas', 'rep-ana', 'rep-ben', 'MOST_SPECIFIC']);
    expect(o.ranking.map((r) => r.territory.id)).toEqual(['terr-emea-saas', 'terr-emea', 'terr-rest']);
    expect(o.cover).toBeNull();
    expect(o.mapVersion).toBe(1);
    expect(o.explanation).toBe(
      "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific of 3 matching territories); " +
        'Ana Ortiz owns it, Ben Okafor backs up.',
    );
  });

  it('a named account overrides every territory, however specific (NAMED_ACCOUNT)', () => {
    const strategic = territory({ id: 'terr-strategic', name: 'Strategic DACH', priority: 99, namedAccountIds: ['acc-northwind'], ownerRepId: 'rep-eli', backupRepId: 'rep-cara' });
    const o = expectResolved(resolveOwnership(northwind, compile([...MAP, strategic]), T0));
    expect([o.territory.id, o.owner.id, o.decidingRule]).toEqual(['terr-strategic', 'rep-eli', 'NAMED_ACCOUNT']);
    expect(o.explanation).toBe(
      "Northwind Analytics is a named account of 'Strategic DACH' (named accounts override territories; 3 other matching territories); " +
        'Eli Novak owns it, Cara Diaz backs up.',
    );
    // An account the list does not name is untouched by it.
    expect(expectResolved(resolveOwnership(account('acc-other', 'Other GmbH'), compile([...MAP, strategic]), T0)).territory.id).toBe('terr-emea-saas');
  });

  it('equal specificity: the lower priority number wins (PRIORITY)', () => {
    const dach = territory({ id: 'terr-dach', name: 'DACH', priority: 5, match: { countries: ['DE', 'AT', 'CH'] }, ownerRepId: 'rep-dev', backupRepId: 'rep-cara' });
    const o = expectResolved(resolveOwnership(northwind, compile([emea, dach]), T0));
    expect([o.territory.id, o.decidingRule]).toEqual(['terr-dach', 'PRIORITY']);
    expect(o.explanation).toBe(
      "Territory 'DACH' matches country DE (1 attribute, as specific as 'EMEA' but first by priority 5 over 10; 2 matching territories); " +
        'Dev Patel owns it, Cara Diaz backs up.',
    );
  });

  it('conflict order configured PRIORITY before MOST_SPECIFIC: priority 10 beats a 2-attribute territory at 20', () => {
    const map = compile(MAP, REPS, { conflictRules: ['NAMED_ACCOUNT', 'PRIORITY', 'MOST_SPECIFIC'] });
    const o = expectResolved(resolveOwnership(northwind, map, T0));
    expect([o.territory.id, o.decidingRule]).toEqual(['terr-emea', 'PRIORITY']);
    expect(o.explanation).toContain("(1 attribute, first by priority 10 over 'EMEA SaaS' (20); 3 matching territories)");
    // Same priority: specificity decides second.
    const sameRank = compile([{ ...emeaSaas, priority: 10 }, emea], REPS, { conflictRules: ['NAMED_ACCOUNT', 'PRIORITY', 'MOST_SPECIFIC'] });
    const s = expectResolved(resolveOwnership(northwind, sameRank, T0));
    expect([s.territory.id, s.decidingRule]).toEqual(['terr-emea-saas', 'MOST_SPECIFIC']);
    expect(s.explanation).toContain("same priority 10 as 'EMEA' but more specific (2 over 1 attributes)");
  });

  it('a legacy tie (saved before validation) falls back to the territory id, whatever the input order, and says it is a tie to fix', () => {
    const b = territory({ id: 'terr-b', name: 'Software B', priority: 10, match: { industries: ['software'] }, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' });
    const a = territory({ id: 'terr-a', name: 'EMEA A', priority: 10, match: { regions: ['emea'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-ben' });
    for (const order of [[a, b], [b, a]]) {
      const o = expectResolved(resolveOwnership(northwind, compile(order), T0));
      expect([o.territory.id, o.decidingRule]).toEqual(['terr-a', 'TERRITORY_ID']);
      expect(o.explanation).toContain('first by territory id terr-a before terr-b — a tie validateOwnershipMap reports and saving refuses');
    }
  });

  it('catch-all: an account no other territory matches goes to the empty match (ONLY_MATCH)', () => {
    const o = expectResolved(resolveOwnership(sakura, compile(MAP), T0));
    expect([o.territory.id, o.decidingRule]).toEqual(['terr-rest', 'ONLY_MATCH']);
    expect(o.explanation).toBe("Territory 'Everyone else' is a catch-all and matches any account (0 attributes, the only matching territory); Eli Novak owns it, Dev Patel backs up.");
  });

  it('no match, or no territories at all: unresolved, with the account attributes named', () => {
    expect(expectUnresolved(resolveOwnership(sakura, compile([emeaSaas, emea]), T0))).toBe(
      'No territory matches region APAC, country JP, industry Software, 420 employees, and no catch-all territory is defined.',
    );
    expect(expectUnresolved(resolveOwnership(northwind, compile([]), T0))).toBe('No territories are defined yet, so nobody owns Northwind Analytics.');
  });

  it('an unknown attribute never satisfies a constraint on it', () => {
    const unknown = account('acc-x', 'X', { industry: null, employeeCount: null });
    expect(expectResolved(resolveOwnership(unknown, compile(MAP), T0)).territory.id).toBe('terr-emea');
    const sized = territory({ ...emea, id: 'terr-mid', name: 'Mid-market', match: { minEmployees: 200 } });
    expect(expectUnresolved(resolveOwnership(unknown, compile([sized]), T0))).toBe(
      'No territory matches region EMEA, country DE, revenue $58M (industry and employee count unknown), and no catch-all territory is defined.',
    );
  });

  it('bands are inclusive at both ends and count as one attribute each: 200–420 employees matches 420, not 421', () => {
    const band = territory({ id: 'terr-mid', name: 'Mid-market EMEA', priority: 1, match: { regions: ['EMEA'], minEmployees: 200, maxEmployees: 420 }, ownerRepId: 'rep-dev', backupRepId: 'rep-eli' });
    const o = expectResolved(resolveOwnership(northwind, compile([band, emeaSaas]), T0));
    expect(o.territory.id).toBe('terr-mid');
    expect(o.explanation).toContain("matches region EMEA and 420 employees (200–420) (2 attributes, as specific as 'EMEA SaaS' but first by priority 1 over 20");
    expect(expectResolved(resolveOwnership(account('acc-big', 'Big', { employeeCount: 421 }), compile([band, emeaSaas]), T0)).territory.id).toBe('terr-emea-saas');
  });

  it('revenue band: $10M–$100M matches $58M; $100M and one dollar does not; unknown revenue never matches', () => {
    const midRevenue = territory({ id: 'terr-rev', name: 'EMEA $10M–$100M', priority: 1, match: { regions: ['EMEA'], minRevenueUsd: 10e6, maxRevenueUsd: 100e6 }, ownerRepId: 'rep-dev', backupRepId: 'rep-eli' });
    const o = expectResolved(resolveOwnership(northwind, compile([midRevenue, emea]), T0));
    expect(o.territory.id).toBe('terr-rev');
    expect(o.explanation).toContain('matches region EMEA and revenue $58M ($10M–$100M) (2 attributes, the most specific of 2 matching territories)');
    expect(expectResolved(resolveOwnership(account('acc-r', 'R', { annualRevenueUsd: 100_000_001 }), compile([midRevenue, emea]), T0)).territory.id).toBe('terr-emea');
    expect(expectResolved(resolveOwnership(account('acc-u', 'U', { annualRevenueUsd: null }), compile([midRevenue, emea]), T0)).territory.id).toBe('terr-emea');
  });
});

describe('resolveOwnership — cover', () => {
  it('owner inactive, no escalation owner and no manager: the backup acts and the next matching territory’s owner backs up', () => {
    const o = expectResolved(resolveOwnership(northwind, compile(MAP, withReps({ ...inactive(ana), managerRepId: null })), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-cara']);
    expect(o.cover).toMatchObject({ kind: 'BACKUP_ACTS_AS_OWNER', away: [{ repId: 'rep-ana', code: 'INACTIVE' }], backupSource: "owner of 'EMEA'" });
    expect(o.explanation).toBe(
      "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific of 3 matching territories); " +
        "Ana Ortiz owns it but is inactive, so Ben Okafor (its backup) acts as owner and Cara Diaz, owner of 'EMEA', backs up.",
    );
  });

  it('owner away: the new backup is drawn from the territory first — its escalation owner', () => {
    const withEscalation = { ...emeaSaas, escalationRepId: 'rep-eli' };
    const o = expectResolved(resolveOwnership(northwind, compile([withEscalation, emea], withReps(inactive(ana))), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-eli']);
    expect(o.explanation).toContain('so Ben Okafor (its backup) acts as owner and Eli Novak, its escalation owner, backs up.');
  });

  it('owner away and no escalation owner: the owner’s manager is drawn before other territories', () => {
    const o = expectResolved(resolveOwnership(northwind, compile(MAP, withReps(inactive(ana))), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-mara']);
    expect(o.cover?.backupSource).toBe('manager of Ana Ortiz');
  });

  it('out of office is evaluated at the moment asked: away from `from` (inclusive) until `to` (exclusive)', () => {
    const reps = withReps(away(ana, '2026-12-01T00:00:00Z', '2026-12-15T00:00:00Z', 'Parental leave'));
    const at = (iso: string) => expectResolved(resolveOwnership(northwind, compile(MAP, reps), new Date(iso)));
    expect(at('2026-11-30T23:59:59.999Z').owner.id).toBe('rep-ana');
    const during = at('2026-12-01T00:00:00Z');
    expect([during.owner.id, during.backup.id]).toEqual(['rep-ben', 'rep-mara']);
    expect(during.explanation).toContain('Ana Ortiz owns it but is out of office until 2026-12-15 00:00 UTC (Parental leave), so Ben Okafor (its backup) acts as owner');
    expect(at('2026-12-15T00:00:00Z').owner.id).toBe('rep-ana');
  });

  it('backup away: the owner stays and a backup is drawn', () => {
    const o = expectResolved(resolveOwnership(northwind, compile(MAP, withReps(inactive(ben))), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ana', 'rep-mara']);
    expect(o.cover?.kind).toBe('BACKUP_REPLACED');
    expect(o.explanation).toContain('Ana Ortiz owns it; its backup Ben Okafor is inactive, so Mara Lee, manager of Ana Ortiz, backs up.');
  });

  it('both away: the territory’s escalation owner acts as owner, a backup is drawn from the next territories', () => {
    const withEscalation = { ...emeaSaas, escalationRepId: 'rep-mara' };
    const o = expectResolved(resolveOwnership(northwind, compile([withEscalation, emea], withReps(inactive(ana), away(ben, '2026-11-20T00:00:00Z', '2026-11-30T00:00:00Z'))), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-mara', 'rep-cara']);
    expect(o.cover).toMatchObject({ kind: 'ESCALATION_OWNER_ACTS', actingSource: 'its escalation owner', away: [{ repId: 'rep-ana' }, { repId: 'rep-ben', code: 'OUT_OF_OFFICE' }] });
    expect(o.explanation).toContain(
      'its owner Ana Ortiz is inactive and its backup Ben Okafor is out of office until 2026-11-30 00:00 UTC, so Mara Lee, its escalation owner, ' +
        "acts as owner and Cara Diaz, owner of 'EMEA', backs up.",
    );
  });

  it('both away without an escalation owner: the owner’s manager acts', () => {
    const o = expectResolved(resolveOwnership(northwind, compile(MAP, withReps(inactive(ana), inactive(ben))), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-mara', 'rep-cara']);
    expect(o.cover?.actingSource).toBe('manager of Ana Ortiz');
  });

  it('both away and the escalation owner away too: unresolved, naming all three', () => {
    const reason = expectUnresolved(resolveOwnership(northwind, compile(MAP, withReps(inactive(ana), inactive(ben), inactive(mara))), T0));
    expect(reason).toContain('but its owner Ana Ortiz is inactive and its backup Ben Okafor is inactive, and Mara Lee, manager of Ana Ortiz, is inactive, so nobody can act as owner.');
  });

  it('both away, no escalation owner and no manager: unresolved, saying so', () => {
    const reason = expectUnresolved(resolveOwnership(northwind, compile(MAP, withReps({ ...inactive(ana), managerRepId: null }, inactive(ben))), T0));
    expect(reason).toContain('and it names no escalation owner (nor has Ana Ortiz a manager), so nobody can act as owner.');
  });

  it('never the same person twice: a drawn backup skips the acting owner', () => {
    const emeaByBen = { ...emea, ownerRepId: 'rep-ben', backupRepId: 'rep-cara' };
    const o = expectResolved(resolveOwnership(northwind, compile([emeaSaas, emeaByBen, everyoneElse], withReps({ ...inactive(ana), managerRepId: null })), T0));
    expect([o.owner.id, o.backup.id]).toEqual(['rep-ben', 'rep-cara']);
    expect(o.explanation).toContain("Cara Diaz, backup of 'EMEA', backs up");
  });

  it('owner away and nobody left to back up: unresolved', () => {
    const reason = expectUnresolved(resolveOwnership(northwind, compile([emeaSaas], withReps({ ...inactive(ana), managerRepId: null })), T0));
    expect(reason).toBe(
      "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the only matching territory), but its owner " +
        'Ana Ortiz is inactive; Ben Okafor would act as owner and nobody else in the territory or the other matching territories is available to back up.',
    );
  });

  it('whatever reps are away, a resolution names two different available people', () => {
    const maps = [compile(MAP), compile([{ ...emeaSaas, escalationRepId: 'rep-mara' }, emea, everyoneElse])];
    for (let mask = 0; mask < 2 ** REPS.length; mask++) {
      const roster = REPS.map((r, i) => ((mask >> i) & 1 ? (i % 2 ? inactive(r) : away(r, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')) : r));
      for (const base of maps) {
        const map = compile([...base.rules.map((e) => e.territory)], roster);
        for (const a of [northwind, sakura]) {
          const r = resolveOwnership(a, map, T0);
          if (!r.resolved) continue;
          expect(r.ownership.owner.id).not.toBe(r.ownership.backup.id);
          expect([r.ownership.owner, r.ownership.backup].every((p) => p.active && p.outOfOffice.every((o) => T0 < new Date(o.from) || T0 >= new Date(o.to)))).toBe(true);
        }
      }
    }
  });
});

describe('rankMatchingTerritories / toOwnerAssignment', () => {
  it('returns only territories whose every constraint matches, winner first', () => {
    const deOnlyHealth = territory({ ...emeaSaas, id: 'terr-de-health', match: { countries: ['DE'], industries: ['Healthcare'] } });
    expect(rankMatchingTerritories(northwind, compile([deOnlyHealth, ...MAP])).map((r) => r.territory.id)).toEqual(['terr-emea-saas', 'terr-emea', 'terr-rest']);
  });

  it('maps a resolution to the contract’s OwnerAssignment', () => {
    const assignment = toOwnerAssignment(expectResolved(resolveOwnership(northwind, compile(MAP), T0)));
    expect(ownerAssignmentSchema.parse(assignment)).toEqual(assignment);
    expect(assignment).toMatchObject({ owner: { repId: 'rep-ana', name: 'Ana Ortiz', role: 'SDR' }, backup: { repId: 'rep-ben', role: 'AE' }, territoryId: 'terr-emea-saas' });
    void cara;
  });
});
