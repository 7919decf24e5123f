/**
 * Nothing lost, nothing doubled: a stream of signals runs through the four services (each its own
 * process) while each service in turn, and the Kafka broker, is killed with SIGKILL at a random
 * moment and restarted, then each service is stopped gracefully (SIGTERM, as a deploy does: it must
 * drain and exit 0) and restarted. Afterwards, read from PostgreSQL and from the broker itself:
 * - every account that should qualify has exactly one handoff, and no other account has one;
 * - no consumer applied an event twice (one qualification per account in scoring and ownership, one
 *   feedback record per handoff, every signal stored once);
 * - every event any service wrote to its outbox was published and is on its topic;
 * - the poison messages in the stream are on the dead-letter topic with their error, byte for byte,
 *   and nothing else is.
 * The figures go to the jest output and to tmp/fault-injection/<run>/report.md.
 * Needs the broker run.sh starts (KAFKA_BROKERS, FAULT_KAFKA_PORT): the suite kills that one.
 */
import { readTopicsToEnd } from '@handoff-graph/bus';
import { ALL_TOPICS, createEvent, toMessage } from '@handoff-graph/contracts';
import {
  BROKERS,
  BenchProducer,
  DATABASE_URL,
  EventWatcher,
  LagProbe,
  crossingMessages,
  makeAccounts,
  newRunId,
  prepareSource,
  seedAccounts,
  seedOwnershipMap,
  sleep,
  startProcessStack,
  watchedTopics,
  type BenchAccount,
  type ProcessStack,
  type WireMessage,
} from '@handoff-graph/harness';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { planFaults, seededRandom, type PlannedFault } from './chaos';


const REPO_ROOT = join(__dirname, '..', '..', '..');
const BROKER_PORT = process.env.FAULT_KAFKA_PORT;
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 1_000_000));
const QUALIFYING = Number(process.env.FAULT_ACCOUNTS ?? 120);
const STAYING_BELOW = Math.ceil(QUALIFYING / 4);
const POISON = 3;
const SEND_SECONDS = Number(process.env.FAULT_SEND_SECONDS ?? 80);
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 2);
const SERVICES = ['scoring-svc', 'ownership-svc', 'handoff-svc', 'feedback-svc'];
const VICTIMS = [...SERVICES, 'broker'];

interface FaultDone extends PlannedFault {
  /** SIGKILL (a crash) or SIGTERM (a deploy: the service must drain and exit 0). */
  signal: 'SIGKILL' | 'SIGTERM';
  /** How the process ended: `exit 0`, `SIGKILL`, … */
  ending: string;
  killedAfterMs: number;
  /** From the kill until the victim answered again (service /ready, or the broker's "started"). */
  backAfterMs: number;
}

function brokerPid(): number {
  return Number(readFileSync(join(REPO_ROOT, 'tools', 'kafka', '.cache', `run-${BROKER_PORT}`, 'kafka.pid'), 'utf8').trim());
}

async function killBroker(): Promise<void> {
  const pid = brokerPid();
  process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

function startBroker(): void {
  execFileSync('bash', [join(REPO_ROOT, 'tools', 'kafka', 'start.sh')], {
    env: { ...process.env, KAFKA_PORT: BROKER_PORT, KAFKA_KEEP_DATA: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends one message, retrying while the broker is down or restarting (the test itself must not lose
 * signals). Returns how long it took until the broker acknowledged it.
 */
async function sendUntilAcked(producer: BenchProducer, message: WireMessage): Promise<number> {
  const started = Date.now();
  const deadline = started + 180_000;
  for (;;) {
    try {
      await producer.publish([message]);
      return Date.now() - started;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`could not produce ${message.key} for 180 s: ${(e as Error).message}`);
      await sleep(500);
    }
  }
}

function signalMessage(stack: ProcessStack, a: BenchAccount, signalId: string, occurredAt: Date): WireMessage {
  const m = toMessage(
    createEvent(
      'signal-received',
      { signalId, accountId: a.id, contactEmail: null, signalType: 'PRODUCT_PAGE_VISIT', occurredAt: occurredAt.toISOString(), source: 'fault-injection', detail: '/pricing' },
      { aggregateId: a.id, producer: 'fault-injection' },
    ),
  );
  return { topic: stack.topic(m.topic), key: m.key, value: m.value };
}

/** Messages on `signals` that break the contract: each must reach the dead-letter topic with its error. */
function poisonMessages(stack: ProcessStack): WireMessage[] {
  const valid = JSON.parse(signalMessage(stack, makeAccounts('poison', 1)[0], 'poison-0', new Date()).value) as Record<string, unknown>;
  const payload = valid.payload as Record<string, unknown>;
  return [
    { ...valid, payload: { ...payload, signalType: 'CARRIER_PIGEON' } },
    { ...valid, eventId: 'not-a-uuid' },
    { ...valid, payload: { ...payload, occurredAt: 'yesterday-ish' } },
  ].slice(0, POISON).map((value, i) => ({ topic: stack.topic('signals'), key: `acc-poison-${i}`, value: JSON.stringify(value) }));
}

async function query<T>(db: Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)).rows as T[];
}

describe('crash and redelivery: kill -9 each service and the broker while signals stream in', () => {
  let stack: ProcessStack;
  let producer: BenchProducer;
  let watcher: EventWatcher;
  let lag: LagProbe;
  let db: Client;
  const run = newRunId('fault');
  const qualifying = makeAccounts(`${run.slice(-4)}q`, QUALIFYING, true);
  const below = makeAccounts(`${run.slice(-4)}b`, STAYING_BELOW);
  const faults: FaultDone[] = [];
  let stream: WireMessage[] = [];
  /** Signals whose produce waited over a second for the broker (it was down or electing leaders). */
  let sendsHeldUp = 0;
  let report = '';

  beforeAll(async () => {
    if (!BROKER_PORT) throw new Error('FAULT_KAFKA_PORT is not set: run the suite with `bash tools/fault-injection/run.sh` (it starts the broker this suite kills)');
    console.log(`fault-injection run ${run}, seed ${SEED} (FAULT_SEED=${SEED} replays the schedule), broker ${BROKERS.join(',')}`);
    stack = await startProcessStack({ run, source: prepareSource(run, {}), logLevel: 'warn' });
    producer = await BenchProducer.connect(`${run}-producer`);
    watcher = await EventWatcher.start(`${stack.prefix}-bench-watcher`, watchedTopics(stack));
    lag = await LagProbe.connect(stack.prefix);
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    await seedOwnershipMap(stack, 10_000);
    await seedAccounts(stack, producer, watcher, lag, [...qualifying, ...below]);
  }, 10 * 60_000);

  afterAll(async () => {
    await watcher?.stop().catch(() => undefined);
    await lag?.close().catch(() => undefined);
    await producer?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    const stopped = await stack?.stop();
    if (stopped) console.log(`stopped: ${stopped.endings.map((e) => `${e.name} ${e.ending}`).join('; ')}; ${stopped.cleanup.join('; ')}`);
  }, 3 * 60_000);

  it('streams the signals while every service and the broker are killed in turn, then every service is stopped gracefully', async () => {
    const random = seededRandom(SEED);
    const now = new Date();
    stream = [
      ...crossingMessages(stack, qualifying, now),
      ...below.map((a) => signalMessage(stack, a, `visit-${a.id}`, now)),
      ...poisonMessages(stack),
    ];
    // A seeded shuffle: the poison and the qualifying signals arrive mixed, at random moments.
    for (let i = stream.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [stream[i], stream[j]] = [stream[j], stream[i]];
    }
    // Crashes for the first three quarters of the stream (every service and the broker, ROUNDS times),
    // then one round of graceful stops (SIGTERM, as a deploy does) that go on for 20 s after the last send.
    const crashWindowMs = SEND_SECONDS * 750;
    const crashes = planFaults({ victims: VICTIMS, rounds: ROUNDS, windowMs: crashWindowMs, seed: SEED, maxDownMs: 3_000 });
    const stops = planFaults({ victims: SERVICES, rounds: 1, windowMs: SEND_SECONDS * 250 + 20_000, seed: SEED + 1, maxDownMs: 1_000 });
    const plan = [
      ...crashes.map((f) => ({ ...f, signal: 'SIGKILL' as const })),
      ...stops.map((f) => ({ ...f, atMs: f.atMs + crashWindowMs, signal: f.victim === 'broker' ? ('SIGKILL' as const) : ('SIGTERM' as const) })),
    ];
    const start = Date.now();

    const sending = (async () => {
      for (let i = 0; i < stream.length; i++) {
        const due = start + (i * SEND_SECONDS * 1_000) / stream.length;
        if (Date.now() < due) await sleep(due - Date.now());
        if ((await sendUntilAcked(producer, stream[i])) > 1_000) sendsHeldUp++;
      }
    })();

    const killing = (async () => {
      for (const fault of plan) {
        const due = start + fault.atMs;
        if (Date.now() < due) await sleep(due - Date.now());
        const killedAt = Date.now();
        let ending = 'SIGKILL';
        if (fault.victim === 'broker') {
          await killBroker();
          await sleep(fault.downMs);
          startBroker();
        } else {
          const ended = await stack.kill(fault.victim, fault.signal);
          ending = ended.signal ?? `exit ${ended.exitCode}`;
          await sleep(fault.downMs);
          await stack.restart(fault.victim);
        }
        faults.push({ ...fault, ending, killedAfterMs: killedAt - start, backAfterMs: Date.now() - killedAt });
        console.log(`  ${fault.signal} ${fault.victim} at ${((killedAt - start) / 1000).toFixed(1)} s (${ending}), back after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
      }
    })();

    await Promise.all([sending, killing]);
    expect(faults.map((f) => f.victim)).toEqual(plan.map((f) => f.victim));
    // Every victim came back, and nothing died that was not killed.
    expect(stack.crashed().map((p) => p.name)).toEqual([]);
  });

  it('ends with exactly one handoff for every account that qualified, none lost, none doubled', async () => {
    const [scoring, ownership, handoff, feedback] = stack.schemas;
    const expectedIds = qualifying.map((a) => a.id);
    const allIds = [...expectedIds, ...below.map((a) => a.id)];
    // Converge: every expected handoff there and recorded by feedback-svc, every outbox drained, then
    // every service's group settled (members back after the last kill) with nothing left to consume.
    const deadline = Date.now() + 6 * 60_000;
    for (;;) {
      const [{ n: handoffs }] = await query<{ n: number }>(db, `SELECT count(DISTINCT account_id)::int AS n FROM "${handoff}".handoff WHERE account_id = ANY($1)`, [expectedIds]);
      const [{ n: recorded }] = await query<{ n: number }>(db, `SELECT count(DISTINCT account_id)::int AS n FROM "${feedback}".handoff_record WHERE account_id = ANY($1)`, [expectedIds]);
      let unpublished = 0;
      for (const schema of stack.schemas) {
        unpublished += (await query<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`))[0].n;
      }
      if (handoffs === expectedIds.length && recorded === expectedIds.length && unpublished === 0) break;
      if (Date.now() > deadline) {
        throw new Error(`not converged after 6 min: ${handoffs}/${expectedIds.length} accounts with a handoff, ${recorded} recorded by feedback-svc, ${unpublished} outbox rows unpublished`);
      }
      await sleep(1_000);
    }
    await lag.waitForQuiet('after the faults', { timeoutMs: 5 * 60_000, groups: SERVICES });

    const perAccount = await query<{ account_id: string; n: number }>(
      db,
      `SELECT account_id, count(*)::int AS n FROM "${handoff}".handoff WHERE account_id = ANY($1) GROUP BY account_id`,
      [allIds],
    );
    const count = new Map(perAccount.map((r) => [r.account_id, r.n]));
    const created = perAccount.reduce((sum, r) => sum + r.n, 0);
    const lost = expectedIds.filter((id) => !count.has(id));
    const duplicates = perAccount.reduce((sum, r) => sum + Math.max(0, r.n - 1), 0);
    const unexpected = below.filter((a) => count.has(a.id)).map((a) => a.id);

    // Applied once: one qualification per account in scoring and in ownership, one feedback record per handoff, every signal stored once.
    const doubleQualified = await query<{ account_id: string; n: number }>(
      db,
      `SELECT account_id, n FROM (
         SELECT account_id, count(*)::int AS n FROM "${scoring}".qualification WHERE account_id = ANY($1) GROUP BY account_id
         UNION ALL
         SELECT account_id, count(*)::int AS n FROM "${ownership}".qualification WHERE account_id = ANY($1) GROUP BY account_id
       ) q WHERE n <> 1`,
      [allIds],
    );
    const [{ n: feedbackRecords }] = await query<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${feedback}".handoff_record WHERE account_id = ANY($1)`, [allIds]);
    const sentSignalIds = stream.filter((m) => !m.key.startsWith('acc-poison-')).map((m) => (JSON.parse(m.value) as { payload: { signalId: string } }).payload.signalId);
    const [{ n: storedStreamSignals }] = await query<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${scoring}".signal WHERE signal_id = ANY($1)`, [sentSignalIds]);

    // Every event in every outbox is published and on its topic (read back from the broker itself).
    const onTopics = await readTopicsToEnd(BROKERS, ALL_TOPICS.map((t) => stack.topic(t)), { skipMissing: true });
    const copies = new Map<string, number>();
    for (const m of onTopics) {
      const id = /"eventId":"([^"]+)"/.exec(m.value)?.[1];
      if (id && !m.topic.endsWith('.dead-letter')) copies.set(id, (copies.get(id) ?? 0) + 1);
    }
    let outboxRows = 0;
    const missingFromTopics: string[] = [];
    for (const schema of stack.schemas) {
      const rows = await query<{ event_id: string; published: boolean }>(db, `SELECT event_id, published_at IS NOT NULL AS published FROM "${schema}".outbox`);
      outboxRows += rows.length;
      for (const r of rows) if (!r.published || !copies.has(r.event_id)) missingFromTopics.push(`${schema}:${r.event_id}`);
    }
    const republished = [...copies.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);

    // Dead letters: the poison, with its error and its bytes, and nothing else.
    const letters = onTopics.filter((m) => m.topic === stack.topic('dead-letter')).map((m) => JSON.parse(m.value) as { originalTopic: string; consumerGroup: string; errorKind: string; error: string; value: string });
    const poison = stream.filter((m) => m.key.startsWith('acc-poison-'));
    const poisonLetters = letters.filter((l) => poison.some((p) => p.value === l.value));

    const crashed = faults.filter((f) => f.signal === 'SIGKILL');
    const stopped = faults.filter((f) => f.signal === 'SIGTERM');
    const killed = VICTIMS.map((v) => `${v} ×${crashed.filter((f) => f.victim === v).length}`).join(', ');
    report = [
      `# Fault injection ${run} (seed ${SEED})`,
      '',
      '| figure | value |',
      '|---|---|',
      `| signals sent (crossing ${qualifying.length}, staying below ${below.length}, poison ${poison.length}) | ${stream.length} |`,
      `| signals whose produce waited > 1 s for the broker (down or restarting) | ${sendsHeldUp} |`,
      `| processes killed with SIGKILL and restarted | ${crashed.length}: ${killed} |`,
      `| services stopped with SIGTERM (drain) and restarted / exited 0 | ${stopped.length} / ${stopped.filter((f) => f.ending === 'exit 0').length} |`,
      `| slowest return after a kill | ${(Math.max(...faults.map((f) => f.backAfterMs)) / 1000).toFixed(1)} s |`,
      `| handoffs expected / created | ${expectedIds.length} / ${created} |`,
      `| duplicates | ${duplicates} |`,
      `| lost | ${lost.length} |`,
      `| handoffs for accounts below the threshold | ${unexpected.length} |`,
      `| accounts qualified more than once (scoring or ownership) | ${doubleQualified.length} |`,
      `| feedback records / handoffs | ${feedbackRecords} / ${created} |`,
      `| stream signals stored / sent | ${storedStreamSignals} / ${sentSignalIds.length} |`,
      `| outbox rows (all services) / unpublished or missing from their topic | ${outboxRows} / ${missingFromTopics.length} |`,
      `| event copies on topics beyond the first (republished after a crash; absorbed by the inboxes) | ${republished} |`,
      `| dead letters: poison with its error / other | ${poisonLetters.length} / ${letters.length - poisonLetters.length} |`,
      '',
      'Faults (ms after the stream started):',
      ...faults.map((f) => `- ${f.victim}: ${f.signal} at ${f.killedAfterMs} (ended: ${f.ending}), down ${f.downMs} before the restart, answering again after ${f.backAfterMs}`),
    ].join('\n');
    const dir = join(REPO_ROOT, 'tmp', 'fault-injection', run);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.md'), `${report}\n`);
    writeFileSync(join(REPO_ROOT, 'tmp', 'fault-injection', 'latest.md'), `${report}\n`);
    console.log(report);

    expect(crashed.length).toBe(VICTIMS.length * ROUNDS);
    // A graceful stop drains (in-flight messages finish, offsets commit, the outbox is flushed) and exits 0.
    expect(stopped.map((f) => `${f.victim}: ${f.ending}`)).toEqual(SERVICES.map((s) => `${s}: exit 0`));
    expect(lost).toEqual([]);
    expect(duplicates).toBe(0);
    expect(created).toBe(expectedIds.length);
    expect(unexpected).toEqual([]);
    expect(doubleQualified).toEqual([]);
    expect(feedbackRecords).toBe(created);
    expect(storedStreamSignals).toBe(sentSignalIds.length);
    expect(missingFromTopics).toEqual([]);
    expect(poisonLetters).toHaveLength(poison.length);
    for (const letter of poisonLetters) {
      // Named as the service sees them (the run's topic prefix is the deployment's, not the service's).
      expect(letter).toMatchObject({ originalTopic: 'signals', consumerGroup: 'scoring-svc', errorKind: 'validation' });
      expect(letter.error).toMatch(/eventId|signalType|occurredAt/);
    }
    expect(letters.length - poisonLetters.length).toBe(0);
  }, 15 * 60_000);
});
