import type { Firmographics } from '@handoff-graph/contracts';
import type { Territory, TerritoryMatch } from './ownership.types';

/** The account attributes a rule territory can constrain. Each band (min and/or max) is one attribute. */
export type MatchAttribute = 'region' | 'country' | 'industry' | 'employees' | 'revenue';

/** One constraint the account satisfied, with the account's own value, for the explanation. */
export interface MatchedAttribute {
  attribute: MatchAttribute;
  /** Readable: "region EMEA", "industry Software", "420 employees (200–1000)", "revenue $58M ($10M–$100M)". */
  text: string;
}

export type MatchResult = { matches: true; matched: MatchedAttribute[] } | { matches: false; failed: MatchAttribute[] };

/** How list values compare: trimmed, case-insensitive. */
export const normalize = (value: string): string => value.trim().toLowerCase();

/** The SPECIFICITY measure: how many attributes the territory constrains (0 = catch-all or named-account list). */
export function specificity(match: TerritoryMatch): number {
  return constrainedAttributes(match).length;
}

export function isCatchAll(territory: Pick<Territory, 'match' | 'namedAccountIds'>): boolean {
  return territory.namedAccountIds.length === 0 && specificity(territory.match) === 0;
}

export function isNamedAccountList(territory: Pick<Territory, 'namedAccountIds'>): boolean {
  return territory.namedAccountIds.length > 0;
}

const hasBand = (min: number | undefined, max: number | undefined) => min !== undefined || max !== undefined;

export function constrainedAttributes(match: TerritoryMatch): MatchAttribute[] {
  const attributes: MatchAttribute[] = [];
  if (match.regions !== undefined) attributes.push('region');
  if (match.countries !== undefined) attributes.push('country');
  if (match.industries !== undefined) attributes.push('industry');
  if (hasBand(match.minEmployees, match.maxEmployees)) attributes.push('employees');
  if (hasBand(match.minRevenueUsd, match.maxRevenueUsd)) attributes.push('revenue');
  return attributes;
}

const inBand = (value: number | null, min: number | undefined, max: number | undefined) =>
  value !== null && (min === undefined || value >= min) && (max === undefined || value <= max);

/**
 * A territory applies only when EVERY constraint matches. An attribute the account does not have
 * (null) never satisfies a constraint on it. This form explains; `compileMatch` is the fast one.
 */
export function matchTerritory(match: TerritoryMatch, firmographics: Firmographics): MatchResult {
  const matched: MatchedAttribute[] = [];
  const failed: MatchAttribute[] = [];
  const checkList = (attribute: MatchAttribute, allowed: string[] | undefined, value: string | null) => {
    if (allowed === undefined) return;
    if (value !== null && allowed.some((a) => normalize(a) === normalize(value))) matched.push({ attribute, text: `${attribute} ${value}` });
    else failed.push(attribute);
  };
  checkList('region', match.regions, firmographics.region);
  checkList('country', match.countries, firmographics.country);
  checkList('industry', match.industries, firmographics.industry);
  if (hasBand(match.minEmployees, match.maxEmployees)) {
    const count = firmographics.employeeCount;
    if (inBand(count, match.minEmployees, match.maxEmployees)) {
      matched.push({ attribute: 'employees', text: `${count} employees (${describeBand(match.minEmployees, match.maxEmployees)})` });
    } else failed.push('employees');
  }
  if (hasBand(match.minRevenueUsd, match.maxRevenueUsd)) {
    const revenue = firmographics.annualRevenueUsd;
    if (revenue !== null && inBand(revenue, match.minRevenueUsd, match.maxRevenueUsd)) {
      matched.push({ attribute: 'revenue', text: `revenue ${usd(revenue)} (${describeBand(match.minRevenueUsd, match.maxRevenueUsd, usd)})` });
    } else failed.push('revenue');
  }
  return failed.length === 0 ? { matches: true, matched } : { matches: false, failed };
}

/** A match prepared once per map: lower-cased sets, so matching 100k accounts costs set look-ups only. */
export interface CompiledMatch {
  regions: Set<string> | null;
  countries: Set<string> | null;
  industries: Set<string> | null;
  minEmployees: number | undefined;
  maxEmployees: number | undefined;
  employees: boolean;
  minRevenueUsd: number | undefined;
  maxRevenueUsd: number | undefined;
  revenue: boolean;
}

/** An account's attributes prepared once for matching. */
export interface NormalizedAccount {
  region: string | null;
  country: string | null;
  industry: string | null;
  employeeCount: number | null;
  annualRevenueUsd: number | null;
}

export function normalizeAccount(f: Firmographics): NormalizedAccount {
  return {
    region: f.region === null ? null : normalize(f.region),
    country: f.country === null ? null : normalize(f.country),
    industry: f.industry === null ? null : normalize(f.industry),
    employeeCount: f.employeeCount,
    annualRevenueUsd: f.annualRevenueUsd,
  };
}

export function compileMatch(match: TerritoryMatch): CompiledMatch {
  const set = (values: string[] | undefined) => (values === undefined ? null : new Set(values.map(normalize)));
  return {
    regions: set(match.regions),
    countries: set(match.countries),
    industries: set(match.industries),
    minEmployees: match.minEmployees,
    maxEmployees: match.maxEmployees,
    employees: hasBand(match.minEmployees, match.maxEmployees),
    minRevenueUsd: match.minRevenueUsd,
    maxRevenueUsd: match.maxRevenueUsd,
    revenue: hasBand(match.minRevenueUsd, match.maxRevenueUsd),
  };
}

/** Same answer as `matchTerritory(...).matches`, without building the explanation. */
export function matchesCompiled(c: CompiledMatch, a: NormalizedAccount): boolean {
  if (c.regions !== null && (a.region === null || !c.regions.has(a.region))) return false;
  if (c.countries !== null && (a.country === null || !c.countries.has(a.country))) return false;
  if (c.industries !== null && (a.industry === null || !c.industries.has(a.industry))) return false;
  if (c.employees && !inBand(a.employeeCount, c.minEmployees, c.maxEmployees)) return false;
  if (c.revenue && !inBand(a.annualRevenueUsd, c.minRevenueUsd, c.maxRevenueUsd)) return false;
  return true;
}

/** "$950", "$500K", "$58M", "$1.2B". */
export function usd(amount: number): string {
  const scaled = (n: number, unit: string) => `$${Number.isInteger(n) ? n : Number(n.toFixed(1))}${unit}`;
  if (amount >= 1e9) return scaled(amount / 1e9, 'B');
  if (amount >= 1e6) return scaled(amount / 1e6, 'M');
  if (amount >= 1e3) return scaled(amount / 1e3, 'K');
  return `$${amount}`;
}

/** "200–1000", "at least 200", "at most 1000" (values formatted by `format`). */
export function describeBand(min: number | undefined, max: number | undefined, format: (n: number) => string = String): string {
  if (min !== undefined && max !== undefined) return `${format(min)}–${format(max)}`;
  if (min !== undefined) return `at least ${format(min)}`;
  return `at most ${format(max as number)}`;
}

/** "region EMEA or APAC; industry Software; 200–1000 employees", "named accounts acc-a, acc-b", or "any account (catch-all)". */
export function describeTerritoryRule(territory: Pick<Territory, 'match' | 'namedAccountIds'>): string {
  if (isNamedAccountList(territory)) {
    const ids = territory.namedAccountIds;
    const shown = ids.slice(0, 5).join(', ');
    return `named account${ids.length === 1 ? '' : 's'} ${shown}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
  }
  return describeMatch(territory.match);
}

export function describeMatch(match: TerritoryMatch): string {
  const parts: string[] = [];
  if (match.regions) parts.push(`region ${orList(match.regions)}`);
  if (match.countries) parts.push(`country ${orList(match.countries)}`);
  if (match.industries) parts.push(`industry ${orList(match.industries)}`);
  if (hasBand(match.minEmployees, match.maxEmployees)) parts.push(`${describeBand(match.minEmployees, match.maxEmployees)} employees`);
  if (hasBand(match.minRevenueUsd, match.maxRevenueUsd)) parts.push(`revenue ${describeBand(match.minRevenueUsd, match.maxRevenueUsd, usd)}`);
  return parts.length === 0 ? 'any account (catch-all)' : parts.join('; ');
}

/** "region APAC, country JP, industry Software, 420 employees, revenue $58M (employee count unknown)". Unknown revenue is not mentioned. */
export function describeAccount(f: Firmographics): string {
  const known: string[] = [];
  const unknown: string[] = [];
  (f.region !== null ? known : unknown).push(f.region !== null ? `region ${f.region}` : 'region');
  (f.country !== null ? known : unknown).push(f.country !== null ? `country ${f.country}` : 'country');
  (f.industry !== null ? known : unknown).push(f.industry !== null ? `industry ${f.industry}` : 'industry');
  (f.employeeCount !== null ? known : unknown).push(f.employeeCount !== null ? `${f.employeeCount} employees` : 'employee count');
  if (f.annualRevenueUsd !== null) known.push(`revenue ${usd(f.annualRevenueUsd)}`);
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
