/**
 * Signal → handoff-created latency, against the floor measured in the same run.
 *
 * Every service runs in its own process over real Kafka and PostgreSQL (process-stack.ts). For each
 * rate: seed rate × seconds accounts below the threshold (seed.ts), then send exactly one
 * threshold-crossing signal per account at that rate for `seconds`, and time each account from the
 * crossing signal's produce timestamp to the moment this benchmark's consumer sees `handoff-created`
 * for it on `<prefix>.handoff-events`. Every account is counted: created, incomplete, or lost (the
 * run went quiet without it). Peak RSS and CPU of every process are kept per phase.
 *
 * Partition scaling: the same at one rate with every topic created with 1 and then 3 partitions
 * and two handoff-svc instances in one consumer group.
 *
 * Usage: npx tsx tools/bench/src/pipeline.bench.ts [--rates 100,1000,5000] [--seconds 60] [--scaling-rate 1000]
 *        [--snapshot HEAD] (--help lists every flag)
 */
import { loadavg } from 'node:os';
import { numberFlag, numberListFlag, parseFlags, STACK_FLAGS } from './args';
import { measureFloor, type FloorResult } from './floor.bench';
import {
  BenchProducer,
  EventWatcher,
  LagProbe,
  cpuDelta,
  newRunId,
  prepareSource,
  rssTable,
  startProcessStack,
  type ProcessStack,
  type RssPeak,
  type SourceTree,
  type StopReport,
  incompleteReasons,
  makeAccounts,
  runCrossingPhase,
  seedAccounts,
  seedOwnershipMap,
  watchedTopics,
  type EventStamp,
  type PhaseResult,
  type SeedResult,
  type Track,
} from '@handoff-graph/harness';
import { loadLine, ms, summarize, writeBenchmarkSection, type LatencySummary } from './report';

const FULL = { rates: '100,1000,5000', seconds: '60', scalingRate: '1000' };
const KAFKA_HOPS = 4;
/** One consumer transaction + one outbox-relay transaction in each of scoring, ownership and handoff. */
const PG_ROUND_TRIPS = 6;

const flags = parseFlags(
  {
    rates: { default: FULL.rates, help: 'offered crossing-signal rates per second, one phase each' },
    seconds: { default: FULL.seconds, help: 'how long each rate is sustained (rate × seconds accounts are seeded)' },
    'scaling-rate': { default: FULL.scalingRate, help: 'rate of the partition-scaling runs (1 vs 3 partitions, 2 handoff-svc); 0 skips them' },
    'scaling-seconds': { default: '', help: 'seconds of each scaling run (default: --seconds)' },
    'floor-samples': { default: '500', help: 'round trips of the floor measured at the start of the run' },
    'drain-seconds': { default: '300', help: 'after the last send, wait at most this long for the stragglers' },
    'batch-size': { default: '', help: "KAFKA_CONSUMER_BATCH_SIZE of every service (events per consumer transaction); default: the services' (100)" },
    ...STACK_FLAGS,
  },
  process.argv.slice(2),
  'npx tsx tools/bench/src/pipeline.bench.ts [flags]',
);

const rates = numberListFlag(flags.rates, 'rates');
const seconds = numberFlag(flags.seconds, 'seconds');
const scalingRate = numberFlag(flags['scaling-rate'], 'scaling-rate');
const scalingSeconds = flags['scaling-seconds'] ? numberFlag(flags['scaling-seconds'], 'scaling-seconds') : seconds;
const floorSamples = numberFlag(flags['floor-samples'], 'floor-samples');
const drainSeconds = numberFlag(flags['drain-seconds'], 'drain-seconds');
const consumerBatchSize = flags['batch-size'] ? numberFlag(flags['batch-size'], 'batch-size') : undefined;
const logLevel = flags['log-level'] as 'debug' | 'info' | 'warn' | 'error';

interface PhaseRow {
  label: string;
  rate: number;
  seed: SeedResult;
  phase: PhaseResult;
  latency: LatencySummary;
  stages: { scoring: LatencySummary; ownership: LatencySummary; handoff: LatencySummary };
  /** Each stage split at its event's stamps (p50s, ms): see stageSplits. */
  splits: StageSplit[];
  created: number;
  incomplete: number;
  missing: number;
  /** handoff-created per second from the first send to the last handoff-created. */
  throughput: number;
  peaks: RssPeak[];
  cpu: Map<string, number>;
  crashed: string[];
  /** With several handoff-svc instances: the partitions each member of the group held during the phase. */
  handoffAssignment: string[];
}

async function openClients(stack: ProcessStack) {
  const producer = await BenchProducer.connect(`${stack.prefix}-bench-producer`);
  const watcher = await EventWatcher.start(`${stack.prefix}-bench-watch`, watchedTopics(stack), stack.partitions ?? 3);
  const lag = await LagProbe.connect(stack.prefix);
  return {
    producer,
    watcher,
    lag,
    close: async () => {
      await Promise.allSettled([producer.close(), watcher.stop(), lag.close()]);
    },
  };
}

async function measureRate(stack: ProcessStack, clients: Awaited<ReturnType<typeof openClients>>, label: string, rate: number, secs: number): Promise<PhaseRow> {
  const accounts = makeAccounts(label, Math.max(1, Math.round(rate * secs)));
  console.log(`\n[${stack.run}] ${label}: ${rate}/s for ${secs} s (${accounts.length} accounts)`);
  const seed = await seedAccounts(stack, clients.producer, clients.watcher, clients.lag, accounts);
  stack.resetPhasePeaks();
  const cpuBefore = stack.cpuSeconds();
  const phase = await runCrossingPhase(stack, clients.producer, clients.watcher, clients.lag, accounts, { rate, until: 'created', drainSeconds });
  const cpu = cpuDelta(cpuBefore, stack.cpuSeconds());
  const handoffAssignment = stack.processes.filter((p) => p.name.startsWith('handoff-svc')).length > 1 ? await clients.lag.assignments('handoff-svc').catch((e: Error) => [`(could not read: ${e.message})`]) : [];
  const created = phase.tracks.filter((t) => t.createdAt !== undefined);
  const incomplete = phase.tracks.filter((t) => t.createdAt === undefined && t.incompleteAt !== undefined).length;
  const lastCreated = created.reduce((m, t) => Math.max(m, t.createdAt!), 0);
  const row: PhaseRow = {
    label,
    rate,
    seed,
    phase,
    latency: summarize(created.map((t) => t.createdAt! - t.sentAt!)),
    stages: {
      scoring: summarize(created.filter((t) => t.qualifiedAt !== undefined).map((t) => t.qualifiedAt! - t.sentAt!)),
      ownership: summarize(created.filter((t) => t.qualifiedAt !== undefined && t.ownershipAt !== undefined).map((t) => t.ownershipAt! - t.qualifiedAt!)),
      handoff: summarize(
        created.filter((t) => t.qualifiedAt !== undefined && t.ownershipAt !== undefined).map((t) => t.createdAt! - Math.max(t.qualifiedAt!, t.ownershipAt!)),
      ),
    },
    splits: stageSplits(created),
    created: created.length,
    incomplete,
    missing: phase.tracks.length - created.length - incomplete,
    throughput: created.length > 0 ? created.length / ((lastCreated - phase.firstSentAt) / 1000) : 0,
    peaks: stack.peaks(true),
    cpu,
    crashed: stack.crashed().map((p) => `${p.name} (exit ${p.exitCode ?? p.signal})`),
    handoffAssignment,
  };
  console.log(
    `  ${row.created} created, ${row.incomplete} incomplete, ${row.missing} missing (${phase.drained}); p50 ${ms(row.latency.p50)} ms, p99 ${ms(row.latency.p99)} ms; ${row.throughput.toFixed(0)} created/s`,
  );
  return row;
}

/** One stage of the path cut in three at its event's stamps (p50 ms of each piece). */
interface StageSplit {
  stage: string;
  /** From the upstream event's publish (the crossing signal's send) to the handler making this event: the hop in, waiting behind earlier batches, the handler. */
  toHandler: number;
  /** From the handler making the event to its relay handing it to the producer: the rest of the transaction, the commit, the relay's read. */
  toRelay: number;
  /** From the producer to this benchmark's consumer: one Kafka hop (acks=all produce, fetch). */
  toSeen: number;
}

/**
 * Splits each stage at the stamps of its events (ms since the epoch; Kafka timestamps are whole ms, so
 * pieces under a few ms are coarse). The services and this benchmark share the machine's clock.
 */
function stageSplits(created: Track[]): StageSplit[] {
  const stamped = created.filter((t) => t.stamps?.qualified && t.stamps.ownership && t.stamps.created && t.sentAt !== undefined);
  const p50 = (values: number[]) => summarize(values.filter(Number.isFinite)).p50;
  const split = (stage: string, of: (t: Track) => { from: number; event: EventStamp }): StageSplit => ({
    stage,
    toHandler: p50(stamped.map((t) => of(t).event.occurredAt - of(t).from)),
    toRelay: p50(stamped.map((t) => of(t).event.publishedAt - of(t).event.occurredAt)),
    toSeen: p50(stamped.map((t) => of(t).event.seenAt - of(t).event.publishedAt)),
  });
  return [
    split('scoring-svc', (t) => ({ from: performance.timeOrigin + t.sentAt!, event: t.stamps!.qualified! })),
    split('ownership-svc', (t) => ({ from: t.stamps!.qualified!.publishedAt, event: t.stamps!.ownership! })),
    split('handoff-svc', (t) => ({ from: Math.max(t.stamps!.qualified!.publishedAt, t.stamps!.ownership!.publishedAt), event: t.stamps!.created! })),
  ];
}

function missingNote(row: PhaseRow): string {
  if (row.missing === 0) return '';
  const missing = row.phase.tracks.filter((t) => t.createdAt === undefined && t.incompleteAt === undefined);
  const stage = (t: (typeof missing)[number]) => (t.ownershipAt !== undefined ? 'after ownership' : t.qualifiedAt !== undefined ? 'after account-qualified' : 'before account-qualified');
  const byStage = new Map<string, number>();
  for (const t of missing) byStage.set(stage(t), (byStage.get(stage(t)) ?? 0) + 1);
  const verdict = row.phase.drained === 'quiet' ? 'lost (the run went quiet without them)' : `not seen within ${drainSeconds} s after the last send (still in the backlog: not proven lost)`;
  return `${row.label}: ${row.missing} ${verdict}; stopped ${[...byStage].map(([s, n]) => `${s}: ${n}`).join(', ')}; e.g. ${missing.slice(0, 3).map((t) => t.account.id).join(', ')}.`;
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
}

function renderRates(rows: PhaseRow[], floor: FloorResult): string {
  const pathA = KAFKA_HOPS * floor.kafka.p99;
  const pathB = pathA + PG_ROUND_TRIPS * floor.postgres.p99;
  const lines = [
    '| offered /s | accounts | send rate achieved /s | handoff-created | incomplete | missing | p50 ms | p95 ms | p99 ms | max ms | p99 ÷ (4 × Kafka p99) | p99 ÷ (4 × Kafka p99 + 6 × PG p99) | created /s | max consumer lag |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.rate} | ${r.phase.tracks.length} | ${r.phase.rate.achievedRate.toFixed(0)} | ${r.created} | ${r.incomplete} | ${r.missing} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${ratio(r.latency.p99, pathA)} | ${ratio(r.latency.p99, pathB)} | ${r.throughput.toFixed(0)} | ${r.phase.maxLag} |`,
    ),
  ];
  return lines.join('\n');
}

function renderStages(rows: PhaseRow[]): string {
  return [
    'Where the time goes (p50 / p99 ms, each measured at this benchmark\'s consumer, so each stage includes one Kafka hop):',
    '',
    '| offered /s | signal → account-qualified (scoring-svc) | → ownership-resolved (ownership-svc) | → handoff-created (handoff-svc, from the later of the two) |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.rate} | ${ms(r.stages.scoring.p50)} / ${ms(r.stages.scoring.p99)} | ${ms(r.stages.ownership.p50)} / ${ms(r.stages.ownership.p99)} | ${ms(r.stages.handoff.p50)} / ${ms(r.stages.handoff.p99)} |`,
    ),
    '',
    'Each stage cut at its event\'s stamps (p50 ms): the upstream event published (for scoring-svc: the crossing signal sent) → the handler made the event (its `occurredAt`: the hop in, waiting behind earlier batches, the handler up to that point) → the outbox relay handed it to the producer (its Kafka timestamp: the rest of the transaction, the commit, the relay\'s read) → this benchmark saw it (one Kafka hop). Kafka timestamps are whole milliseconds.',
    '',
    `| offered /s | ${rows[0]?.splits.map((s) => `${s.stage}: hop in + handler | → relay | → seen`).join(' | ') ?? ''} |`,
    `|---|${rows[0]?.splits.map(() => '---|---|---').join('|') ?? ''}|`,
    ...rows.map((r) => `| ${r.rate} | ${r.splits.map((s) => `${ms(s.toHandler)} | ${ms(s.toRelay)} | ${ms(s.toSeen)}`).join(' | ')} |`),
  ].join('\n');
}

function renderResources(rows: PhaseRow[], runPeaks: RssPeak[]): string {
  const names = runPeaks.map((p) => p.name);
  const head = `| process | ${rows.map((r) => `peak RSS MB at ${r.rate}/s`).join(' | ')} | ${rows.map((r) => `CPU s at ${r.rate}/s`).join(' | ')} |`;
  const sep = `|---|${rows.map(() => '---').join('|')}|${rows.map(() => '---').join('|')}|`;
  const body = names.map((name) => {
    const rss = rows.map((r) => (r.peaks.find((p) => p.name === name)?.peakMb ?? 0).toFixed(0));
    const cpu = rows.map((r) => (r.cpu.get(name) ?? 0).toFixed(1));
    return `| ${name} | ${rss.join(' | ')} | ${cpu.join(' | ')} |`;
  });
  return [head, sep, ...body].join('\n');
}

function renderSeeds(rows: PhaseRow[]): string {
  return rows.map((r) => `${r.rate}/s: ${r.seed.accounts} accounts, ${r.seed.messages} messages in ${r.seed.seconds.toFixed(0)} s (${r.seed.perSecond.toFixed(0)}/s)`).join('; ');
}

interface ScalingRow {
  partitions: number;
  row: PhaseRow;
  stop: StopReport;
}

async function runStack(
  run: string,
  source: SourceTree,
  options: { partitions?: number; handoffInstances?: number },
  phases: { label: string; rate: number; secs: number }[],
): Promise<{ rows: PhaseRow[]; peaks: RssPeak[]; stop: StopReport }> {
  const stack = await startProcessStack({ run, source, logLevel, keep: flags.keep === 'true', cpuProf: flags['cpu-prof'] === 'true', consumerBatchSize, ...options });
  console.log(`[${run}] ${stack.processes.length} processes ready (${stack.processes.map((p) => `${p.name} pid ${p.child.pid}`).join(', ')}); logs in ${stack.dir}`);
  const rows: PhaseRow[] = [];
  let peaks: RssPeak[] = [];
  let stop: StopReport;
  try {
    const clients = await openClients(stack);
    try {
      await seedOwnershipMap(stack, 1000);
      for (const p of phases) rows.push(await measureRate(stack, clients, p.label, p.rate, p.secs));
      peaks = stack.peaks();
    } finally {
      await clients.close();
    }
  } finally {
    stop = await stack.stop();
    console.log(`[${run}] stopped: ${stop.endings.map((e) => `${e.name} ${e.ending}`).join('; ')}; ${stop.cleanup.join('; ')}`);
  }
  return { rows, peaks, stop };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const startedAt = new Date();
  const run = newRunId('pipe');
  const source = prepareSource(run, { snapshot: flags.snapshot || undefined, source: flags.source || undefined });
  console.log(`run ${run}: services from ${source.label}`);
  console.log(`floor: ${floorSamples} round trips each…`);
  const floor = await measureFloor(floorSamples);
  console.log(`  Kafka p50 ${ms(floor.kafka.p50)} p99 ${ms(floor.kafka.p99)} ms; PostgreSQL p50 ${ms(floor.postgres.p50)} p99 ${ms(floor.postgres.p99)} ms`);

  const main = await runStack(run, source, {}, rates.map((rate) => ({ label: `r${rate}`, rate, secs: seconds })));
  const scaling: ScalingRow[] = [];
  if (scalingRate > 0) {
    for (const partitions of [1, 3]) {
      const r = await runStack(`${run}-p${partitions}`, source, { partitions, handoffInstances: 2 }, [
        { label: `p${partitions}-r${scalingRate}`, rate: scalingRate, secs: scalingSeconds },
      ]);
      scaling.push({ partitions, row: r.rows[0], stop: r.stop });
    }
  }

  const full = flags.rates === FULL.rates && seconds >= 60 && (scalingRate === 0 || scalingRate === 1000);
  const pathA = KAFKA_HOPS * floor.kafka.p99;
  const pathB = pathA + PG_ROUND_TRIPS * floor.postgres.p99;
  const at1k = main.rows.find((r) => r.rate === 1000);
  const overLimit = main.peaks.filter((p) => p.peakMb > 300);
  const command = `npx tsx tools/bench/src/pipeline.bench.ts${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  const body = [
    full
      ? ''
      : `**Smoke run, smaller than the issue's size** (rates ${rates.join(', ')}/s for ${seconds} s; ${scalingRate > 0 ? `scaling at ${scalingRate}/s for ${scalingSeconds} s` : 'no scaling runs'}). ` +
        'It proves the harness end to end on the busy 2-core machine; the full run is `npx tsx tools/bench/src/pipeline.bench.ts` (100, 1000, 5000/s for 60 s, scaling at 1000/s).',
    '',
    `Services ran from the ${source.label}, each in its own process (\`node --import tsx apps/<svc>/src/main.ts\`, NODE_ENV=production, LOG_LEVEL=${logLevel}), over the Kafka broker at 127.0.0.1:9092 and PostgreSQL; one instance each, topics created by the services (3 partitions, the bus default); ${consumerBatchSize ?? 100} events per consumer transaction (\`KAFKA_CONSUMER_BATCH_SIZE\`${consumerBatchSize ? '' : ', the default'}). Run id \`${run}\`; logs in \`tmp/bench/${run}/\`.`,
    '',
    loadLine(loadAtStart, loadavg()[0]),
    '',
    `**Floor** (same run, ${floorSamples} sequential round trips each): Kafka produce→consume p50 ${ms(floor.kafka.p50)} / p99 ${ms(floor.kafka.p99)} ms; PostgreSQL INSERT+SELECT p50 ${ms(floor.postgres.p50)} / p99 ${ms(floor.postgres.p99)} ms.`,
    '',
    `**Hops.** ${KAFKA_HOPS} Kafka hops on the path: signals → scoring-svc; scoring-events (account-qualified) → ownership-svc; ownership-events (ownership-resolved) → handoff-svc; handoff-events (handoff-created) → this benchmark's consumer. (handoff-svc also reads account-qualified from scoring-events, in parallel with ownership-svc, so it is not an extra hop on the critical path.) ` +
      `Floor path A = 4 × Kafka p99 = ${ms(pathA)} ms — the issue's "hops × floor". Floor path B = A + 6 × PostgreSQL p99 = ${ms(pathB)} ms: in each of the three services one consumer transaction (inbox row, state, outbox row) and one outbox-relay transaction (select + mark published), each counted as one floor INSERT+SELECT round trip — a lower bound, since each transaction is several statements.`,
    '',
    'Latency = from the produce timestamp of the crossing signal (just before it is handed to the producer) to the moment this benchmark\'s consumer sees handoff-created for that account. Every account sent is counted: created, incomplete (handoff-incomplete), or missing.',
    '',
    renderRates(main.rows, floor),
    '',
    at1k
      ? `**Target** signal→handoff p99 ≤ 1.5 × (hops × floor p99) at 1000/s: p99 ${ms(at1k.latency.p99)} ms vs 1.5 × ${ms(pathA)} = ${ms(1.5 * pathA)} ms → **${at1k.latency.p99 <= 1.5 * pathA ? 'met' : `not met (${ratio(at1k.latency.p99, pathA)} of the floor path)`}**.`
      : 'Target at 1000/s: not measured in this run (1000 not among --rates).',
    '',
    renderStages(main.rows),
    '',
    ...main.rows.map(missingNote).filter(Boolean),
    ...main.rows
      .filter((r) => r.incomplete > 0)
      .map((r) => `${r.label}: incomplete by missing elements: ${[...incompleteReasons(r.phase.tracks)].map(([k, n]) => `${k} ${n}`).join(', ')}.`),
    ...main.rows.filter((r) => r.phase.deadLetters.length > 0).map((r) => `${r.label}: ${r.phase.deadLetters.length} dead letters, e.g. ${r.phase.deadLetters[0].error}.`),
    ...main.rows.filter((r) => r.crashed.length > 0).map((r) => `${r.label}: **processes exited during the run**: ${r.crashed.join(', ')}.`),
    '',
    `Seeding (crm-changes + 3 pre-load signals per account, until every group's lag was 0): ${renderSeeds(main.rows)}.`,
    '',
    `**Memory** (peak VmRSS sampled every 250 ms; target: no service above 300 MB): ${overLimit.length === 0 ? 'met' : `**not met**: ${overLimit.map((p) => `${p.name} ${p.peakMb.toFixed(0)} MB`).join(', ')}`}. Whole run:`,
    '',
    rssTable(main.peaks),
    '',
    'Per phase (the measured sending + drain only) and CPU seconds used in it:',
    '',
    renderResources(main.rows, main.peaks),
    '',
    scaling.length ? renderScaling(scaling) : 'Partition scaling: skipped (--scaling-rate 0).',
  ].join('\n');
  if (flags.write !== 'false') writeBenchmarkSection('Pipeline: signal → handoff-created latency', command, body, { commit: source.commit, startedAt });
  console.log(`\n${body}`);
}

function renderScaling(rows: ScalingRow[]): string {
  const cpuOf = (r: PhaseRow, name: string) => (r.cpu.get(name) ?? 0).toFixed(1);
  return [
    `**Partition scaling** at ${rows[0].row.rate}/s for ${scalingSeconds} s: every topic of the run created by this benchmark with 1, then 3 partitions before the services start (their ensureTopics then finds them); two handoff-svc processes in one consumer group (\`<prefix>.handoff-svc\`); one instance of every other service. Each is a fresh stack.`,
    '',
    '| partitions | handoff-svc instances | handoff-created | missing | p50 ms | p99 ms | created /s | CPU s handoff-svc#1 / #2 | CPU s scoring / ownership | handoff-svc group: partitions per member |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      ({ partitions, row: r }) =>
        `| ${partitions} | 2 | ${r.created} | ${r.missing} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${r.throughput.toFixed(0)} | ${cpuOf(r, 'handoff-svc#1')} / ${cpuOf(r, 'handoff-svc#2')} | ${cpuOf(r, 'scoring-svc')} / ${cpuOf(r, 'ownership-svc')} | ${r.handoffAssignment.map((a, i) => `${String.fromCharCode(65 + i)}: ${a}`).join('; ')} |`,
    ),
    '',
    'handoff-svc reads several topics (the last column), so even with one partition per topic the two instances can split the topics between them: "1 partition" is not "one instance does all the work" (the CPU column shows how the work split). The ratio to look at is created/s between the rows; when both rows are at the same created/s the bottleneck is elsewhere (a single scoring-svc or ownership-svc, or the machine\'s CPU: compare the load average).',
    '',
    `How the services use partitions: topics a service creates get \`KAFKA_PARTITIONS\` partitions (default 3; this benchmark pre-creates them and also passes \`KAFKA_PARTITIONS\`); each consumer takes up to ${consumerBatchSize ?? 100} messages of one partition per transaction (\`eachBatch\`, \`KAFKA_CONSUMER_BATCH_SIZE\`) and handles \`KAFKA_CONSUMER_CONCURRENCY\` partitions at the same time (default 1; 3 measured no faster: 55 vs 64 created/s at 100/s when handoff-svc serialised on each owner's queue lock, and 672 and 588 vs 585–603 created/s at 1000/s on 2026-11-26, within the spread between runs, because the machine's CPU is the limit), so more partitions help when there are more instances — here only handoff-svc has two, while scoring-svc and ownership-svc, which sit before it on the path, stay single.`,
  ].join('\n');
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
