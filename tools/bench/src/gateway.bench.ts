/**
 * Gateway overhead: the handoff-card query through the gateway vs the same data fetched from the
 * subgraphs directly, p50/p99 at concurrency 1, 16 and 64.
 *
 * "Directly" executes the gateway's own query plan by hand, with the identity header the gateway
 * would sign (libs/auth signIdentityHeaders, one signature per subgraph call as the gateway does):
 *   1. handoff-svc: account(id) { name, handoff { status, primaryContact, nextAction, ownerAssignment { owner { id } backup { id } explanation } } }
 *   2. then in parallel: scoring-svc `_entities` (Account → scoringSnapshot) and ownership-svc
 *      `_entities` (owner and backup Rep → name, email),
 * merged into the same JSON the gateway returns (checked equal for every account before timing).
 * The ratio gateway ÷ direct is what federation costs: token verification, planning, the extra
 * HTTP hop and (de)serialisation.
 *
 * Usage: npx tsx tools/bench/src/gateway.bench.ts [--requests 2000] [--concurrency 1,16,64] [--accounts 50] [--snapshot HEAD]
 */
import { signIdentityHeaders } from '@handoff-graph/auth';
import { isDeepStrictEqual } from 'node:util';
import { loadavg } from 'node:os';
import { numberFlag, numberListFlag, parseFlags, STACK_FLAGS } from './args';
import { postGraphql, runLoad, type LoadResult } from './http-load';
import {
  BenchProducer,
  EventWatcher,
  LagProbe,
  newRunId,
  prepareSource,
  rssTable,
  startProcessStack,
  type ProcessStack,
  makeAccounts,
  runCrossingPhase,
  seedAccounts,
  seedOwnershipMap,
  watchedTopics,
} from '@handoff-graph/harness';
import { loadLine, ms, summarize, writeBenchmarkSection } from './report';

const FULL = { requests: '2000', concurrency: '1,16,64' };

const flags = parseFlags(
  {
    requests: { default: FULL.requests, help: 'requests per path and concurrency level' },
    concurrency: { default: FULL.concurrency, help: 'concurrent workers, one cell each' },
    accounts: { default: '50', help: 'accounts with a handoff to query (round robin)' },
    warmup: { default: '100', help: 'untimed requests per path before each cell' },
    'max-seconds': { default: '120', help: 'time budget of one cell (per path); a cell stops early when it runs out' },
    ...STACK_FLAGS,
  },
  process.argv.slice(2),
  'npx tsx tools/bench/src/gateway.bench.ts [flags]',
);
const requests = numberFlag(flags.requests, 'requests');
const levels = numberListFlag(flags.concurrency, 'concurrency');
const accountCount = Math.max(1, numberFlag(flags.accounts, 'accounts'));
const warmup = numberFlag(flags.warmup, 'warmup');
const maxSeconds = numberFlag(flags['max-seconds'], 'max-seconds');

const CARD = /* GraphQL */ `
  query HandoffCard($id: ID!) {
    account(id: $id) {
      id
      name
      scoringSnapshot { score threshold contributors { label points evidence } trend { delta } }
      handoff {
        id
        status
        primaryContact { name committeeRole engagementEvidence }
        nextAction { primary fallback triggerReason }
        ownerAssignment { owner { id name email } backup { id name } explanation }
      }
    }
  }
`;

const HANDOFF_PART = /* GraphQL */ `
  query CardHandoff($id: ID!) {
    account(id: $id) {
      id
      name
      handoff {
        id
        status
        primaryContact { name committeeRole engagementEvidence }
        nextAction { primary fallback triggerReason }
        ownerAssignment { owner { id } backup { id } explanation }
      }
    }
  }
`;

const SCORING_PART = /* GraphQL */ `
  query CardScoring($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Account { scoringSnapshot { score threshold contributors { label points evidence } trend { delta } } }
    }
  }
`;

const OWNERSHIP_PART = /* GraphQL */ `
  query CardReps($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Rep { id name email }
    }
  }
`;

interface Card {
  account: {
    id: string;
    name: string;
    scoringSnapshot: unknown;
    handoff: {
      id: string;
      status: string;
      primaryContact: unknown;
      nextAction: unknown;
      ownerAssignment: { owner: { id: string; name?: string; email?: string }; backup: { id: string; name?: string }; explanation: string } | null;
    } | null;
  } | null;
}

function viaGateway(stack: ProcessStack, id: string): Promise<Card> {
  return postGraphql<Card>(stack.gatewayUrl, CARD, { id }, { authorization: stack.opsAuthorization });
}

/** The gateway's plan, by hand: handoff-svc first, then scoring-svc and ownership-svc in parallel. */
async function direct(stack: ProcessStack, id: string): Promise<Card> {
  const signed = () => signIdentityHeaders(stack.opsIdentity, stack.gatewaySecret);
  const first = await postGraphql<Card>(stack.subgraphUrls.handoff, HANDOFF_PART, { id }, signed());
  const account = first.account;
  if (!account) return { account: null };
  const oa = account.handoff?.ownerAssignment;
  const [scoring, reps] = await Promise.all([
    postGraphql<{ _entities: { scoringSnapshot: unknown }[] }>(stack.subgraphUrls.scoring, SCORING_PART, { representations: [{ __typename: 'Account', id }] }, signed()),
    oa
      ? postGraphql<{ _entities: { id: string; name: string; email: string }[] }>(
          stack.subgraphUrls.ownership,
          OWNERSHIP_PART,
          { representations: [{ __typename: 'Rep', id: oa.owner.id }, { __typename: 'Rep', id: oa.backup.id }] },
          signed(),
        )
      : Promise.resolve(undefined),
  ]);
  const [owner, backup] = reps?._entities ?? [];
  return {
    account: {
      id: account.id,
      name: account.name,
      scoringSnapshot: scoring._entities[0]?.scoringSnapshot ?? null,
      handoff: account.handoff && {
        ...account.handoff,
        ownerAssignment: oa
          ? { owner: { id: oa.owner.id, name: owner?.name, email: owner?.email }, backup: { id: oa.backup.id, name: backup?.name }, explanation: oa.explanation }
          : null,
      },
    },
  };
}

function checkCard(card: Card): void {
  if (!card.account?.handoff) throw new Error(`no handoff card for ${card.account?.id ?? 'the account'}`);
}

interface Cell {
  concurrency: number;
  gateway: LoadResult;
  direct: LoadResult;
}

function merge(a: LoadResult, b: LoadResult): LoadResult {
  return {
    latencies: [...a.latencies, ...b.latencies],
    errors: a.errors + b.errors,
    firstError: a.firstError ?? b.firstError,
    seconds: a.seconds + b.seconds,
    made: a.made + b.made,
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const startedAt = new Date();
  const run = newRunId('gw');
  const source = prepareSource(run, { snapshot: flags.snapshot || undefined, source: flags.source || undefined });
  console.log(`run ${run}: services from ${source.label}`);
  const stack = await startProcessStack({
    run,
    source,
    logLevel: flags['log-level'] as 'warn',
    keep: flags.keep === 'true',
    cpuProf: flags['cpu-prof'] === 'true',
  });
  const cells: Cell[] = [];
  let ids: string[] = [];
  let identical = 0;
  try {
    const producer = await BenchProducer.connect(`${stack.prefix}-bench-producer`);
    const watcher = await EventWatcher.start(`${stack.prefix}-bench-watch`, watchedTopics(stack));
    const lag = await LagProbe.connect(stack.prefix);
    try {
      await seedOwnershipMap(stack, 1000);
      const accounts = makeAccounts('gw', accountCount);
      await seedAccounts(stack, producer, watcher, lag, accounts);
      const phase = await runCrossingPhase(stack, producer, watcher, lag, accounts, { rate: Math.min(accountCount, 50), until: 'created', drainSeconds: 300 });
      ids = phase.tracks.filter((t) => t.createdAt !== undefined).map((t) => t.account.id);
      if (ids.length === 0) throw new Error('no account got a handoff: nothing to query');
    } finally {
      await Promise.allSettled([producer.close(), watcher.stop(), lag.close()]);
    }
    // Same data both ways, for every account (the gateway's answer is the reference).
    for (const id of ids) {
      const [g, d] = await Promise.all([viaGateway(stack, id), direct(stack, id)]);
      if (isDeepStrictEqual(g, d)) identical++;
      else if (identical === 0) console.warn(`  the direct card differs from the gateway's for ${id}:\n  gateway ${JSON.stringify(g)}\n  direct  ${JSON.stringify(d)}`);
    }
    console.log(`  ${identical}/${ids.length} cards identical through the gateway and directly`);
    for (const concurrency of levels) {
      const pick = (i: number) => ids[i % ids.length];
      const gatewayTask = async (i: number) => checkCard(await viaGateway(stack, pick(i)));
      const directTask = async (i: number) => checkCard(await direct(stack, pick(i)));
      await runLoad({ requests: warmup, concurrency, maxSeconds }, gatewayTask);
      await runLoad({ requests: warmup, concurrency, maxSeconds }, directTask);
      // Two alternating halves each, so a change in background load hits both paths alike.
      const half = Math.ceil(requests / 2);
      const g1 = await runLoad({ requests: half, concurrency, maxSeconds: maxSeconds / 2 }, gatewayTask);
      const d1 = await runLoad({ requests: half, concurrency, maxSeconds: maxSeconds / 2 }, directTask);
      const g2 = await runLoad({ requests: requests - half, concurrency, maxSeconds: maxSeconds / 2 }, gatewayTask);
      const d2 = await runLoad({ requests: requests - half, concurrency, maxSeconds: maxSeconds / 2 }, directTask);
      const cell = { concurrency, gateway: merge(g1, g2), direct: merge(d1, d2) };
      cells.push(cell);
      const g = summarize(cell.gateway.latencies);
      const d = summarize(cell.direct.latencies);
      console.log(`  c=${concurrency}: gateway p50 ${ms(g.p50)} p99 ${ms(g.p99)} ms; direct p50 ${ms(d.p50)} p99 ${ms(d.p99)} ms`);
    }
  } finally {
    const stop = await stack.stop();
    console.log(`[${run}] stopped: ${stop.endings.map((e) => `${e.name} ${e.ending}`).join('; ')}; ${stop.cleanup.join('; ')}`);
  }

  const full = requests >= 2000 && flags.concurrency === FULL.concurrency;
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : '—');
  const rows = cells.map((c) => {
    const g = summarize(c.gateway.latencies);
    const d = summarize(c.direct.latencies);
    const rps = (r: LoadResult) => (r.latencies.length / r.seconds).toFixed(0);
    const errs = c.gateway.errors + c.direct.errors;
    return `| ${c.concurrency} | ${c.gateway.made} / ${c.direct.made} | ${ms(g.p50)} | ${ms(g.p99)} | ${ms(d.p50)} | ${ms(d.p99)} | ${ratio(g.p50, d.p50)}× | ${ratio(g.p99, d.p99)}× | ${rps(c.gateway)} / ${rps(c.direct)} | ${errs}${errs ? ` (${c.gateway.firstError ?? c.direct.firstError})` : ''} |`;
  });
  const at16 = cells.find((c) => c.concurrency === 16);
  const target = at16
    ? (() => {
        const r = summarize(at16.gateway.latencies).p99 / summarize(at16.direct.latencies).p99;
        const r50 = summarize(at16.gateway.latencies).p50 / summarize(at16.direct.latencies).p50;
        return `**Target** gateway ≤ 1.3 × direct at concurrency 16: p50 ${r50.toFixed(2)}×, p99 ${r.toFixed(2)}× → **${r <= 1.3 && r50 <= 1.3 ? 'met' : 'not met'}**.`;
      })()
    : 'Target at concurrency 16: not measured in this run.';
  const command = `npx tsx tools/bench/src/gateway.bench.ts${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  const body = [
    full
      ? ''
      : `**Smoke run, smaller than the issue's size** (${requests} requests per path and level, concurrency ${levels.join(', ')}). The full run is \`npx tsx tools/bench/src/gateway.bench.ts\` (2000 requests per path at 1, 16 and 64).`,
    '',
    `Services ran from the ${source.label}, each in its own process, NODE_ENV=production; ${ids.length} accounts with a handoff (seeded over Kafka), queried round robin. ${identical}/${ids.length} cards were identical through the gateway and directly.`,
    loadLine(loadAtStart, loadavg()[0]),
    '',
    'The query is the handoff card of the README (account name, scoring snapshot from scoring-svc, the handoff\'s contact, next action and owner assignment from handoff-svc, owner/backup names from ownership-svc). **Gateway**: one POST to the gateway with an OPS bearer token. **Direct**: the gateway\'s query plan run by hand against the subgraphs with the signed identity header — handoff-svc, then scoring-svc `_entities` and ownership-svc `_entities` in parallel. Each cell: a warm-up, then the requests in two alternating halves per path; the load loop is this process (fetch, N workers), loopback only.',
    '',
    '| concurrency | requests gateway / direct | gateway p50 ms | gateway p99 ms | direct p50 ms | direct p99 ms | p50 ratio | p99 ratio | req/s gateway / direct | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    target,
    '',
    'Peak RSS over the run:',
    '',
    rssTable(stack.peaks()),
  ].join('\n');
  if (flags.write !== 'false') writeBenchmarkSection('Gateway: the handoff card, federated vs direct', command, body, { commit: source.commit, startedAt });
  console.log(`\n${body}`);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
