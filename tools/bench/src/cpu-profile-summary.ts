/**
 * Where a process spent its CPU: the top functions by self time and the top code locations (our
 * files, or the npm package) from a V8 `.cpuprofile` written by a `--cpu-prof` run.
 * Usage: npx tsx tools/bench/src/cpu-profile-summary.ts tmp/bench/<run>/cpu-prof/handoff-svc [--top 25]
 *        (a process's profile directory, whose largest file is the main thread, or one .cpuprofile file)
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
}

/** node_modules/<pkg> (or @scope/pkg), else the path from apps/ or libs/, else the URL. */
function location(url: string): string {
  if (!url) return '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ours = /((?:apps|libs|tools)\/.*)$/.exec(url);
  return ours ? ours[1] : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(profile: Profile, top = 25): string {
  const totalHits = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = totalHits > 0 ? totalMs / totalHits : 0;
  const byFunction = new Map<string, number>();
  const byLocation = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
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
    `profiled ${(totalMs / 1000).toFixed(1)} s wall, ${((busy * msPerHit) / 1000).toFixed(1)} s on CPU (the rest idle)`,
    `self time by location (our files, or the npm package):`,
    rows(byLocation),
    `self time by function:`,
    rows(byFunction),
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx tools/bench/src/cpu-profile-summary.ts <file.cpuprofile> [--top 25]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) || 25 : 25;
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
  console.log(`${path}\n${summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as Profile, top)}`);
}
