/**
 * Where a process spent its CPU: the top functions by self time and the top code locations (our
 * files, or the npm package) from a V8 `.cpuprofile` written by a `--cpu-prof` run.
 * Usage: npx tsx tools/bench/src/cpu-profile-summary.ts tmp/bench/<run>/cpu-prof/handoff-svc [--top 25] [--from S] [--to S]
 *        (a process's profile directory, whose largest file is the main thread, or one .cpuprofile file;
 *        --from/--to: only the samples between these seconds after the profile started, e.g. the
 *        measured phase without the seeding before it — the printed timeline shows where it is)
 *
 * "On CPU" is the time the thread was not idle in V8's samples: a thread that the kernel took the
 * core from (a busy machine) inside a native call, e.g. a socket `writev` that woke its peer, is
 * counted in that call. Compare with the process's CPU seconds (the benchmarks' CPU columns).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Each sample's node id and when it was taken, in seconds after the profile started. */
function sampleTimes(profile: Profile): { id: number; s: number }[] {
  let t = 0;
  return (profile.samples ?? []).map((id, i) => {
    t += profile.timeDeltas?.[i] ?? 0;
    return { id, s: t / 1e6 };
  });
}

/** Hits per node id of the samples taken between `fromS` and `toS` seconds after the profile started. */
function hitsInWindow(profile: Profile, fromS: number, toS: number): Map<number, number> {
  const hits = new Map<number, number>();
  for (const { id, s } of sampleTimes(profile)) if (s >= fromS && s < toS) hits.set(id, (hits.get(id) ?? 0) + 1);
  return hits;
}

/** Share of non-idle samples per `stepS` seconds: where the busy phases of a run are. */
export function busyTimeline(profile: Profile, stepS = 10): string {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const buckets: { busy: number; all: number }[] = [];
  for (const { id, s } of sampleTimes(profile)) {
    const b = (buckets[Math.floor(s / stepS)] ??= { busy: 0, all: 0 });
    b.all += 1;
    if (!idle.has(id)) b.busy += 1;
  }
  return buckets.map((b, i) => `${i * stepS}s:${b ? Math.round((100 * b.busy) / Math.max(1, b.all)) : 0}%`).join(' ');
}

/** node_modules/<pkg> (or @scope/pkg), else the path from apps/ or libs/, else the URL. */
function location(url: string): string {
  if (!url) return '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ours = /((?:apps|libs|tools)\/.*)$/.exec(url);
  return ours ? ours[1] : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(profile: Profile, top = 25, window?: { fromS: number; toS: number }): string {
  const inWindow = window ? hitsInWindow(profile, window.fromS, window.toS) : undefined;
  const hitsOf = (n: ProfileNode) => (inWindow ? (inWindow.get(n.id) ?? 0) : (n.hitCount ?? 0));
  const totalHits = profile.nodes.reduce((s, n) => s + hitsOf(n), 0);
  const profiledS = (profile.endTime - profile.startTime) / 1e6;
  const totalMs = window ? (Math.min(window.toS, profiledS) - Math.max(0, window.fromS)) * 1000 : profiledS * 1000;
  const msPerHit = totalHits > 0 ? totalMs / totalHits : 0;
  const byFunction = new Map<string, number>();
  const byLocation = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = hitsOf(n);
    if (!hits || n.callFrame.functionName === '(idle)') continue;
    const name = n.callFrame.functionName || '(anonymous)';
    const where = location(n.callFrame.url);
    const fn = `${name} — ${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    byLocation.set(where, (byLocation.get(where) ?? 0) + hits);
  }
  const busy = [...byLocation.values()].reduce((s, v) => s + v, 0);
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${((v * msPerHit) / 1000).toFixed(2).padStart(8)} s  ${((100 * v) / Math.max(1, busy)).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return [
    `profiled ${(totalMs / 1000).toFixed(1)} s wall${window ? ` (${window.fromS}–${Math.min(window.toS, profiledS).toFixed(0)} s of ${profiledS.toFixed(0)} s)` : ''}, ${((busy * msPerHit) / 1000).toFixed(1)} s on CPU (the rest idle)`,
    `not idle per 10 s: ${busyTimeline(profile)}`,
    `self time by location (our files, or the npm package):`,
    rows(byLocation),
    `self time by function:`,
    rows(byFunction),
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx tools/bench/src/cpu-profile-summary.ts <file.cpuprofile | profile directory> [--top 25] [--from S] [--to S]');
    process.exit(2);
  }
  const flag = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const value = Number(process.argv[i + 1]);
    if (!Number.isFinite(value) || value < 0) {
      console.error(`--${name} takes a number ≥ 0, got ${process.argv[i + 1]}`);
      process.exit(2);
    }
    return value;
  };
  const top = flag('top') || 25;
  const fromS = flag('from');
  const toS = flag('to');
  const window = fromS !== undefined || toS !== undefined ? { fromS: fromS ?? 0, toS: toS ?? Infinity } : undefined;
  // A directory (one per process): its largest profile is the main thread's (the other is tsx's loader thread).
  const path = statSync(file).isDirectory()
    ? readdirSync(file)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(file, f))
        .sort((a, b) => statSync(b).size - statSync(a).size)[0]
    : file;
  if (!path) {
    console.error(`no .cpuprofile in ${file}`);
    process.exit(2);
  }
  console.log(`${path}\n${summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as Profile, top, window)}`);
}
