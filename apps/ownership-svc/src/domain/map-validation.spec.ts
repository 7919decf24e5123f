import { covers, describeConflictRules, errorsInvolving, overlapWitness, validateOwnershipMap, type MapProblem } from './map-validation';
import { DEFAULT_SETTINGS, type Territory } from './ownership.types';
import { MAP, REPS, emea, emeaSaas, everyoneElse, inactive, territory, withReps, ana } from './test-fixtures';

const validate = (territories: Territory[], reps = REPS, settings = DEFAULT_SETTINGS) => validateOwnershipMap({ territories, reps, settings });
const errors = (problems: MapProblem[]) => problems.filter((p) => p.severity === 'ERROR');
const codes = (problems: MapProblem[]) => problems.map((p) => p.code);

describe('validateOwnershipMap — errors (refused at save time)', () => {
  it('accepts the three-territory map: no errors; warns about territories whose owner has no manager and no escalation owner', () => {
    const problems = validate(MAP);
    expect(errors(problems)).toEqual([]);
    expect(problems.map((p) => [p.code, p.territoryIds])).toEqual([
      ['NO_ESCALATION_OWNER', ['terr-emea']],
      ['NO_ESCALATION_OWNER', ['terr-rest']],
    ]);
  });

  it('two rules of equal specificity (1) and priority (10) that can match the same account: refused, naming both and an account they share', () => {
    const software = territory({ id: 'terr-software', name: 'Software', priority: 10, match: { industries: ['Software'] }, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' });
    const [overlap] = errors(validate([emea, software]));
    expect(overlap).toEqual({
      severity: 'ERROR',
      code: 'OVERLAPPING_EQUAL_RULES',
      field: 'priority',
      territoryIds: ['terr-emea', 'terr-software'],
      repIds: [],
      message:
        "Territories 'EMEA' (terr-emea) and 'Software' (terr-software) have the same specificity (1) and priority (10) and can both match " +
        'an account with region EMEA and industry Software: only chance could break that tie. Give one a different priority or make their constraints disjoint.',
    });
  });

  it('equal rank but disjoint constraints (region EMEA vs NA, bands 0–199 vs 200–999) is no overlap', () => {
    const na = territory({ ...emea, id: 'terr-na', name: 'NA', match: { regions: ['NA'] } });
    const small = territory({ ...emea, id: 'terr-small', name: 'Small', match: { maxEmployees: 199 } });
    const mid = territory({ ...emea, id: 'terr-mid', name: 'Mid', match: { minEmployees: 200, maxEmployees: 999 } });
    expect(errors(validate([emea, na]))).toEqual([]);
    expect(errors(validate([small, mid]))).toEqual([]);
    // 0–200 and 200–999 share 200 employees.
    expect(errors(validate([{ ...small, match: { maxEmployees: 200 } }, mid]))[0].message).toContain('can both match an account with 200–200 employees');
  });

  it('two catch-alls at the same priority overlap on any account; at different priorities the lower one never decides (warning)', () => {
    const other = territory({ ...everyoneElse, id: 'terr-rest-2', name: 'Rest 2' });
    expect(errors(validate([everyoneElse, other]))[0].message).toContain('can both match any account (both are catch-alls)');
    const problems = validate([everyoneElse, { ...other, priority: 200 }]);
    expect(errors(problems)).toEqual([]);
    expect(problems.find((p) => p.code === 'NEVER_DECIDES')?.message).toBe(
      "Territory 'Rest 2' (terr-rest-2) never decides: every account it matches is also matched by 'Everyone else' (terr-rest), which wins by the conflict rules.",
    );
  });

  it('a territory naming an unknown rep, a manager as owner or backup, the owner as backup, or its owner as escalation owner: refused, field named', () => {
    const bad = [
      territory({ id: 't1', name: 'T1', ownerRepId: 'rep-ghost', backupRepId: 'rep-ben', match: { regions: ['A'] } }),
      territory({ id: 't2', name: 'T2', ownerRepId: 'rep-mara', backupRepId: 'rep-ben', match: { regions: ['B'] } }),
      territory({ id: 't3', name: 'T3', ownerRepId: 'rep-ben', backupRepId: 'rep-mara', match: { regions: ['C'] } }),
      territory({ id: 't4', name: 'T4', ownerRepId: 'rep-ben', backupRepId: 'rep-ben', match: { regions: ['D'] } }),
      territory({ id: 't5', name: 'T5', ownerRepId: 'rep-ana', backupRepId: 'rep-ben', escalationRepId: 'rep-ana', match: { regions: ['E'] } }),
      territory({ id: 't6', name: 'T6', ownerRepId: '', backupRepId: ' ', match: { regions: ['F'] } }),
    ];
    expect(errors(validate(bad)).map((p) => [p.code, p.territoryIds[0], p.field])).toEqual([
      ['UNKNOWN_REP', 't1', 'ownerRepId'],
      ['MANAGER_AS_OWNER', 't2', 'ownerRepId'],
      ['MANAGER_AS_BACKUP', 't3', 'backupRepId'],
      ['BACKUP_IS_OWNER', 't4', 'backupRepId'],
      ['ESCALATION_IS_OWNER_OR_BACKUP', 't5', 'escalationRepId'],
      ['MISSING_OWNER', 't6', 'ownerRepId'],
      ['MISSING_BACKUP', 't6', 'backupRepId'],
    ]);
    expect(errors(validate(bad))[1].message).toContain('names Mara Lee, a MANAGER, as owner: managers receive escalations and never own or back up a territory');
  });

  it('a manager as escalation owner is fine', () => {
    expect(errors(validate([{ ...emeaSaas, escalationRepId: 'rep-mara' }]))).toEqual([]);
  });

  it('an account named by two lists: refused, naming both lists', () => {
    const a = territory({ id: 'terr-named-a', name: 'Key A', namedAccountIds: ['acc-1', 'acc-2'], ownerRepId: 'rep-ana', backupRepId: 'rep-ben' });
    const b = territory({ id: 'terr-named-b', name: 'Key B', namedAccountIds: ['acc-2'], ownerRepId: 'rep-cara', backupRepId: 'rep-dev' });
    expect(errors(validate([a, b]))).toEqual([
      expect.objectContaining({ code: 'NAMED_ACCOUNT_IN_TWO_LISTS', field: 'namedAccountIds', territoryIds: ['terr-named-a', 'terr-named-b'], message: "Account acc-2 is named by 'Key A' (terr-named-a) and 'Key B' (terr-named-b): a named account belongs to one list only." }),
    ]);
    // Named lists never overlap rule territories: they win by NAMED_ACCOUNT.
    expect(errors(validate([a, everyoneElse]))).toEqual([]);
  });

  it('a rep whose manager is unknown, not a MANAGER, or themselves: refused on managerRepId', () => {
    const reps = withReps({ ...ana, managerRepId: 'rep-ben' });
    expect(errors(validate([], reps))).toEqual([expect.objectContaining({ code: 'MANAGER_NOT_A_MANAGER', field: 'managerRepId', repIds: ['rep-ana', 'rep-ben'], message: "Ana Ortiz's manager Ben Okafor is an AE, not a MANAGER." })]);
    expect(codes(errors(validate([], withReps({ ...ana, managerRepId: 'rep-ghost' }))))).toEqual(['UNKNOWN_REP']);
    expect(codes(errors(validate([], withReps({ ...ana, managerRepId: 'rep-ana' }))))).toEqual(['MANAGER_NOT_A_MANAGER']);
  });
});

describe('validateOwnershipMap — warnings (saved)', () => {
  it('an inactive owner, no catch-all', () => {
    const problems = validate([{ ...emeaSaas, escalationRepId: 'rep-mara' }], withReps(inactive(ana)));
    expect(errors(problems)).toEqual([]);
    expect(codes(problems)).toEqual(['INACTIVE_REP', 'NO_CATCH_ALL']);
    expect(problems[0].message).toBe("Territory 'EMEA SaaS' (terr-emea-saas) names Ana Ortiz as owner, but Ana Ortiz is inactive: cover applies until the territory is reassigned.");
  });

  it('errorsInvolving keeps the errors that name the territory or rep being saved', () => {
    const software = territory({ id: 'terr-software', name: 'Software', priority: 10, match: { industries: ['Software'] }, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' });
    const problems = validate([emea, software, territory({ id: 't-x', name: 'X', priority: 30, ownerRepId: 'rep-ghost', backupRepId: 'rep-ben', match: { regions: ['Z'] } })]);
    expect(codes(errorsInvolving(problems, { territoryIds: ['terr-software'] }))).toEqual(['OVERLAPPING_EQUAL_RULES']);
    expect(codes(errorsInvolving(problems, { territoryIds: ['t-x'] }))).toEqual(['UNKNOWN_REP']);
    expect(errorsInvolving(problems, { repIds: ['rep-ana'] })).toEqual([]);
  });
});

describe('overlap and cover between two matches', () => {
  it('overlapWitness: constraints on different attributes always overlap (attributes are independent)', () => {
    expect(overlapWitness({ regions: ['EMEA'] }, { countries: ['US'] })).toBe('an account with region EMEA and country US');
    expect(overlapWitness({ regions: ['EMEA', 'APAC'] }, { regions: ['apac'] })).toBe('an account with region APAC');
    expect(overlapWitness({ minRevenueUsd: 1e6, maxRevenueUsd: 5e6 }, { minRevenueUsd: 5e6 })).toBe('an account with revenue $5M–$5M');
    expect(overlapWitness({ minRevenueUsd: 1e6, maxRevenueUsd: 5e6 }, { minRevenueUsd: 5_000_001 })).toBeNull();
  });

  it('covers: the outer match accepts every account the inner one does', () => {
    expect(covers({}, { regions: ['EMEA'] })).toBe(true);
    expect(covers({ regions: ['EMEA', 'NA'] }, { regions: ['EMEA'], industries: ['Software'] })).toBe(true);
    expect(covers({ regions: ['EMEA'] }, { industries: ['Software'] })).toBe(false);
    expect(covers({ minEmployees: 100 }, { minEmployees: 200, maxEmployees: 300 })).toBe(true);
    expect(covers({ minEmployees: 100 }, { maxEmployees: 300 })).toBe(false);
  });

  it('the written rules, in the configured order', () => {
    expect(describeConflictRules(['NAMED_ACCOUNT', 'PRIORITY', 'MOST_SPECIFIC'])).toEqual([
      '1. Named account: a named-account list that names the account wins over every territory rule.',
      '2. Priority: the matching territory with the lowest priority number wins.',
      '3. Most specific: the matching territory that constrains the most account attributes wins.',
      '4. Never chance: two territories that would still tie and can match the same account are refused when the map is saved.',
    ]);
  });
});
