/**
 * What the system costs when nothing happens: every service in its own process over real Kafka and
 * PostgreSQL (process-stack.ts), left alone for `--seconds` after `--settle`, and the CPU each process
 * (and the Kafka broker, found by its command line) used in that window. `--before <dir>` measures a
 * second stack from another checkout (its own node_modules) right after, for a before/after in one run.
 *
 * Usage: npx tsx tools/bench/src/idle.bench.ts [--seconds 60] [--before /tmp/before] [--snapshot HEAD]
 */
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { numberFlag, parseFlags, STACK_FLAGS } from './args';
import { cpuDelta, newRunId, prepareSource, readCpuSeconds, sleep, startProcessStack, type SourceTree } from '@handoff-graph/harness';
import { loadLine, writeBenchmarkSection } from './report';

const flags = parseFlags(
  {
    seconds: { default: '60', help: 'length of the measured idle window' },
    settle: { default: '10', help: 'seconds to wait after the stack is ready before measuring' },
    before: { default: '', help: 'also measure a stack from this checkout (with its own node_modules), after the first' },
    ...STACK_FLAGS,
  },
  process.argv.slice(2),
  'npx tsx tools/bench/src/idle.bench.ts [flags]',
);
const seconds = numberFlag(flags.seconds, 'seconds');
const settle = numberFlag(flags.settle, 'settle');

/** The broker's pid when it runs on this machine (tools/kafka/start.sh), else undefined. */
function brokerPid(): number | undefined {
  try {
    const pid = Number(execSync('pgrep -f kafka.Kafka', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n')[0]);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function measure(run: string, source: SourceTree): Promise<Map<string, number>> {
  const stack = await startProcessStack({ run, source, logLevel: flags['log-level'] as 'warn', keep: flags.keep === 'true', cpuProf: flags['cpu-prof'] === 'true' });
  try {
    console.log(`[${run}] ${source.label}: ${stack.processes.length} processes ready; idle for ${settle} + ${seconds} s`);
    await sleep(settle * 1000);
    const broker = brokerPid();
    const before = stack.cpuSeconds();
    const brokerBefore = broker ? readCpuSeconds(broker) : 0;
    await sleep(seconds * 1000);
    const used = cpuDelta(before, stack.cpuSeconds());
    if (broker) used.set('Kafka broker (shared)', readCpuSeconds(broker) - brokerBefore);
    return used;
  } finally {
    await stack.stop();
  }
}

void (async () => {
  const loadAtStart = loadavg()[0];
  const startedAt = new Date();
  const run = newRunId('idle');
  const source = prepareSource(run, { snapshot: flags.snapshot || undefined, source: flags.source || undefined });
  const rows: { label: string; used: Map<string, number> }[] = [{ label: source.label, used: await measure(run, source) }];
  if (flags.before) rows.push({ label: `directory ${flags.before}`, used: await measure(`${run}-before`, prepareSource(`${run}-before`, { source: flags.before })) });
  const names = [...rows[0].used.keys()];
  const cell = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(2)} (${((100 * v) / seconds).toFixed(1)}%)`);
  const body = [
    `Every service and the gateway in its own process (NODE_ENV=production, LOG_LEVEL=${flags['log-level']}), connected to Kafka and PostgreSQL, no traffic; measured for ${seconds} s after ${settle} s of settling. CPU seconds used in the window (user + system) and, in brackets, the share of one core. ${loadLine(loadAtStart, loadavg()[0])}`,
    '',
    `| process | ${rows.map((r) => r.label).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
    ...names.map((n) => `| ${n} | ${rows.map((r) => cell(r.used.get(n))).join(' | ')} |`),
    `| all four services | ${rows.map((r) => cell([...r.used].filter(([k]) => k.endsWith('-svc')).reduce((s, [, v]) => s + v, 0))).join(' | ')} |`,
  ].join('\n');
  const command = `npx tsx tools/bench/src/idle.bench.ts${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  if (flags.write !== 'false') writeBenchmarkSection('Idle: what the system costs with no traffic', command, body, { commit: source.commit, startedAt });
  console.log(`\n${body}`);
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
