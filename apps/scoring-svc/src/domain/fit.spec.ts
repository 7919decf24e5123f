import { employeeBandLabel, fitContribution, fitEvidence, fitPoints } from './fit';
import { FIT_RULE, firmographics } from './scoring-model.fixture';

describe('firmographic fit (Software +6, Fintech +4; 200–1000 employees +4, 1001+ +2; EMEA +3, NA +2; cap 12)', () => {
  it('Software, 420 employees, EMEA: 6 + 4 + 3 = 13, capped at 12 → "Fits the ICP: Software, 200–1000 employees, EMEA, +12"', () => {
    const fit = fitContribution(FIT_RULE, firmographics())!;
    expect(fit).toEqual({ points: 12, uncappedPoints: 13, matched: ['Software', '200–1000 employees', 'EMEA'] });
    expect(fitEvidence(fit, 12)).toBe('Fits the ICP: Software, 200–1000 employees, EMEA, +12');
  });

  it('Software, 420 employees, APAC: 6 + 4 = 10 → "Fits the ICP: Software, 200–1000 employees, +10"', () => {
    const fit = fitContribution(FIT_RULE, firmographics({ region: 'APAC' }))!;
    expect(fit.points).toBe(10);
    expect(fitEvidence(fit, 10)).toBe('Fits the ICP: Software, 200–1000 employees, +10');
  });

  it('matches industry and region case-insensitively: "software", "emea", 180 employees (no band) → 6 + 3 = 9', () => {
    expect(fitContribution(FIT_RULE, firmographics({ industry: 'software', region: 'emea', employeeCount: 180 }))).toEqual({
      points: 9,
      uncappedPoints: 9,
      matched: ['software', 'emea'],
    });
  });

  it('band edges are inclusive: 200 and 1000 are in 200–1000 (+4), 1001 is in 1001+ (+2)', () => {
    const only = (employeeCount: number) => fitPoints(FIT_RULE, firmographics({ industry: 'Retail', region: 'LATAM', employeeCount }));
    expect([only(199), only(200), only(1000), only(1001), only(50_000)]).toEqual([0, 4, 4, 2, 2]);
  });

  it('unknown firmographics (null fields) score only what is known: Fintech, no count, NA → 4 + 2 = 6', () => {
    expect(fitPoints(FIT_RULE, firmographics({ industry: 'Fintech', employeeCount: null, region: 'NA' }))).toBe(6);
  });

  it('no fit when nothing matches, the account is not in the directory, or the model scores no fit', () => {
    expect(fitContribution(FIT_RULE, firmographics({ industry: 'Retail', employeeCount: 10, region: 'LATAM' }))).toBeNull();
    expect(fitContribution(FIT_RULE, null)).toBeNull();
    expect(fitContribution(null, firmographics())).toBeNull();
  });

  it('labels open-ended bands "1001+ employees"', () => {
    expect(employeeBandLabel({ minEmployees: 1001, maxEmployees: null })).toBe('1001+ employees');
  });
});
