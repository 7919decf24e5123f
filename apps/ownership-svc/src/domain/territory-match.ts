import type { Firmographics } from '@handoff-graph/contracts';
import type { TerritoryMatch } from './ownership.types';

/** The account attributes a territory can constrain. The employee band (min and/or max) is one attribute. */
export type MatchAttribute = 'region' | 'country' | 'industry' | 'employees';

/** One constraint the account satisfied, with the account's own value, for the explanation. */
export interface MatchedAttribute {
  attribute: MatchAttribute;
  /** Readable: "region EMEA", "industry Software", "420 employees (200–1000)". */
  text: string;
}

export type MatchResult =
  | { matches: true; matched: MatchedAttribute[] }
  | { matches: false; failed: MatchAttribute[] };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Rule 2's measure: how many attributes the territory constrains (0 = catch-all). */
export function specificity(match: TerritoryMatch): number {
  return constrainedAttributes(match).length;
}

export function isCatchAll(match: TerritoryMatch): boolean {
  return specificity(match) === 0;
}

export function constrainedAttributes(match: TerritoryMatch): MatchAttribute[] {
  const attributes: MatchAttribute[] = [];
  if (match.regions !== undefined) attributes.push('region');
  if (match.countries !== undefined) attributes.push('country');
  if (match.industries !== undefined) attributes.push('industry');
  if (match.minEmployees !== undefined || match.maxEmployees !== undefined) attributes.push('employees');
  return attributes;
}

/**
 * Rule 1: a territory applies only when EVERY constraint matches. An attribute the account does
 * not have (null) never satisfies a constraint on it.
 */
export function matchTerritory(match: TerritoryMatch, firmographics: Firmographics): MatchResult {
  const matched: MatchedAttribute[] = [];
  const failed: MatchAttribute[] = [];
  const checkList = (attribute: MatchAttribute, allowed: string[] | undefined, value: string | null) => {
    if (allowed === undefined) return;
    if (value !== null && allowed.some((a) => same(a, value))) matched.push({ attribute, text: `${attribute} ${value}` });
    else failed.push(attribute);
  };
  checkList('region', match.regions, firmographics.region);
  checkList('country', match.countries, firmographics.country);
  checkList('industry', match.industries, firmographics.industry);
  if (match.minEmployees !== undefined || match.maxEmployees !== undefined) {
    const count = firmographics.employeeCount;
    const aboveMin = match.minEmployees === undefined || (count !== null && count >= match.minEmployees);
    const belowMax = match.maxEmployees === undefined || (count !== null && count <= match.maxEmployees);
    if (count !== null && aboveMin && belowMax) {
      matched.push({ attribute: 'employees', text: `${count} employees (${describeBand(match.minEmployees, match.maxEmployees)})` });
    } else {
      failed.push('employees');
    }
  }
  return failed.length === 0 ? { matches: true, matched } : { matches: false, failed };
}

/** "200–1000", "at least 200", "at most 1000". */
export function describeBand(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}

/** "region EMEA or APAC; industry Software; 200–1000 employees", or "any account (catch-all)". */
export function describeMatch(match: TerritoryMatch): string {
  const parts: string[] = [];
  if (match.regions) parts.push(`region ${orList(match.regions)}`);
  if (match.countries) parts.push(`country ${orList(match.countries)}`);
  if (match.industries) parts.push(`industry ${orList(match.industries)}`);
  if (match.minEmployees !== undefined || match.maxEmployees !== undefined) {
    parts.push(`${describeBand(match.minEmployees, match.maxEmployees)} employees`);
  }
  return parts.length === 0 ? 'any account (catch-all)' : parts.join('; ');
}

/** "region APAC, country JP, industry Software, 420 employees (employee count unknown)". */
export function describeAccount(f: Firmographics): string {
  const known: string[] = [];
  const unknown: string[] = [];
  (f.region !== null ? known : unknown).push(f.region !== null ? `region ${f.region}` : 'region');
  (f.country !== null ? known : unknown).push(f.country !== null ? `country ${f.country}` : 'country');
  (f.industry !== null ? known : unknown).push(f.industry !== null ? `industry ${f.industry}` : 'industry');
  (f.employeeCount !== null ? known : unknown).push(f.employeeCount !== null ? `${f.employeeCount} employees` : 'employee count');
  if (known.length === 0) return 'an account with no known region, country, industry or employee count';
  return unknown.length === 0 ? known.join(', ') : `${known.join(', ')} (${andList(unknown)} unknown)`;
}

function orList(values: string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** "a", "a and b", "a, b and c". */
export function andList(values: string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}
