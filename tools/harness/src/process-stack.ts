/**
 * The whole system as separate processes for one benchmark run: the four services and the gateway,
 * each `node --import tsx apps/<svc>/src/main.ts` (tsx's loader in the service's own Node process, so
 * the pid we watch is the service itself: no npx or tsx-cli parent in between).
 *
 * One run = one Kafka topic prefix (`bench-<run>`, topics `bench-<run>.signals` …, groups
 * `bench-<run>.scoring-svc` …) and one PostgreSQL schema per service (`bench_<run>_scoring` …), so
 * runs never see each other or the tests' data. Every process's stdout/stderr goes to
 * tmp/bench/<run>/<name>.{stdout,stderr}.log; VmRSS of each process (and of its process tree: tsx
 * keeps an esbuild helper beside it) is sampled every 250 ms and the peak kept. `stop()` sends SIGTERM
 * (the services drain), SIGKILL after 10 s, then drops the run's schemas, topics and consumer groups.
 *
 * `source`: the services run from a directory holding a checkout of this repo (default: this working
 * tree). `prepareSource({ snapshot: 'HEAD' })` extracts a committed tree with `git archive` under
 * tmp/bench/<run>/source, so a benchmark can run the last commit while the working tree is being edited,
 * or compare two commits.
 */
import { signHs256Token, type Identity } from '@handoff-graph/auth';
import { ALL_TOPICS } from '@handoff-graph/contracts';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/**
 * V8's old-space cap for each service process. A service's live heap after a full GC is 40–46 MB; uncapped,
 * V8 let it grow to 300 MB RSS under a 1,000 signals/s backlog before collecting. Capped at 160 MB the same
 * run peaked at 184 MB RSS (handoff-svc) with more handoffs per second (57 vs 47–49; pipeline benchmark, 2026-11-26).
 */
export const SERVICE_HEAP_CAP = '--max-old-space-size=160';
export const JWT_ISSUER = 'handoff-graph';
export const JWT_AUDIENCE = 'handoff-graph-api';

export type SubgraphName = 'scoring' | 'ownership' | 'handoff' | 'feedback';

/** The four services: process name, subgraph name in the supergraph, schema suffix. */
export const SERVICES: { name: string; subgraph: SubgraphName; main: string }[] = [
  { name: 'scoring-svc', subgraph: 'scoring', main: 'apps/scoring-svc/src/main.ts' },
  { name: 'ownership-svc', subgraph: 'ownership', main: 'apps/ownership-svc/src/main.ts' },
  { name: 'handoff-svc', subgraph: 'handoff', main: 'apps/handoff-svc/src/main.ts' },
  { name: 'feedback-svc', subgraph: 'feedback', main: 'apps/feedback-svc/src/main.ts' },
];

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;
const RSS_EVERY_MS = 250;

/** A unique run id: `<kind>-<MMDDHHmm>-<4 hex>` (lower-case, usable in topic and schema names). */
export function newRunId(kind: string): string {
  const d = new Date().toISOString();
  return `${kind}-${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}-${randomBytes(2).toString('hex')}`;
}

export function runDir(run: string): string {
  const dir = join(REPO_ROOT, 'tmp', 'bench', run);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface SourceTree {
  /** Where the services' code is run from. */
  root: string;
  /** For the report: "working tree" or "snapshot of HEAD (abc1234)". */
  label: string;
  /** The commit a snapshot was taken from (unset: the working tree or another directory). */
  commit?: string;
}

/**
 * The code the services run: this working tree, another directory (`source`), or a commit
 * (`snapshot`, e.g. HEAD) extracted read-only from git into tmp/bench/<run>/source with this repo's
 * node_modules linked in (tsx resolves the @handoff-graph/* paths from the snapshot's own tsconfig).
 */
export function prepareSource(run: string, options: { snapshot?: string; source?: string }): SourceTree {
  if (options.source) return { root: options.source, label: `directory ${options.source}` };
  if (!options.snapshot) return { root: REPO_ROOT, label: 'working tree' };
  const sha = execSync(`git rev-parse --short ${JSON.stringify(options.snapshot)}`, { cwd: REPO_ROOT }).toString().trim();
  const root = join(runDir(run), 'source');
  if (!existsSync(join(root, 'package.json'))) {
    mkdirSync(root, { recursive: true });
    execSync(`git archive --format=tar ${sha} | tar -x -C ${JSON.stringify(root)}`, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  }
  return { root, label: `snapshot of ${options.snapshot} (${sha})`, commit: sha };
}

export interface StackOptions {
  run: string;
  source: SourceTree;
  /** handoff-svc instances in one consumer group (default 1). The second and later start after the first is ready. */
  handoffInstances?: number;
  /**
   * Pre-create every topic of the run with this many partitions before the services start (their
   * `ensureTopics` then finds them). Unset: the services create them with the bus default (3).
   */
  partitions?: number;
  /** KAFKA_CONSUMER_BATCH_SIZE of every service (events per consumer transaction). Unset: the services' default (100). */
  consumerBatchSize?: number;
  /** LOG_LEVEL of every process (default warn: per-event info lines would cost I/O at 5k/s). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** NODE_ENV of every process (default production, as deployed). */
  nodeEnv?: 'production' | 'development';
  /** Keep schemas, topics and groups after stop (to inspect a run). */
  keep?: boolean;
  /** Run every process with `--cpu-prof`: V8 CPU profiles land in tmp/bench/<run>/cpu-prof/<name>/ when it exits (the largest file is the main thread). */
  cpuProf?: boolean;
}

export interface RssPeak {
  name: string;
  pid: number;
  /** Peak VmRSS of the process itself, MB (2^20 bytes). */
  peakMb: number;
  /** Peak VmRSS summed over the process and its descendants (tsx's esbuild helper), MB. */
  peakTreeMb: number;
  /** Last sample, MB. */
  lastMb: number;
}

export interface ManagedProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  stderrFile: string;
  exited: boolean;
  exitCode: number | null;
  signal: string | null;
  peak: RssPeak;
  /** Peak since the last `resetPhasePeaks()`. */
  phasePeak: RssPeak;
  /** The same command, port and environment again (after a kill). */
  respawn(): ManagedProcess;
}

export interface ProcessStack {
  run: string;
  prefix: string;
  dir: string;
  source: SourceTree;
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** `Bearer <jwt>` of an OPS identity the gateway accepts. */
  opsAuthorization: string;
  opsIdentity: Identity;
  /** The secret the gateway signs identities with (for calling subgraphs directly). */
  gatewaySecret: string;
  schemas: string[];
  processes: ManagedProcess[];
  partitions: number | undefined;
  /** Topic name of the run (`<prefix>.<topic>`). */
  topic(name: string): string;
  resetPhasePeaks(): void;
  /** Peak RSS per process over the whole run (or since the last reset with `phase`). */
  peaks(phase?: boolean): RssPeak[];
  /** CPU seconds (user + system) each process has used so far, by name. */
  cpuSeconds(): Map<string, number>;
  /** Processes that exited while they should be running (a crash during the run, or one `kill`ed and not restarted yet). */
  crashed(): ManagedProcess[];
  /** Fault injection: sends `signal` (default SIGKILL: no drain, no goodbye) and resolves once the process is gone, with how it ended. */
  kill(name: string, signal?: NodeJS.Signals): Promise<{ exitCode: number | null; signal: string | null }>;
  /** Starts a process that was killed again, same port and environment; resolves once its /ready answers 200. */
  restart(name: string): Promise<ManagedProcess>;
  stop(): Promise<StopReport>;
}

export interface StopReport {
  /** Per process: how it ended (`exit 0` after SIGTERM, or `SIGKILL after 10 s`). */
  endings: { name: string; ending: string }[];
  cleanup: string[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readRssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
/** User + system CPU seconds a process has used so far (0 when it is gone). */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds each process used between two `cpuSeconds()` readings. */
export function cpuDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, s]) => [name, s - (before.get(name) ?? 0)]));
}

/** Every descendant pid: /proc/<pid>/task/<tid>/children lists the children each thread started (tsx starts esbuild from its loader thread). */
function descendants(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        children.push(...readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
      } catch {
        // the thread ended
      }
    }
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

function emptyPeak(name: string, pid: number): RssPeak {
  return { name, pid, peakMb: 0, peakTreeMb: 0, lastMb: 0 };
}

function spawnManaged(
  name: string,
  root: string,
  main: string,
  port: number,
  env: Record<string, string>,
  dir: string,
  cpuProf = false,
): ManagedProcess {
  const stderrFile = join(dir, `${name}.stderr.log`);
  const out = openSync(join(dir, `${name}.stdout.log`), 'a');
  const err = openSync(stderrFile, 'a');
  // One directory per process: Node writes one profile per thread (the main thread, and tsx's loader thread).
  const profile = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', join(dir, 'cpu-prof', name.replace('#', '-'))] : [];
  // Node flags for the service processes only (not this one): SERVICE_NODE_OPTIONS, by default the
  // heap cap README.md recommends for a deployed service (an empty value runs them uncapped).
  const nodeOptions = { NODE_OPTIONS: process.env.SERVICE_NODE_OPTIONS ?? SERVICE_HEAP_CAP };
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, main)], {
    cwd: root,
    env: { ...process.env, ...env, ...nodeOptions },
    // The IPC channel ends when this process does, however it ends: the service then drains and
    // exits (stopOnSignals), so a harness killed hard leaves no services behind.
    stdio: ['ignore', out, err, 'ipc'],
  });
  // The channel alone does not keep this process alive.
  child.channel?.unref();
  closeSync(out);
  closeSync(err);
  const managed: ManagedProcess = {
    name,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    child,
    stderrFile,
    exited: false,
    exitCode: null,
    signal: null,
    peak: emptyPeak(name, child.pid ?? 0),
    phasePeak: emptyPeak(name, child.pid ?? 0),
    respawn: () => {
      const again = spawnManaged(name, root, main, port, env, dir, cpuProf);
      // The peaks span the process's lives: a restart does not forget how large it grew before.
      again.peak = { ...managed.peak, pid: again.child.pid ?? 0 };
      again.phasePeak = { ...managed.phasePeak, pid: again.child.pid ?? 0 };
      return again;
    },
  };
  child.on('exit', (code, signal) => {
    managed.exited = true;
    managed.exitCode = code;
    managed.signal = signal;
  });
  return managed;
}

async function waitReady(p: ManagedProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (p.exited) {
      throw new Error(`${p.name} exited (code ${p.exitCode}, signal ${p.signal}) before it was ready; its stderr (${p.stderrFile}) ends:\n${tail(p.stderrFile)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${p.port}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${await res.text()}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(300);
  }
  throw new Error(`${p.name} was not ready within ${READY_TIMEOUT_MS / 1000} s (last /ready: ${last}); stderr ends:\n${tail(p.stderrFile)}`);
}

async function stopProcess(p: ManagedProcess): Promise<string> {
  if (p.exited) return `had already exited (code ${p.exitCode}, signal ${p.signal})`;
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (inTime) return `exit ${p.exitCode ?? p.signal} after SIGTERM`;
  p.child.kill('SIGKILL');
  await exited;
  return `SIGKILL after ${STOP_GRACE_MS / 1000} s (did not drain)`;
}

export async function startProcessStack(options: StackOptions): Promise<ProcessStack> {
  const { run, source } = options;
  const dir = runDir(run);
  const prefix = `bench-${run}`;
  const schemaBase = `bench_${run.replace(/[^a-z0-9]/g, '_')}`;
  const gatewaySecret = randomBytes(24).toString('hex');
  const jwtSecret = randomBytes(32).toString('hex');
  const logLevelEnv = options.logLevel ?? 'warn';
  const nodeEnv = options.nodeEnv ?? 'production';
  const handoffInstances = Math.max(1, options.handoffInstances ?? 1);
  const processes: ManagedProcess[] = [];
  const schemas = SERVICES.map((s) => `${schemaBase}_${s.subgraph}`);

  const kafka = new Kafka({ clientId: `bench-${run}-admin`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  if (options.partitions) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: ALL_TOPICS.map((t) => ({ topic: `${prefix}.${t}`, numPartitions: options.partitions!, replicationFactor: 1 })),
    });
    await admin.disconnect();
  }

  const killAll = () => {
    for (const p of processes) if (!p.exited) p.child.kill('SIGKILL');
  };
  process.on('exit', killAll);

  const sampler = setInterval(() => {
    for (const p of processes) {
      if (p.exited || !p.child.pid) continue;
      const own = readRssKb(p.child.pid) / 1024;
      const tree = own + descendants(p.child.pid).reduce((sum, pid) => sum + readRssKb(pid), 0) / 1024;
      for (const peak of [p.peak, p.phasePeak]) {
        peak.lastMb = own;
        peak.peakMb = Math.max(peak.peakMb, own);
        peak.peakTreeMb = Math.max(peak.peakTreeMb, tree);
      }
    }
  }, RSS_EVERY_MS);
  sampler.unref();

  const serviceEnv = (schema: string, port: number): Record<string, string> => ({
    NODE_ENV: nodeEnv,
    LOG_LEVEL: logLevelEnv,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    ...(options.partitions ? { KAFKA_PARTITIONS: String(options.partitions) } : {}),
    ...(options.consumerBatchSize ? { KAFKA_CONSUMER_BATCH_SIZE: String(options.consumerBatchSize) } : {}),
    PORT: String(port),
    GATEWAY_SHARED_SECRET: gatewaySecret,
  });

  const stop = async (): Promise<StopReport> => {
    clearInterval(sampler);
    const endings: { name: string; ending: string }[] = [];
    const gateway = processes.filter((p) => p.name === 'gateway');
    for (const p of gateway) endings.push({ name: p.name, ending: await stopProcess(p) });
    const rest = processes.filter((p) => p.name !== 'gateway');
    const restEndings = await Promise.all(rest.map(async (p) => ({ name: p.name, ending: await stopProcess(p) })));
    endings.push(...restEndings);
    process.off('exit', killAll);
    process.off('SIGINT', onInterrupt);
    const cleanup: string[] = [];
    if (!options.keep) cleanup.push(...(await cleanupRun(prefix, schemas)));
    else cleanup.push(`kept schemas ${schemas.join(', ')} and topics ${prefix}.*`);
    return { endings, cleanup };
  };

  // Ctrl-C: stop the children gracefully (and clean up) before leaving.
  const onInterrupt = () => {
    console.error(`\ninterrupted: stopping run ${run}…`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);

  try {
    const ports = await Promise.all(SERVICES.map(() => freePort()));
    SERVICES.forEach((s, i) => {
      const name = s.name === 'handoff-svc' && handoffInstances > 1 ? 'handoff-svc#1' : s.name;
      processes.push(spawnManaged(name, source.root, s.main, ports[i], serviceEnv(schemas[i], ports[i]), dir, options.cpuProf));
    });
    await Promise.all(processes.map(waitReady));
    const handoffIndex = SERVICES.findIndex((s) => s.name === 'handoff-svc');
    for (let n = 2; n <= handoffInstances; n++) {
      const port = await freePort();
      const extra = spawnManaged(`handoff-svc#${n}`, source.root, SERVICES[handoffIndex].main, port, serviceEnv(schemas[handoffIndex], port), dir, options.cpuProf);
      processes.push(extra);
      await waitReady(extra);
    }
    const subgraphUrls = Object.fromEntries(SERVICES.map((s, i) => [s.subgraph, processes[i].url])) as Record<SubgraphName, string>;
    const gatewayPort = await freePort();
    const gateway = spawnManaged(
      'gateway',
      source.root,
      'apps/gateway/src/main.ts',
      gatewayPort,
      {
        NODE_ENV: nodeEnv,
        LOG_LEVEL: logLevelEnv,
        PORT: String(gatewayPort),
        SCORING_SVC_URL: subgraphUrls.scoring,
        OWNERSHIP_SVC_URL: subgraphUrls.ownership,
        HANDOFF_SVC_URL: subgraphUrls.handoff,
        FEEDBACK_SVC_URL: subgraphUrls.feedback,
        JWT_SECRET: jwtSecret,
        JWT_ISSUER,
        JWT_AUDIENCE,
        GATEWAY_SHARED_SECRET: gatewaySecret,
      },
      dir,
      options.cpuProf,
    );
    processes.push(gateway);
    await waitReady(gateway);

    const opsIdentity: Identity = { subject: 'bench-ops@example.com', role: 'OPS', repId: null, team: null };
    const token = await signHs256Token(opsIdentity, { secret: jwtSecret, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: '24h' });
    const stack: ProcessStack = {
      run,
      prefix,
      dir,
      source,
      gatewayUrl: gateway.url,
      subgraphUrls,
      opsAuthorization: `Bearer ${token}`,
      opsIdentity,
      gatewaySecret,
      schemas,
      processes,
      partitions: options.partitions,
      topic: (name) => `${prefix}.${name}`,
      resetPhasePeaks: () => {
        for (const p of processes) p.phasePeak = { ...emptyPeak(p.name, p.child.pid ?? 0), lastMb: p.peak.lastMb };
      },
      peaks: (phase = false) => processes.map((p) => ({ ...(phase ? p.phasePeak : p.peak) })),
      cpuSeconds: () => new Map(processes.map((p) => [p.name, p.child.pid && !p.exited ? readCpuSeconds(p.child.pid) : 0])),
      crashed: () => processes.filter((p) => p.exited),
      kill: async (name, signal = 'SIGKILL') => {
        const p = processNamed(processes, name);
        if (!p.exited) {
          const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
          p.child.kill(signal);
          await gone;
        }
        return { exitCode: p.exitCode, signal: p.signal };
      },
      restart: async (name) => {
        const old = processNamed(processes, name);
        if (!old.exited) throw new Error(`restart ${name}: it is still running (kill it first)`);
        const again = old.respawn();
        processes[processes.indexOf(old)] = again;
        await waitReady(again);
        return again;
      },
      stop,
    };
    return stack;
  } catch (e) {
    const report = await stop();
    console.error(`stack of run ${run} failed to start; stopped it: ${report.endings.map((x) => `${x.name} ${x.ending}`).join('; ')}`);
    throw e;
  }
}

function processNamed(processes: ManagedProcess[], name: string): ManagedProcess {
  const p = processes.find((x) => x.name === name);
  if (!p) throw new Error(`no process named ${name} in this stack (${processes.map((x) => x.name).join(', ')})`);
  return p;
}

/** Drops the run's schemas, deletes its topics and consumer groups (`<prefix>.*` and `<prefix>-bench*`). */
export async function cleanupRun(prefix: string, schemas: string[]): Promise<string[]> {
  const done: string[] = [];
  const client = new Client({ connectionString: DATABASE_URL });
  try {
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    done.push(`dropped schemas ${schemas.join(', ')}`);
  } catch (e) {
    done.push(`could not drop schemas: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const admin = new Kafka({ clientId: `${prefix}-cleanup`, brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`) || g.startsWith(`${prefix}-bench`));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    done.push(`deleted ${topics.length} topics and ${groups.length} consumer groups of ${prefix}`);
  } catch (e) {
    done.push(`could not delete topics/groups: ${(e as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return done;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Markdown table of the peaks, with the 300 MB target. */
export function rssTable(peaks: RssPeak[], limitMb = 300): string {
  const rows = peaks.map(
    (p) => `| ${p.name} | ${p.peakMb.toFixed(0)} | ${p.peakTreeMb.toFixed(0)} | ${p.peakMb > limitMb ? `**over ${limitMb} MB**` : 'ok'} |`,
  );
  return ['| process | peak RSS MB | peak RSS incl. children MB | target ≤ 300 MB |', '|---|---|---|---|', ...rows].join('\n');
}
