import type { Firmographics } from '@handoff-graph/contracts';
import type { FitRule } from './scoring-model';

/** The label a rep reads on the fit contributor. */
export const FIT_LABEL = 'Firmographic fit';

/** What the fit component adds for one account. */
export interface FitContribution {
  /** Matched points, capped at the rule's capPoints (not rounded). */
  points: number;
  /** Before the cap. */
  uncappedPoints: number;
  /** The parts of the profile that matched, as a rep reads them: "Software", "200–1000 employees", "EMEA". */
  matched: string[];
}

/** "200–1000 employees", "1000+ employees". */
export function employeeBandLabel(band: { minEmployees: number; maxEmployees: number | null }): string {
  return band.maxEmployees === null ? `${band.minEmployees}+ employees` : `${band.minEmployees}–${band.maxEmployees} employees`;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Points for how well the account fits the ideal customer profile: industry + employee band +
 * region, each when it matches, capped. Null when the model scores no fit, the account's
 * firmographics are unknown, or nothing matches.
 */
export function fitContribution(rule: FitRule | null, firmographics: Firmographics | null): FitContribution | null {
  if (!rule || !firmographics) return null;
  const matched: string[] = [];
  let uncapped = 0;
  const industry = firmographics.industry === null ? undefined : rule.industries.find((i) => same(i.industry, firmographics.industry!));
  if (industry && industry.points > 0) {
    matched.push(firmographics.industry!);
    uncapped += industry.points;
  }
  const employees = firmographics.employeeCount;
  const band =
    employees === null ? undefined : rule.employeeBands.find((b) => employees >= b.minEmployees && (b.maxEmployees === null || employees <= b.maxEmployees));
  if (band && band.points > 0) {
    matched.push(employeeBandLabel(band));
    uncapped += band.points;
  }
  const region = firmographics.region === null ? undefined : rule.regions.find((r) => same(r.region, firmographics.region!));
  if (region && region.points > 0) {
    matched.push(firmographics.region!);
    uncapped += region.points;
  }
  const points = Math.min(uncapped, rule.capPoints);
  if (points <= 0) return null;
  return { points, uncappedPoints: uncapped, matched };
}

/** Points only (0 when nothing fits). */
export function fitPoints(rule: FitRule | null, firmographics: Firmographics | null): number {
  return fitContribution(rule, firmographics)?.points ?? 0;
}

/** "Fits the ICP: Software, 200–1000 employees, +10" (points already rounded). */
export function fitEvidence(fit: FitContribution, roundedPoints: number): string {
  return `Fits the ICP: ${fit.matched.join(', ')}, +${roundedPoints}`;
}
