/**
 * Benchmarks write their results into BENCHMARKS.md, one section per benchmark (replaced on each
 * run), stamped with the machine, the date and the commit.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', '..', 'BENCHMARKS.md');
const HEADER = `# Benchmarks

Each section is written by its benchmark in \`tools/bench\` (the command is in the section) and
replaced when it runs again. Numbers are from this project's 2-core machine; compare ratios measured
in the same run, not absolute numbers across machines.
`;

/** When the measured code is not this checkout's HEAD (a `--snapshot`), and when the run started. */
export interface RunStamp {
  /** The commit the services ran from (default: this checkout's HEAD). */
  commit?: string;
  startedAt?: Date;
}

const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function machineLine(stamp: RunStamp = {}): string {
  const commit =
    stamp.commit ??
    (() => {
      try {
        return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      } catch {
        return 'unknown';
      }
    })();
  const cpu = cpus();
  const date = stamp.startedAt ? `run ${utcMinute(stamp.startedAt)} to ${utcMinute(new Date())}` : `date ${utcMinute(new Date())}`;
  return `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${date}; commit ${commit}.`;
}

/** Replaces (or appends) the section `## <title>` of BENCHMARKS.md with `body`. */
export function writeBenchmarkSection(title: string, command: string, body: string, stamp: RunStamp = {}): void {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const start = `<!-- bench:${title} -->`;
  const end = `<!-- /bench:${title} -->`;
  const section = `${start}\n## ${title}\n\n\`${command}\`\n\n${machineLine(stamp)}\n\n${body.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next = i >= 0 && j > i ? text.slice(0, i) + section + text.slice(j + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, next);
}

/** p-th percentile (0–100) of already sorted numbers, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50/p95/p99/max of unsorted milliseconds. */
export function summarize(ms: number[]): LatencySummary {
  const sorted = [...ms].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Milliseconds for a table cell: one decimal below 100 ms, whole numbers above. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v < 100 ? v.toFixed(1) : v.toFixed(0);
}

/** How busy the machine was: the 1-minute load average at the start and end of a run, against the core count. */
export function loadLine(atStart: number, atEnd: number): string {
  return `Load average (1 min) ${atStart.toFixed(1)} at the start, ${atEnd.toFixed(1)} at the end, on ${cpus().length} cores (anything above the core count means other work competed for the CPU and inflated these numbers).`;
}
