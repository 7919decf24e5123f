/**
 * Ownership resolution at scale: N accounts against a map of R rule territories (plus named-account
 * lists and a catch-all), with some reps inactive or out of office so the cover rules run too.
 *  1. Domain: compile the map once, resolve every account (the pure rules ownership-svc applies).
 *  2. PostgreSQL (--db): the map and N profiles stored by ownership-svc's own repositories; read and
 *     resolve every account from the database; decide D qualifications through the consumer's code
 *     path (shared map lock, owner_assignment, routing, outbox); one map change re-routing D in-flight accounts.
 * Usage: npx tsx tools/bench/src/ownership.bench.ts [--accounts 100000] [--rules 500] [--decisions 2000] [--db=false] [--seed 42]
 */
import 'reflect-metadata';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
// A benchmark drives the service's own code paths (as tools/dev-stack composes the apps); nothing imports this tool.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark of ownership-svc measures ownership-svc
import {
  CompiledMapCache,
  DEFAULT_SETTINGS,
  applyMapEdit,
  compileOwnershipMap,
  decideQualifications,
  insertMapVersion,
  insertQualification,
  lockMap,
  ownershipEntities,
  ownershipMigrations,
  resolveOwnership,
  saveRep,
  saveSettings,
  saveTerritory,
  validateOwnershipMap,
  type AccountProfile,
  type OwnershipMap,
  type OwnershipResolution,
  type Rep,
  type Territory,
} from '@handoff-graph/ownership-svc';
import { numberFlag, parseFlags } from './args';
import { percentile, writeBenchmarkSection } from './report';

const flags = parseFlags(
  {
    accounts: { default: '100000', help: 'accounts to resolve' },
    rules: { default: '500', help: 'rule territories in the map (plus 20 named-account lists and a catch-all)' },
    decisions: { default: '2000', help: 'qualifications decided through the database path (and kept in flight for the map change)' },
    db: { default: 'true', help: 'also run the PostgreSQL paths (DATABASE_URL)' },
    seed: { default: '42', help: 'random seed' },
  },
  process.argv.slice(2),
  'npx tsx tools/bench/src/ownership.bench.ts',
);
const ACCOUNTS = numberFlag(flags.accounts, 'accounts');
const RULES = numberFlag(flags.rules, 'rules');
const DECISIONS = numberFlag(flags.decisions, 'decisions');
const AT = new Date('2026-11-24T10:00:00Z');

// ---- a deterministic, realistic-looking map ----------------------------------------------------------

let state = numberFlag(flags.seed, 'seed') >>> 0 || 1;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(xs)))];

const COUNTRIES: Record<string, string[]> = {
  EMEA: ['DE', 'FR', 'GB', 'NL', 'SE', 'ES', 'IT', 'PL', 'CH', 'AT', 'IE', 'DK'],
  NA: ['US', 'CA'],
  LATAM: ['BR', 'MX', 'AR', 'CL', 'CO'],
  APAC: ['JP', 'SG', 'IN', 'KR', 'HK', 'TW'],
  ANZ: ['AU', 'NZ'],
};
const REGIONS = Object.keys(COUNTRIES);
const INDUSTRIES = ['Software', 'Healthcare', 'Logistics', 'Manufacturing', 'Retail', 'Banking', 'Insurance', 'Energy', 'Media', 'Telecom', 'Education', 'Government', 'Pharma', 'Automotive', 'Travel', 'Real estate', 'Legal', 'Construction', 'Agriculture', 'Nonprofit'];
const EMPLOYEE_BANDS: [number | undefined, number | undefined][] = [[undefined, 49], [50, 199], [200, 999], [1000, 4999], [5000, undefined]];
const REVENUE_BANDS: [number | undefined, number | undefined][] = [[undefined, 10e6], [10e6 + 1, 100e6], [100e6 + 1, 1e9], [1e9 + 1, undefined]];

function buildMap(): { map: OwnershipMap; accounts: AccountProfile[] } {
  const managers: Rep[] = Array.from({ length: 20 }, (_, i) => rep(`rep-mgr-${i}`, `Manager ${i}`, 'MANAGER', null));
  const reps: Rep[] = Array.from({ length: 300 }, (_, i) => rep(`rep-${i}`, `Rep ${i}`, i % 2 ? 'AE' : 'SDR', pick(managers).id));
  for (const r of reps) {
    const roll = random();
    if (roll < 0.05) r.active = false;
    else if (roll < 0.1) r.outOfOffice = [{ id: `ooo-${r.id}`, from: '2026-11-20T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', note: 'Leave' }];
  }
  const people = () => {
    const owner = pick(reps);
    let backup = pick(reps);
    while (backup.id === owner.id) backup = pick(reps);
    return { ownerRepId: owner.id, backupRepId: backup.id, escalationRepId: random() < 0.5 ? pick(managers).id : null };
  };
  // Unique priorities: no two rules can tie, so the map passes validation (as a saved map must).
  const priorities = Array.from({ length: RULES }, (_, i) => i + 1).sort(() => random() - 0.5);
  const territories: Territory[] = priorities.map((priority, i) => {
    const region = pick(REGIONS);
    const match: Territory['match'] = { regions: [region] };
    if (random() < 0.5) match.countries = some(COUNTRIES[region], 3);
    if (random() < 0.6) match.industries = some(INDUSTRIES, 3);
    if (random() < 0.4) [match.minEmployees, match.maxEmployees] = pick(EMPLOYEE_BANDS);
    if (random() < 0.3) [match.minRevenueUsd, match.maxRevenueUsd] = pick(REVENUE_BANDS);
    for (const k of Object.keys(match) as (keyof Territory['match'])[]) if (match[k] === undefined) delete match[k];
    return { id: `terr-${String(i).padStart(4, '0')}`, name: `Territory ${i}`, priority, match, namedAccountIds: [], ...people() };
  });
  territories.push({ id: 'terr-catch-all', name: 'Everyone else', priority: RULES + 1000, match: {}, namedAccountIds: [], ...people() });
  const accounts: AccountProfile[] = Array.from({ length: ACCOUNTS }, (_, i) => {
    const region = pick(REGIONS);
    return {
      accountId: `acc-${i}`,
      name: `Account ${i}`,
      domain: `account-${i}.example`,
      firmographics: {
        region: random() < 0.97 ? region : null,
        country: pick(COUNTRIES[region]),
        industry: random() < 0.95 ? pick(INDUSTRIES) : null,
        employeeCount: random() < 0.9 ? Math.floor(10 ** (1 + random() * 4)) : null,
        annualRevenueUsd: random() < 0.8 ? Math.floor(10 ** (6 + random() * 4)) : null,
      },
    };
  });
  // 20 named-account lists of 100 accounts each.
  for (let l = 0; l < 20; l++) {
    const namedAccountIds = Array.from({ length: 100 }, (_, k) => (l * 100 + k) * 7)
      .filter((n) => n < ACCOUNTS)
      .map((n) => `acc-${n}`);
    if (namedAccountIds.length > 0) territories.push({ id: `terr-named-${l}`, name: `Named ${l}`, priority: 1, match: {}, namedAccountIds, ...people() });
  }
  return { map: { version: 1, reps: [...managers, ...reps], territories, settings: DEFAULT_SETTINGS }, accounts };
}

function rep(id: string, name: string, role: Rep['role'], managerRepId: string | null): Rep {
  return { id, name, email: `${id}@example.com`, role, team: 'Sales', timezone: 'Europe/Berlin', dailyCapacity: 8, active: true, workingDays: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, managerRepId, outOfOffice: [] };
}

// ---- measurements ------------------------------------------------------------------------------------

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const rate = (count: number, millis: number) => Math.round((count / millis) * 1000).toLocaleString('en-US');
const pct = (sorted: number[], p: number) => `${(percentile(sorted, p) * 1000).toFixed(1)} µs`;

/** Counts outcomes as they come (nothing retained: 100k resolutions would only feed the garbage collector). */
class Tally {
  private readonly counts = { outcome: new Map<string, number>(), rule: new Map<string, number>(), cover: new Map<string, number>() };
  private matches = 0;
  private n = 0;

  add(r: OwnershipResolution): void {
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    bump(this.counts.outcome, r.resolved ? 'resolved' : `unresolved (${r.code})`);
    bump(this.counts.rule, r.resolved ? r.ownership.decidingRule : 'none');
    bump(this.counts.cover, r.resolved ? (r.ownership.cover?.kind ?? 'no cover') : 'none');
    this.matches += r.resolved ? r.ownership.ranking.length : r.ranking.length;
    this.n++;
  }

  summary() {
    const show = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ');
    return { outcome: show(this.counts.outcome), rule: show(this.counts.rule), cover: show(this.counts.cover), matches: (this.matches / this.n).toFixed(1) };
  }
}

/** CPU time (user + system) of this process over `run`, in ms: on a shared machine it says more than the wall clock. */
async function withCpu<T>(run: () => Promise<T> | T): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  const started = performance.now();
  const { map, accounts } = buildMap();
  const namedCount = map.territories.reduce((s, t) => s + t.namedAccountIds.length, 0);
  let t = performance.now();
  const problems = validateOwnershipMap(map);
  const validateMs = performance.now() - t;
  const errors = problems.filter((p) => p.severity === 'ERROR');
  if (errors.length > 0) throw new Error(`the generated map is invalid: ${errors[0].message}`);

  t = performance.now();
  const compiled = compileOwnershipMap(map);
  const compileMs = performance.now() - t;
  // Warm-up (JIT), then the measured run with a per-account timing.
  for (let i = 0; i < Math.min(5000, accounts.length); i++) resolveOwnership(accounts[i], compiled, AT);
  const each = new Float64Array(accounts.length);
  const tally = new Tally();
  const domain = await withCpu(() => {
    for (let i = 0; i < accounts.length; i++) {
      const s = performance.now();
      const r = resolveOwnership(accounts[i], compiled, AT);
      each[i] = performance.now() - s;
      tally.add(r);
    }
  });
  each.sort();
  const sortedEach = Array.from(each);
  const stats = tally.summary();
  console.log(`domain: ${accounts.length} accounts in ${ms(domain.wallMs)} ms wall, ${ms(domain.cpuMs)} ms CPU`);

  let dbSection = '_PostgreSQL paths not run (`--db=false`)._';
  if (flags.db === 'true') dbSection = await databasePaths(map, accounts);

  const totalS = ((performance.now() - started) / 1000).toFixed(0);
  const load = loadavg()[0].toFixed(1);
  writeBenchmarkSection(
    'Ownership resolution (ownership-svc)',
    `npx tsx tools/bench/src/ownership.bench.ts --accounts ${ACCOUNTS} --rules ${RULES} --decisions ${DECISIONS} --db=${flags.db} --seed ${flags.seed}`,
    `
Map: ${RULES} rule territories over region, country, industry, employee band and revenue band (unique priorities, as a
validated map has no equal-rank overlaps), ${map.territories.length - RULES - 1} named-account lists (${namedCount.toLocaleString('en-US')} accounts) and a catch-all;
320 reps (20 managers), 5% inactive and 5% out of office at the moment resolved, so the cover rules run. ${ACCOUNTS.toLocaleString('en-US')}
generated accounts (3% without region, 5% without industry, 10% without headcount, 20% without revenue). Run took ${totalS} s;
the machine was shared (1-minute load average ${load} on ${cpus().length} cores at the end), so the CPU-time row is the steadier figure.

**Domain** (the pure rules, one process, map compiled once):

| step | result |
|---|---|
| validateOwnershipMap (${map.territories.length} territories, every pair) | ${ms(validateMs)} ms |
| compile the map | ${ms(compileMs)} ms |
| resolve ${ACCOUNTS.toLocaleString('en-US')} accounts, wall clock | **${ms(domain.wallMs)} ms — ${rate(ACCOUNTS, domain.wallMs)} accounts/s** |
| the same, CPU time of this process | ${ms(domain.cpuMs)} ms — ${rate(ACCOUNTS, domain.cpuMs)} accounts per CPU-second |
| per account p50 / p99 (wall) | ${pct(sortedEach, 50)} / ${pct(sortedEach, 99)} |
| matching territories per account (mean) | ${stats.matches} |
| outcome | ${stats.outcome} |
| deciding rule | ${stats.rule} |
| cover | ${stats.cover} |

${dbSection}
`,
  );
  console.log('wrote BENCHMARKS.md');
}

async function databasePaths(map: OwnershipMap, accounts: AccountProfile[]): Promise<string> {
  const schema = await createTestSchema('bench_ownership');
  const dataSource = await initializeDataSource(createServiceDataSource({ url: schema.url, schema: schema.schema, entities: ownershipEntities, migrations: ownershipMigrations }));
  try {
    // Seed: the map as one version, through the service's repositories; the profiles in bulk.
    let t = performance.now();
    await dataSource.transaction(async (m) => {
      await lockMap(m, 'change');
      const v = await insertMapVersion(m, { changedAt: new Date('2026-11-01T00:00:00Z'), actor: 'bench', change: 'Benchmark map' });
      for (const r of map.reps.filter((x) => x.role === 'MANAGER')) await saveRep(m, r, v.version, AT);
      for (const r of map.reps.filter((x) => x.role !== 'MANAGER')) await saveRep(m, r, v.version, AT);
      for (const territory of map.territories) await saveTerritory(m, territory, v.version, AT);
      await saveSettings(m, map.settings, v.version, AT, 'bench');
    });
    for (let i = 0; i < accounts.length; i += 5000) {
      const page = accounts.slice(i, i + 5000);
      await dataSource.query(
        `INSERT INTO account_profile (account_id, name, domain, firmographics, updated_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
        [page.map((a) => a.accountId), page.map((a) => a.name), page.map((a) => a.domain), page.map((a) => JSON.stringify(a.firmographics)), page.map(() => AT)],
      );
    }
    const seedMs = performance.now() - t;

    // Read path: load + compile the map from PostgreSQL, page through every profile, resolve.
    const maps = new CompiledMapCache();
    t = performance.now();
    const compiled = await dataSource.transaction(async (m) => {
      await lockMap(m, 'read');
      return maps.current(m);
    });
    const loadMs = performance.now() - t;
    const read = await withCpu(async () => {
      let resolved = 0;
      let after = '';
      for (;;) {
        const rows = (await dataSource.query(`SELECT account_id, name, domain, firmographics FROM account_profile WHERE account_id > $1 ORDER BY account_id LIMIT 10000`, [after])) as {
          account_id: string;
          name: string;
          domain: string;
          firmographics: AccountProfile['firmographics'];
        }[];
        if (rows.length === 0) return resolved;
        for (const r of rows) if (resolveOwnership({ accountId: r.account_id, name: r.name, domain: r.domain, firmographics: r.firmographics }, compiled, AT).resolved) resolved++;
        after = rows[rows.length - 1].account_id;
      }
    });
    const readMs = read.wallMs;
    const resolved = read.value;
    console.log(`db read path: ${accounts.length} accounts in ${ms(readMs)} ms`);

    // Decision path: what the consumer does per account-qualified (minus Kafka), one transaction each.
    const decided = accounts.slice(0, DECISIONS);
    const each: number[] = [];
    t = performance.now();
    for (const a of decided) {
      const s = performance.now();
      await dataSource.transaction(async (m) => {
        const q = { qualificationId: randomUUID(), accountId: a.accountId, causationEventId: randomUUID(), correlationId: randomUUID(), qualifiedAt: AT };
        await insertQualification(m, { ...q, receivedAt: AT });
        await decideQualifications(m, [{ qualification: q, profile: a }], AT, maps);
      });
      each.push(performance.now() - s);
    }
    const decideMs = performance.now() - t;
    each.sort((a, b) => a - b);
    console.log(`db decision path: ${decided.length} decisions in ${ms(decideMs)} ms`);

    // One map change with every decided account in flight: reassign the territory deciding the most of them.
    const busiest = (await dataSource.query(`SELECT map_territory_id AS id, count(*)::int AS n FROM account_routing WHERE map_territory_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`)) as { id: string; n: number }[];
    const target = map.territories.find((x) => x.id === busiest[0]?.id) ?? map.territories[0];
    const newOwner = map.reps.find((r) => r.role !== 'MANAGER' && r.active && r.outOfOffice.length === 0 && r.id !== target.ownerRepId && r.id !== target.backupRepId && r.id !== target.escalationRepId)!;
    t = performance.now();
    const applied = await dataSource.transaction((m) => applyMapEdit(m, { kind: 'UPSERT_TERRITORY', territory: { ...target, ownerRepId: newOwner.id } }, 'bench', new Date(AT.getTime() + 60_000)));
    const changeMs = performance.now() - t;

    return `
**PostgreSQL** (ownership-svc's repositories and consumer code path on the shared test database; Kafka not involved):

| step | result |
|---|---|
| seed: the map as one version (${map.reps.length} reps, ${map.territories.length} territories with revisions) + ${accounts.length.toLocaleString('en-US')} profiles | ${(seedMs / 1000).toFixed(1)} s |
| load + compile the current map from PostgreSQL | ${ms(loadMs)} ms |
| read every profile (pages of 10,000) and resolve it | **${ms(readMs)} ms — ${rate(accounts.length, readMs)} accounts/s** wall (${ms(read.cpuMs)} ms CPU in this process; ${resolved.toLocaleString('en-US')} resolved) |
| decide ${decided.length.toLocaleString('en-US')} qualifications (one transaction each: qualification, shared map lock, cached compiled map, owner_assignment, routing, outbox) | **${rate(decided.length, decideMs)} decisions/s**; p50 ${ms(percentile(each, 50))} ms, p99 ${ms(percentile(each, 99))} ms |
| one map change (owner of '${target.name}', ${busiest[0]?.n ?? 0} of the ${decided.length.toLocaleString('en-US')} in-flight accounts decided by it): lock, validate, version, re-resolve every in-flight account, write moves + ownership-changed | ${ms(changeMs)} ms; ${applied.moves.length} accounts moved |
`;
  } finally {
    await dataSource.destroy();
    await schema.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
