/** Reps, territories and accounts the domain specs share (test-only; no production code imports it). */
import { repInputSchema, type RepInput } from './inputs.schema';
import type { AccountProfile, OwnershipMap, OwnershipSettings, Rep, Territory } from './ownership.types';
import { DEFAULT_SETTINGS } from './ownership.types';
import { compileOwnershipMap, type CompiledOwnershipMap, type OwnershipResolution, type ResolvedOwnership } from './resolve-ownership';

export const rep = (id: string, name: string, extra: Partial<Rep> = {}): Rep => ({
  id,
  name,
  email: `${id.replace('rep-', '')}@example.com`,
  role: 'SDR',
  team: 'Mid-market',
  timezone: 'Europe/Berlin',
  dailyCapacity: 8,
  active: true,
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:00' },
  managerRepId: null,
  outOfOffice: [],
  ...extra,
});

export const mara = rep('rep-mara', 'Mara Lee', { role: 'MANAGER' });
export const ana = rep('rep-ana', 'Ana Ortiz', { managerRepId: 'rep-mara' });
export const ben = rep('rep-ben', 'Ben Okafor', { role: 'AE' });
export const cara = rep('rep-cara', 'Cara Diaz');
export const dev = rep('rep-dev', 'Dev Patel', { role: 'AE' });
export const eli = rep('rep-eli', 'Eli Novak');
export const REPS = [mara, ana, ben, cara, dev, eli];

export const territory = (t: Partial<Territory> & Pick<Territory, 'id' | 'name' | 'ownerRepId' | 'backupRepId'>): Territory => ({
  priority: 10,
  match: {},
  namedAccountIds: [],
  escalationRepId: null,
  ...t,
});

export const emeaSaas = territory({ id: 'terr-emea-saas', name: 'EMEA SaaS', priority: 20, match: { regions: ['EMEA'], industries: ['Software'] }, ownerRepId: 'rep-ana', backupRepId: 'rep-ben' });
export const emea = territory({ id: 'terr-emea', name: 'EMEA', priority: 10, match: { regions: ['EMEA'] }, ownerRepId: 'rep-cara', backupRepId: 'rep-dev' });
export const everyoneElse = territory({ id: 'terr-rest', name: 'Everyone else', priority: 100, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' });
export const MAP = [everyoneElse, emea, emeaSaas];

export const account = (accountId: string, name: string, f: Partial<AccountProfile['firmographics']> = {}): AccountProfile => ({
  accountId,
  name,
  domain: `${accountId.replace('acc-', '')}.example`,
  firmographics: { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE', ...f },
});
export const northwind = account('acc-northwind', 'Northwind Analytics');
export const sakura = account('acc-sakura', 'Sakura Logistics', { region: 'APAC', country: 'JP', annualRevenueUsd: null });

export const T0 = new Date('2026-11-24T10:00:00Z');

export function compile(territories: Territory[], reps: Rep[] = REPS, settings: Partial<OwnershipSettings> = {}, version = 1): CompiledOwnershipMap {
  const map: OwnershipMap = { version, territories, reps, settings: { ...DEFAULT_SETTINGS, ...settings } };
  return compileOwnershipMap(map);
}

export const withReps = (...changed: Rep[]) => REPS.map((r) => changed.find((c) => c.id === r.id) ?? r);
export const inactive = (r: Rep): Rep => ({ ...r, active: false });
export const away = (r: Rep, from: string, to: string, note: string | null = null): Rep => ({ ...r, outOfOffice: [...r.outOfOffice, { id: `ooo-${r.id}`, from, to, note }] });

export function expectResolved(r: OwnershipResolution): ResolvedOwnership {
  if (!r.resolved) throw new Error(`expected a resolution, got: ${r.reason}`);
  return r.ownership;
}
export function expectUnresolved(r: OwnershipResolution): string {
  if (r.resolved) throw new Error(`expected no resolution, got ${r.ownership.explanation}`);
  return r.reason;
}

/** A RepInput for a fixture rep with some fields changed. */
export function repInputFor(id: string, extra: Record<string, unknown> = {}): RepInput {
  const r = REPS.find((x) => x.id === id)!;
  return repInputSchema.parse({ id, name: r.name, email: r.email, role: r.role, team: r.team, timezone: r.timezone, dailyCapacity: r.dailyCapacity, ...extra });
}
