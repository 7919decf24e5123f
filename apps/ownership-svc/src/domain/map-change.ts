import type { Firmographics } from '@handoff-graph/contracts';
import { formatInstant } from './availability';
import type { OwnershipSettings, Rep, Territory } from './ownership.types';
import { describeTerritoryRule, usd } from './territory-match';

/**
 * What a map change did, in words: the map version's `change` and the `reason` of every
 * `ownership-changed` it causes. Null when nothing changed (no new version is written).
 */

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const days = (d: number[]) => d.map((n) => WEEKDAYS[n]).join(', ');
const period = (p: { from: string; to: string; note: string | null }) => `${formatInstant(p.from)} – ${formatInstant(p.to)}${p.note ? ` (${p.note})` : ''}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function describeTerritoryChange(before: Territory | null, after: Territory | null, repName: (id: string) => string): string | null {
  if (!before && !after) return null;
  if (!after) return `Territory '${before!.name}' (${before!.id}) retired`;
  const who = (id: string | null) => (id === null ? 'none' : repName(id));
  if (!before) {
    const escalation = after.escalationRepId ? `, escalation owner ${who(after.escalationRepId)}` : '';
    return `Territory '${after.name}' (${after.id}) created: ${describeTerritoryRule(after)}, priority ${after.priority}; owner ${who(after.ownerRepId)}, backup ${who(after.backupRepId)}${escalation}`;
  }
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`renamed from '${before.name}'`);
  if (before.ownerRepId !== after.ownerRepId) parts.push(`owner ${who(before.ownerRepId)} → ${who(after.ownerRepId)}`);
  if (before.backupRepId !== after.backupRepId) parts.push(`backup ${who(before.backupRepId)} → ${who(after.backupRepId)}`);
  if (before.escalationRepId !== after.escalationRepId) parts.push(`escalation owner ${who(before.escalationRepId)} → ${who(after.escalationRepId)}`);
  if (before.priority !== after.priority) parts.push(`priority ${before.priority} → ${after.priority}`);
  if (!same(before.match, after.match) && after.namedAccountIds.length === 0 && before.namedAccountIds.length === 0) {
    parts.push(`rule ${describeTerritoryRule(before)} → ${describeTerritoryRule(after)}`);
  }
  if (!same(before.namedAccountIds, after.namedAccountIds)) {
    const added = after.namedAccountIds.filter((a) => !before.namedAccountIds.includes(a));
    const removed = before.namedAccountIds.filter((a) => !after.namedAccountIds.includes(a));
    const change = [added.length ? `+${added.join(', +')}` : '', removed.length ? `−${removed.join(', −')}` : ''].filter(Boolean).join(' ');
    parts.push(before.namedAccountIds.length === 0 || after.namedAccountIds.length === 0 ? `now ${describeTerritoryRule(after)}` : `named accounts ${change}`);
  }
  return parts.length === 0 ? null : `Territory '${after.name}' (${after.id}): ${parts.join('; ')}`;
}

export function describeRepChange(before: Rep | null, after: Rep, repName: (id: string) => string): string | null {
  if (!before) return `${after.name} (${after.id}) added as ${after.role}${after.active ? '' : ', inactive'}`;
  const parts: string[] = [];
  if (before.active !== after.active) parts.push(after.active ? 'reactivated' : 'deactivated');
  if (before.name !== after.name) parts.push(`renamed from ${before.name}`);
  if (before.role !== after.role) parts.push(`role ${before.role} → ${after.role}`);
  if (before.email !== after.email) parts.push(`email ${before.email} → ${after.email}`);
  if (before.team !== after.team) parts.push(`team ${before.team} → ${after.team}`);
  if (before.timezone !== after.timezone) parts.push(`time zone ${before.timezone} → ${after.timezone}`);
  if (before.dailyCapacity !== after.dailyCapacity) parts.push(`daily capacity ${before.dailyCapacity} → ${after.dailyCapacity}`);
  if (!same(before.workingDays, after.workingDays)) parts.push(`working days ${days(before.workingDays)} → ${days(after.workingDays)}`);
  if (!same(before.workingHours, after.workingHours)) {
    parts.push(`working hours ${before.workingHours.start}–${before.workingHours.end} → ${after.workingHours.start}–${after.workingHours.end}`);
  }
  if (before.managerRepId !== after.managerRepId) {
    parts.push(`manager ${before.managerRepId ? repName(before.managerRepId) : 'none'} → ${after.managerRepId ? repName(after.managerRepId) : 'none'}`);
  }
  const key = (p: { from: string; to: string; note: string | null }) => `${p.from}|${p.to}|${p.note ?? ''}`;
  const added = after.outOfOffice.filter((p) => !before.outOfOffice.some((q) => key(q) === key(p)));
  const removed = before.outOfOffice.filter((p) => !after.outOfOffice.some((q) => key(q) === key(p)));
  for (const p of added) parts.push(`out of office ${period(p)} added`);
  for (const p of removed) parts.push(`out of office ${period(p)} removed`);
  return parts.length === 0 ? null : `${after.name} (${after.id}): ${parts.join('; ')}`;
}

export function describeSettingsChange(before: OwnershipSettings, after: OwnershipSettings): string | null {
  const parts: string[] = [];
  if (!same(before.conflictRules, after.conflictRules)) parts.push(`conflict rules ${before.conflictRules.join(' → ')} now ${after.conflictRules.join(' → ')}`);
  if (before.midPeriodPolicy !== after.midPeriodPolicy) parts.push(`mid-period policy ${before.midPeriodPolicy} → ${after.midPeriodPolicy}`);
  if (before.inFlightDays !== after.inFlightDays) parts.push(`in-flight window ${before.inFlightDays} → ${after.inFlightDays} days`);
  return parts.length === 0 ? null : `Settings: ${parts.join('; ')}`;
}

/** "Northwind Analytics's profile changed: region EMEA → NA; 420 → 1200 employees" (null: nothing ownership reads changed). */
export function describeProfileChange(name: string, before: Firmographics, after: Firmographics): string | null {
  const parts: string[] = [];
  const show = (v: string | number | null) => (v === null ? 'unknown' : String(v));
  if (before.region !== after.region) parts.push(`region ${show(before.region)} → ${show(after.region)}`);
  if (before.country !== after.country) parts.push(`country ${show(before.country)} → ${show(after.country)}`);
  if (before.industry !== after.industry) parts.push(`industry ${show(before.industry)} → ${show(after.industry)}`);
  if (before.employeeCount !== after.employeeCount) parts.push(`employees ${show(before.employeeCount)} → ${show(after.employeeCount)}`);
  if (before.annualRevenueUsd !== after.annualRevenueUsd) {
    const money = (v: number | null) => (v === null ? 'unknown' : usd(v));
    parts.push(`revenue ${money(before.annualRevenueUsd)} → ${money(after.annualRevenueUsd)}`);
  }
  return parts.length === 0 ? null : `${name}'s profile changed in the CRM: ${parts.join('; ')}`;
}
