/**
 * The floor: what one hop costs on this machine with nothing of ours in the way.
 * - Kafka: a bare kafkajs produce → consume round trip (acks=all, one partition, one message in flight).
 * - PostgreSQL: a bare `pg` INSERT + SELECT round trip in one connection.
 * Usage: npx tsx tools/bench/src/floor.bench.ts [--samples 2000] [--write=false]   (KAFKA_BROKERS, DATABASE_URL)
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { loadavg } from 'node:os';
import { loadLine, percentile, writeBenchmarkSection } from './report';

const samples = Number(process.argv[process.argv.indexOf('--samples') + 1]) || 2000;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FloorResult {
  kafka: { p50: number; p95: number; p99: number };
  postgres: { p50: number; p95: number; p99: number };
}

function summary(ms: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export async function measureKafkaFloor(n: number): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'bench-floor', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench-floor-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 10, heartbeatInterval: 500, sessionTimeout: 10_000 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const waiting = new Map<string, (at: number) => void>();
  await consumer.run({ eachMessage: async ({ message }) => waiting.get(message.key!.toString())?.(performance.now()) });
  // Warm up until the consumer has joined and fetches.
  const warm = new Promise<void>((resolve) => waiting.set('warm', () => resolve()));
  await producer.send({ topic, acks: -1, messages: [{ key: 'warm', value: 'x' }] });
  await warm;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = `k${i}`;
    const arrived = new Promise<number>((resolve) => waiting.set(key, resolve));
    const start = performance.now();
    await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify({ i }) }] });
    times.push((await arrived) - start);
    waiting.delete(key);
  }
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return times;
}

export async function measurePostgresFloor(n: number): Promise<number[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`CREATE TEMP TABLE floor_probe (id text PRIMARY KEY, body jsonb NOT NULL)`);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await client.query(`INSERT INTO floor_probe (id, body) VALUES ($1, $2)`, [`r${i}`, { i }]);
    await client.query(`SELECT body FROM floor_probe WHERE id = $1`, [`r${i}`]);
    times.push(performance.now() - start);
  }
  await client.end();
  return times;
}

export async function measureFloor(n: number): Promise<FloorResult> {
  return { kafka: summary(await measureKafkaFloor(n)), postgres: summary(await measurePostgresFloor(n)) };
}

if (require.main === module) {
  void (async () => {
    const loadAtStart = loadavg()[0];
    const r = await measureFloor(samples);
    const row = (name: string, s: { p50: number; p95: number; p99: number }) =>
      `| ${name} | ${s.p50.toFixed(2)} | ${s.p95.toFixed(2)} | ${s.p99.toFixed(2)} |`;
    const body = [
      `${samples} sequential round trips each. ${loadLine(loadAtStart, loadavg()[0])}`,
      '',
      '| hop | p50 ms | p95 ms | p99 ms |',
      '|---|---|---|---|',
      row('kafkajs produce (acks=all) → consume', r.kafka),
      row('pg INSERT + SELECT', r.postgres),
    ].join('\n');
    if (!process.argv.includes('--write=false')) {
      writeBenchmarkSection('Floor: one Kafka hop, one PostgreSQL round trip', `npx tsx tools/bench/src/floor.bench.ts --samples ${samples}`, body);
    }
    console.log(body);
    process.exit(0);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
