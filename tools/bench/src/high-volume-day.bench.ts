/**
 * High-volume day: N accounts (10 000) qualify within one minute. How long until every one is placed —
 * in its owner's queue for today or in a later day's queue (the protocol's cap per rep with a
 * priority rank; lower-priority accounts move to the next day) — and is each queue ordered right?
 *
 * Placement is read from `handoff-delivered` (owner, queue date, rank) on `<prefix>.handoff-events`;
 * an account whose handoff is incomplete is placed nowhere and counted apart. Then every (owner,
 * queue date) seen is read back through the gateway (`myHandoffQueue(repId, date)`) and checked:
 * ranks 1..n without gaps, score never rising with rank, equal scores earliest-created first, no more
 * than the rep's daily capacity per queue, every delivered handoff in exactly one queue.
 *
 * Scores vary (63–74: pre-load 51–59, crossing +12 or +15) so the ordering check means something.
 *
 * Usage: npx tsx tools/bench/src/high-volume-day.bench.ts [--accounts 10000] [--within 60] [--capacity 40] [--snapshot HEAD]
 */
import { loadavg } from 'node:os';
import { numberFlag, parseFlags, STACK_FLAGS } from './args';
import {
  BenchProducer,
  EventWatcher,
  LagProbe,
  newRunId,
  prepareSource,
  rssTable,
  startProcessStack,
  type ProcessStack,
  type RssPeak,
  BENCH_REPS,
  expectedScore,
  gatewayGraphql,
  incompleteReasons,
  makeAccounts,
  runCrossingPhase,
  seedAccounts,
  seedOwnershipMap,
  watchedTopics,
  type PhaseResult,
  type SeedResult,
  type SourceTree,
} from '@handoff-graph/harness';
import { loadLine, ms, summarize, writeBenchmarkSection } from './report';

const FULL = { accounts: 10_000, within: 60 };

const flags = parseFlags(
  {
    accounts: { default: String(FULL.accounts), help: 'accounts that qualify' },
    within: { default: String(FULL.within), help: 'seconds over which their crossing signals are sent' },
    capacity: { default: '40', help: 'dailyCapacity of every SDR/AE (8 owners and backups across 5 territories)' },
    'drain-seconds': { default: '1800', help: 'after the last send, wait at most this long for every account to be placed' },
    ...STACK_FLAGS,
  },
  process.argv.slice(2),
  'npx tsx tools/bench/src/high-volume-day.bench.ts [flags]',
);
const accountCount = Math.max(1, numberFlag(flags.accounts, 'accounts'));
const within = Math.max(1, numberFlag(flags.within, 'within'));
const capacity = numberFlag(flags.capacity, 'capacity');
const drainSeconds = numberFlag(flags['drain-seconds'], 'drain-seconds');

interface Delivered {
  handoffId: string;
  accountId: string;
  ownerRepId: string;
  queueDate: string;
  priorityRank: number;
  deliveredAt: string;
}

interface QueueItem {
  id: string;
  priorityRank: number | null;
  queueDate: string | null;
  intendedQueueDate: string | null;
  createdAt: string;
  status: string;
  scoringSnapshot: { score: number } | null;
  account: { id: string } | null;
}

interface QueueCheck {
  queues: number;
  handoffs: number;
  rankGaps: string[];
  scoreInversions: string[];
  tieOrder: string[];
  overCapacity: string[];
  /** Queues over the cap only by handoffs held at the deferral limit (handoff-svc's documented rule: never dropped). */
  heldAtLimit: string[];
  missing: string[];
  duplicated: string[];
  movedQueue: number;
  failed: string[];
  /** Final queue sizes read back: owner → date → handoffs. */
  sizes: Map<string, Map<string, number>>;
  /** Lowest and highest score per owner and date. */
  scoreRange: Map<string, Map<string, { min: number; max: number }>>;
  /** A later day of one owner holding a higher score than an earlier day's lowest. */
  acrossDays: string[];
}

/** The owner's local date (YYYY-MM-DD) at an instant. */
function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** handoff-svc's MAX_DEFERRAL_BUSINESS_DAYS (the bench reps work Monday to Friday and are never out of office). */
const DEFERRAL_LIMIT = 5;

/** Monday-to-Friday days after `from` up to and including `to`. */
function weekdaysAfter(from: string, to: string): number {
  let n = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) n++;
  return n;
}

async function checkQueues(stack: ProcessStack, delivered: Delivered[]): Promise<QueueCheck> {
  const check: QueueCheck = {
    queues: 0,
    handoffs: 0,
    rankGaps: [],
    scoreInversions: [],
    tieOrder: [],
    overCapacity: [],
    heldAtLimit: [],
    missing: [],
    duplicated: [],
    movedQueue: 0,
    failed: [],
    sizes: new Map(),
    scoreRange: new Map(),
    acrossDays: [],
  };
  // Every date of each owner from the first queue date delivered to a week past the last: a handoff a
  // higher-scored arrival pushed out of its day sits in a later queue than its handoff-delivered said.
  const pairs: [string, string][] = [];
  for (const rep of new Set(delivered.map((d) => d.ownerRepId))) {
    const dates = delivered.filter((d) => d.ownerRepId === rep).map((d) => d.queueDate).sort();
    for (let day = dates[0]; day <= addDays(dates[dates.length - 1], 7); day = addDays(day, 1)) pairs.push([rep, day]);
  }
  const seen = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= pairs.length) return;
      const [repId, date] = pairs[i];
      const where = `${repId} ${date}`;
      let queue: QueueItem[];
      try {
        queue = (
          await gatewayGraphql<{ myHandoffQueue: QueueItem[] }>(
            stack,
            `myHandoffQueue ${where}`,
            `query($repId: ID!, $date: Date) { myHandoffQueue(repId: $repId, date: $date) { id priorityRank queueDate intendedQueueDate createdAt status scoringSnapshot { score } account { id } } }`,
            { repId, date },
          )
        ).myHandoffQueue;
      } catch (e) {
        check.failed.push((e as Error).message);
        continue;
      }
      if (queue.length === 0) continue;
      check.queues++;
      check.handoffs += queue.length;
      const sizes = check.sizes.get(repId) ?? new Map<string, number>();
      sizes.set(date, queue.length);
      check.sizes.set(repId, sizes);
      const scored = queue.map((h) => h.scoringSnapshot?.score).filter((x): x is number => x !== undefined);
      if (scored.length) {
        const ranges = check.scoreRange.get(repId) ?? new Map<string, { min: number; max: number }>();
        ranges.set(date, { min: Math.min(...scored), max: Math.max(...scored) });
        check.scoreRange.set(repId, ranges);
      }
      const ranked = [...queue].sort((a, b) => (a.priorityRank ?? Infinity) - (b.priorityRank ?? Infinity));
      ranked.forEach((h, k) => {
        if (h.priorityRank !== k + 1) check.rankGaps.push(`${where}: position ${k + 1} has rank ${h.priorityRank}`);
        const prev = ranked[k - 1];
        if (prev && prev.scoringSnapshot && h.scoringSnapshot) {
          if (h.scoringSnapshot.score > prev.scoringSnapshot.score) {
            check.scoreInversions.push(`${where}: rank ${k + 1} scores ${h.scoringSnapshot.score} above rank ${k}'s ${prev.scoringSnapshot.score}`);
          } else if (h.scoringSnapshot.score === prev.scoringSnapshot.score && Date.parse(h.createdAt) < Date.parse(prev.createdAt)) {
            check.tieOrder.push(`${where}: rank ${k + 1} (created ${h.createdAt}) before rank ${k} (created ${prev.createdAt}) at equal score`);
          }
        }
        if (seen.has(h.id)) check.duplicated.push(`${h.id} in ${seen.get(h.id)} and ${where}`);
        seen.set(h.id, where);
      });
      if (capacity > 0 && queue.length > capacity) {
        // handoff-svc moves a handoff at most DEFERRAL_LIMIT business days past the day it was meant for and
        // keeps it there over the cap (README): only handoffs beyond the cap that are not held there are a fault.
        const beyond = ranked.slice(capacity).filter((h) => !(h.intendedQueueDate && weekdaysAfter(h.intendedQueueDate, date) >= DEFERRAL_LIMIT));
        (beyond.length ? check.overCapacity : check.heldAtLimit).push(`${where}: ${queue.length} > ${capacity}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  for (const [rep, ranges] of check.scoreRange) {
    const days = [...ranges].sort((a, b) => a[0].localeCompare(b[0]));
    for (let k = 1; k < days.length; k++) {
      if (days[k][1].max > days[k - 1][1].min) check.acrossDays.push(`${rep}: ${days[k][0]} holds ${days[k][1].max} while ${days[k - 1][0]} holds ${days[k - 1][1].min}`);
    }
  }
  for (const d of delivered) {
    const where = seen.get(d.handoffId);
    if (!where) check.missing.push(`${d.handoffId} (${d.accountId}, delivered to ${d.ownerRepId} ${d.queueDate})`);
    else if (where !== `${d.ownerRepId} ${d.queueDate}`) check.movedQueue++;
  }
  return check;
}

function list(items: string[], max = 3): string {
  return items.length === 0 ? 'none' : `**${items.length}**, e.g. ${items.slice(0, max).join('; ')}`;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const startedAt = new Date();
  const run = newRunId('hvd');
  const source = prepareSource(run, { snapshot: flags.snapshot || undefined, source: flags.source || undefined });
  console.log(`run ${run}: services from ${source.label}`);
  const stack = await startProcessStack({
    run,
    source,
    logLevel: flags['log-level'] as 'warn',
    keep: flags.keep === 'true',
    cpuProf: flags['cpu-prof'] === 'true',
  });
  let seed: SeedResult | undefined;
  let phase: PhaseResult | undefined;
  let check: QueueCheck | undefined;
  let peaks: RssPeak[] = [];
  const accounts = makeAccounts('hvd', accountCount, true);
  try {
    const producer = await BenchProducer.connect(`${stack.prefix}-bench-producer`);
    const watcher = await EventWatcher.start(`${stack.prefix}-bench-watch`, watchedTopics(stack));
    const lag = await LagProbe.connect(stack.prefix);
    try {
      await seedOwnershipMap(stack, capacity);
      seed = await seedAccounts(stack, producer, watcher, lag, accounts);
      stack.resetPhasePeaks();
      phase = await runCrossingPhase(stack, producer, watcher, lag, accounts, { rate: accountCount / within, until: 'delivered', drainSeconds });
      peaks = stack.peaks(true);
    } finally {
      await Promise.allSettled([producer.close(), watcher.stop(), lag.close()]);
    }
    const delivered = phase.tracks
      .filter((t) => t.deliveredValue)
      .map((t) => {
        const p = (JSON.parse(t.deliveredValue!) as { payload: Omit<Delivered, 'accountId'> & { accountId: string } }).payload;
        return { handoffId: p.handoffId, accountId: p.accountId, ownerRepId: p.ownerRepId, queueDate: p.queueDate, priorityRank: p.priorityRank, deliveredAt: p.deliveredAt };
      });
    console.log(`  reading the queues of ${new Set(delivered.map((d) => d.ownerRepId)).size} owners back through the gateway…`);
    check = await checkQueues(stack, delivered);
    renderAndWrite(stack, source, startedAt, loadAtStart, seed, phase, delivered, check, peaks);
  } finally {
    const stop = await stack.stop();
    console.log(`[${run}] stopped: ${stop.endings.map((e) => `${e.name} ${e.ending}`).join('; ')}; ${stop.cleanup.join('; ')}`);
  }
}

function renderAndWrite(
  stack: ProcessStack,
  source: SourceTree,
  startedAt: Date,
  loadAtStart: number,
  seed: SeedResult,
  phase: PhaseResult,
  delivered: Delivered[],
  check: QueueCheck,
  peaks: RssPeak[],
): void {
  const t = phase.tracks;
  const placedAt = (x: (typeof t)[number]) => x.deliveredAt ?? x.incompleteAt;
  const placed = t.filter((x) => placedAt(x) !== undefined);
  const incomplete = t.filter((x) => x.deliveredAt === undefined && x.incompleteAt !== undefined).length;
  const notPlaced = t.length - placed.length;
  const lastPlaced = placed.reduce((m, x) => Math.max(m, placedAt(x)!), 0);
  const lastQualified = t.reduce((m, x) => Math.max(m, x.qualifiedAt ?? 0), 0);
  const qualified = t.filter((x) => x.qualifiedAt !== undefined).length;
  const sec = (a: number) => ((a - phase.firstSentAt) / 1000).toFixed(1);
  const perAccount = summarize(t.filter((x) => x.deliveredAt !== undefined).map((x) => x.deliveredAt! - x.sentAt!));
  const tz = new Map(BENCH_REPS.map((r) => [r.id, r.timezone]));
  const endedAt = new Date().toISOString();
  const scores = new Map<number, number>();
  for (const a of t) scores.set(expectedScore(a.account), (scores.get(expectedScore(a.account)) ?? 0) + 1);
  const full = t.length >= FULL.accounts && within <= FULL.within;
  const command = `npx tsx tools/bench/src/high-volume-day.bench.ts${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  const verdict = notPlaced === 0 ? `**every account placed ${sec(lastPlaced)} s after the first crossing signal**` : `**${notPlaced} accounts not placed** (${phase.drained === 'quiet' ? 'lost: the run went quiet without them' : `not within ${drainSeconds} s after the last send`})`;
  const ordered = check.rankGaps.length + check.scoreInversions.length + check.missing.length + check.duplicated.length + check.failed.length === 0;
  const body = [
    full
      ? ''
      : `**Smoke run, smaller than the issue's size** (${t.length} accounts within ${within} s). The full run is \`npx tsx tools/bench/src/high-volume-day.bench.ts\` (10 000 accounts within 60 s).`,
    '',
    `Services ran from the ${source.label}, each in its own process, NODE_ENV=production, one instance each. Ownership map through the gateway: 5 territories (4 regional, 1 catch-all), 8 owners/backups with dailyCapacity ${capacity}, 4 managers. Seeded ${seed.accounts} accounts (${seed.messages} CRM changes and pre-load signals) in ${seed.seconds.toFixed(0)} s. Scores after crossing (v1 model): ${[...scores].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ')}.`,
    loadLine(loadAtStart, loadavg()[0]),
    '',
    `Crossing signals sent at ${phase.rate.achievedRate.toFixed(0)}/s over ${phase.rate.seconds.toFixed(1)} s (offered ${(t.length / within).toFixed(0)}/s). ${qualified}/${t.length} qualified, the last ${sec(lastQualified)} s after the first signal (${(lastQualified - phase.lastSentAt) / 1000 <= 5 ? 'scoring-svc kept up with the input' : `scoring-svc fell ${((lastQualified - phase.lastSentAt) / 1000).toFixed(0)} s behind the input`}).`,
    '',
    `Placed (handoff-delivered, or handoff-incomplete: placed nowhere): ${verdict}; ${delivered.length} delivered, ${incomplete} incomplete${incomplete ? ` (${[...incompleteReasons(t)].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}. Per account, crossing signal → handoff-delivered: p50 ${ms(perAccount.p50)} ms, p99 ${ms(perAccount.p99)} ms, max ${ms(perAccount.max)} ms. Largest consumer lag sampled: ${phase.maxLag}.`,
    '',
    `Where the handoffs are at the end (read back with myHandoffQueue; a higher-scored arrival pushes the lowest of a full day into the next business day's queue, so ${check.movedQueue} handoffs sit in a later queue than their handoff-delivered said):`,
    '',
    '| owner (time zone) | local date at the end | handoffs | queues, by date: handoffs |',
    '|---|---|---|---|',
    ...[...check.sizes]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([rep, sizes]) => {
        const zone = tz.get(rep) ?? 'UTC';
        const total = [...sizes.values()].reduce((a, b) => a + b, 0);
        const days = [...sizes].sort((a, b) => a[0].localeCompare(b[0])).map(([d, n]) => `${d}: ${n}`).join(', ');
        return `| ${rep} (${zone}) | ${localDate(endedAt, zone)} | ${total} | ${days} |`;
      }),
    '',
    `**Queue ordering** (${check.queues} queues, ${check.handoffs} handoffs read back through the gateway with myHandoffQueue): ${ordered ? 'consistent' : '**problems found**'}.`,
    `- ranks not 1..n in order: ${list(check.rankGaps)}`,
    `- a higher score ranked below a lower one: ${list(check.scoreInversions)}`,
    `- equal scores not earliest-created first: ${list(check.tieOrder)}`,
    `- queues over the rep's dailyCapacity (${capacity}) by handoffs that could still move on: ${list(check.overCapacity)}`,
    `- queues over the cap only by handoffs held ${DEFERRAL_LIMIT} business days past their intended day (the documented limit: nothing is dropped, ops sees a persistent cap): ${list(check.heldAtLimit)}`,
    `- a later day of an owner holding a higher score than an earlier day's lowest (the overflow should push the lowest on): ${list(check.acrossDays)}`,
    `- delivered handoffs in no queue: ${list(check.missing)}; in two queues: ${list(check.duplicated)}`,
    ...(check.failed.length ? [`- queue reads that failed: ${list(check.failed, 1)}`] : []),
    ...(phase.deadLetters.length ? [`- dead letters during the phase: ${phase.deadLetters.length}, e.g. ${phase.deadLetters[0].error}`] : []),
    ...(stack.crashed().length ? [`- **processes exited during the run**: ${stack.crashed().map((p) => p.name).join(', ')}`] : []),
    '',
    'Peak RSS during the measured phase:',
    '',
    rssTable(peaks),
  ].join('\n');
  if (flags.write !== 'false') writeBenchmarkSection('High-volume day: 10k accounts qualify within a minute', command, body, { commit: source.commit, startedAt });
  console.log(`\n${body}`);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
