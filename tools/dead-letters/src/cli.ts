/**
 * npm run dead-letters -- list   [filters] [--json]
 * npm run dead-letters -- replay [filters] (--group <g> | --event-id <id> | --all) [--dry-run]
 *
 * Filters: --group <consumer group, e.g. scoring-svc>  --error-kind validation|processing
 *          --event-id <uuid> (repeatable)  --since <ISO date-time>
 * Env: KAFKA_BROKERS (required), KAFKA_TOPIC_PREFIX (the deployment's, if any).
 */
import { REPLAYED_FROM_HEADER, formatLetters, loadDeadLetters, replayDeadLetters, selectLetters, type KafkaTarget, type LetterFilter } from './dead-letters';

const USAGE = `usage:
  npm run dead-letters -- list   [--group <g>] [--error-kind validation|processing] [--event-id <id>]... [--since <ISO>] [--json]
  npm run dead-letters -- replay [same filters] (--group <g> | --event-id <id> | --all) [--dry-run]
env: KAFKA_BROKERS (required), KAFKA_TOPIC_PREFIX (optional)`;

export interface CliArgs {
  command: 'list' | 'replay';
  filter: LetterFilter;
  json: boolean;
  dryRun: boolean;
  all: boolean;
}

/** Parses argv (after the script name); throws with a message naming the bad argument. */
export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'list' && command !== 'replay') throw new Error(`the first argument must be list or replay (got ${command ?? 'nothing'})`);
  const args: CliArgs = { command, filter: {}, json: false, dryRun: false, all: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--group':
        args.filter.group = value();
        break;
      case '--error-kind': {
        const kind = value();
        if (kind !== 'validation' && kind !== 'processing') throw new Error(`--error-kind must be validation or processing (got ${kind})`);
        args.filter.errorKind = kind;
        break;
      }
      case '--event-id':
        args.filter.eventIds = [...(args.filter.eventIds ?? []), value()];
        break;
      case '--since': {
        const raw = value();
        const since = new Date(raw);
        if (Number.isNaN(since.getTime())) throw new Error(`--since must be an ISO date-time (got ${raw})`);
        args.filter.since = since;
        break;
      }
      case '--json':
        args.json = true;
        break;
      case '--dry-run':
        args.dryRun = true;
        break;
      case '--all':
        args.all = true;
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  if (args.command === 'replay' && !args.all && !args.filter.group && !args.filter.eventIds?.length) {
    throw new Error('replay needs --group, --event-id or --all (so a whole topic is never replayed by accident)');
  }
  return args;
}

export function kafkaTargetFromEnv(env: NodeJS.ProcessEnv): KafkaTarget {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set. Dead letters live on the Kafka dead-letter topic; the embedded `npm start` keeps its in-process bus in memory (each dead letter is logged there as "dead-lettered a message").',
    );
  }
  return { brokers, prefix: env.KAFKA_TOPIC_PREFIX ?? '' };
}

async function main(): Promise<void> {
  let args: CliArgs;
  let target: KafkaTarget;
  try {
    args = parseArgs(process.argv.slice(2));
    target = kafkaTargetFromEnv(process.env);
  } catch (e) {
    console.error(`dead-letters: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { entries, unreadable } = await loadDeadLetters(target);
  const selected = selectLetters(entries, args.filter);
  if (args.command === 'list') {
    if (args.json) console.log(JSON.stringify(selected, null, 2));
    else console.log(formatLetters(selected));
    for (const u of unreadable) console.error(`not a dead letter at ${u.partition}:${u.offset}: ${u.problem}`);
    return;
  }
  const published = await replayDeadLetters(target, selected, { dryRun: args.dryRun });
  const verb = args.dryRun ? 'would replay' : 'replayed';
  console.log(`${verb} ${published.length} message(s) from ${selected.length} letter(s)`);
  for (const m of published) console.log(`  ${m.topic} key ${m.key} (letter ${m.headers?.[REPLAYED_FROM_HEADER]})`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`dead-letters failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
