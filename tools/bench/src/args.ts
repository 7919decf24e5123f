/**
 * The benchmarks' command-line flags: `--name value` or `--name=value`, `--flag` alone for booleans.
 * Unknown flags are refused, so a typo never silently runs the default size.
 */
export interface FlagSpec {
  /** Default value shown in --help; numbers and lists are parsed from the string. */
  [name: string]: { default: string; help: string };
}

export type Flags<S extends FlagSpec> = { [K in keyof S]: string };

export function parseFlags<S extends FlagSpec>(spec: S, argv: string[] = process.argv.slice(2), usage = ''): Flags<S> {
  const values: Record<string, string> = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v.default]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(`${usage}\n\nFlags:\n${Object.entries(spec).map(([k, v]) => `  --${k} (default ${v.default || '—'}): ${v.help}`).join('\n')}`);
      process.exit(0);
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1] in spec)) {
      console.error(`unknown argument ${arg}; --help lists the flags`);
      process.exit(2);
    }
    const name = m[1];
    if (m[2] !== undefined) values[name] = m[2];
    else if (spec[name].default === 'false' || spec[name].default === 'true') values[name] = 'true';
    else if (i + 1 < argv.length) values[name] = argv[++i];
    else {
      console.error(`--${name} needs a value`);
      process.exit(2);
    }
  }
  return values as Flags<S>;
}

export function numberFlag(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number (got ${value})`);
    process.exit(2);
  }
  return n;
}

export function numberListFlag(value: string, name: string): number[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => numberFlag(v, name));
}

/** Flags every benchmark that starts the process stack takes. */
export const STACK_FLAGS = {
  snapshot: { default: '', help: 'run the services from this commit (git archive into tmp/bench/<run>/source), e.g. HEAD; default: the working tree' },
  source: { default: '', help: 'run the services from this checkout directory instead of the working tree' },
  'log-level': { default: 'warn', help: 'LOG_LEVEL of the services and the gateway' },
  keep: { default: 'false', help: "keep the run's schemas, topics and consumer groups (to inspect them)" },
  'cpu-prof': { default: 'false', help: 'run every process with --cpu-prof (profiles in tmp/bench/<run>/cpu-prof/)' },
  write: { default: 'true', help: 'write the section to BENCHMARKS.md (--write=false for a profiling or trial run)' },
};
