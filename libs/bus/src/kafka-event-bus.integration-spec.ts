import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { runEventBusContract } from './event-bus.contract';
import type { ReceivedMessage } from './event-bus.port';
import { DEFAULT_KAFKA_CONSUMER_TUNING, fetchBytesFor, KafkaEventBus } from './kafka-event-bus';

// Runs the port contract against a real broker: `npm test` starts one (tools/kafka/start.sh);
// by hand: `bash tools/kafka/start.sh`, then
// `KAFKA_BROKERS=127.0.0.1:9092 npx jest -c libs/bus/jest.integration.config.js --runInBand`.
const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);

if (brokers.length === 0) {
  describe('KafkaEventBus', () => {
    it('needs a broker', () => {
      throw new Error('KAFKA_BROKERS is not set — run through `npm test`, which starts Kafka');
    });
  });
} else {
  // Consumer timing is DEFAULT_KAFKA_CONSUMER_TUNING (heartbeat 500ms, session 10s, rebalance 10s,
  // fetch wait 100ms, retry 100ms → 2s): a rebalance takes about a second.
  runEventBusContract(
    'KafkaEventBus',
    async () => new KafkaEventBus({ clientId: 'bus-contract', brokers, logLevel: logLevel.ERROR }),
    { quietPeriodMs: 1_000, deliveryTimeoutMs: 25_000 },
  );
  // The same contract with every partition of a subscription consumed at once (KAFKA_CONSUMER_CONCURRENCY=3):
  // per-key order, redelivery after a failure and the batch semantics must hold all the same.
  runEventBusContract(
    'KafkaEventBus consuming 3 partitions concurrently',
    async () => new KafkaEventBus({ clientId: 'bus-contract-concurrent', brokers, logLevel: logLevel.ERROR, consumer: { partitionsConsumedConcurrently: 3 } }),
    { quietPeriodMs: 1_000, deliveryTimeoutMs: 25_000 },
  );

  describe('KafkaEventBus specifics', () => {
    const unique = (label: string) => `kafka-bus.${label}.${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const buses: KafkaEventBus[] = [];
    const makeBus = (consumer?: ConstructorParameters<typeof KafkaEventBus>[0]['consumer']) => {
      // NOTHING: the failing-handler test below would otherwise log every failure.
      const bus = new KafkaEventBus({ clientId: 'bus-specifics', brokers, logLevel: logLevel.NOTHING, consumer });
      buses.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.allSettled(buses.splice(0).map((b) => b.close()));
    });

    it('creates topics with the configured partitions, tolerating concurrent creators and existing topics', async () => {
      const existing = unique('existing');
      const fresh = unique('fresh');
      await makeBus().ensureTopics([existing]);
      // Two instances race on the same new topic, mixed with one that already exists.
      await Promise.all([makeBus().ensureTopics([existing, fresh]), makeBus().ensureTopics([fresh, existing])]);

      const admin = new Kafka({ clientId: 'bus-specifics-admin', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [existing, fresh] });
        for (const topic of topics) {
          expect(topic.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
          expect(topic.partitions.every((p) => p.leader >= 0)).toBe(true);
        }
      } finally {
        await admin.disconnect();
      }
    }, 30_000);

    it('leaves idle connections quiet: with no request pending, kafkajs schedules no pending-request check (patches/kafkajs+2.2.4.patch)', async () => {
      // The class kafkajs itself loads (jest's module registry): kafkajs 2.2.4 unpatched re-arms a
      // ~1 ms timer per connection forever after its first response, so this count runs into the hundreds.
      const { prototype } = jest.requireActual<{ prototype: { checkPendingRequests(): void } }>('kafkajs/src/network/requestQueue');
      const checks = jest.spyOn(prototype, 'checkPendingRequests');
      try {
        const bus = makeBus();
        const topic = unique('idle');
        await bus.ensureTopics([topic]);
        await bus.publish([{ topic, key: 'acc-1', value: '{}' }]);
        checks.mockClear();
        await new Promise((r) => setTimeout(r, 500));
        expect(checks.mock.calls.length).toBeLessThan(5);
      } finally {
        checks.mockRestore();
      }
    }, 30_000);

    it('batches up to its configured maxBatchSize (KAFKA_CONSUMER_BATCH_SIZE) when a subscription does not say', async () => {
      const bus = makeBus({ maxBatchSize: 6 });
      const topic = unique('batch-size');
      // One key: one partition, so the backlog is one run of 20 messages in publish order.
      const published = Array.from({ length: 20 }, (_, i) => ({ topic, key: 'acct-b', value: `m${i}` }));
      await bus.publish(published);
      const batches: string[][] = [];
      const subscription = await bus.subscribe({
        groupId: unique('batch-size-group'),
        topics: [topic],
        handler: async () => {
          throw new Error('no batch fails here, so the single-message fallback never runs');
        },
        handleBatch: async (messages) => void batches.push(messages.map((m) => m.value)),
      });
      const deadline = Date.now() + 20_000;
      while (batches.flat().length < 20 && Date.now() < deadline) await sleep(50);
      await subscription.stop();
      expect(batches.flat()).toEqual(published.map((m) => m.value));
      expect(Math.max(...batches.map((b) => b.length))).toBe(6);
    }, 30_000);

    it('sizes its fetches to the batch size unless told otherwise, and refuses a batch size that is not a positive integer', () => {
      expect(fetchBytesFor(100)).toEqual({ maxBytesPerPartition: 256 * 1024, maxBytes: 1024 * 1024 });
      expect(fetchBytesFor(400)).toEqual({ maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024 });
      expect(DEFAULT_KAFKA_CONSUMER_TUNING).toMatchObject({ maxBatchSize: 100, ...fetchBytesFor(100) });
      expect(makeBus({ maxBatchSize: 400 }).tuning).toMatchObject({ maxBatchSize: 400, maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024 });
      expect(makeBus({ maxBatchSize: 400, maxBytesPerPartition: 64 * 1024 }).tuning).toMatchObject({ maxBytesPerPartition: 64 * 1024, maxBytes: 4 * 1024 * 1024 });
      for (const bad of [0, 2.5, -1]) expect(() => makeBus({ maxBatchSize: bad })).toThrow(`consumer.maxBatchSize must be a positive integer, got ${bad}`);
    });

    it('creates topics with the partitions it was configured with (KAFKA_PARTITIONS)', async () => {
      const topic = unique('five-partitions');
      const bus = new KafkaEventBus({ clientId: 'bus-specifics', brokers, logLevel: logLevel.NOTHING, partitions: 5 });
      buses.push(bus);
      await bus.ensureTopics([topic]);
      const admin = new Kafka({ clientId: 'bus-specifics-admin', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        expect(topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4]);
      } finally {
        await admin.disconnect();
      }
    }, 30_000);

    it('reports an unreachable broker as unhealthy within its health timeout, without hanging', async () => {
      // Port 1 on loopback: nothing listens there, so every connection is refused.
      const dead = new KafkaEventBus({ clientId: 'bus-dead', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, healthTimeoutMs: 2_000 });
      buses.push(dead);
      for (let probe = 0; probe < 2; probe++) {
        const started = Date.now();
        const health = await dead.health();
        expect(Date.now() - started).toBeLessThan(2_000 + 500);
        expect(health).toEqual({ ok: false, detail: expect.stringMatching(/127\.0\.0\.1:1/) });
      }
      // A "broker" that accepts connections and never answers: the probe gives up at the timeout.
      const accepted: Socket[] = [];
      const silentServer = createServer((socket) => void accepted.push(socket));
      await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
      const silentPort = (silentServer.address() as AddressInfo).port;
      try {
        const hung = new KafkaEventBus({ clientId: 'bus-hung', brokers: [`127.0.0.1:${silentPort}`], logLevel: logLevel.NOTHING, healthTimeoutMs: 500 });
        buses.push(hung);
        const started = Date.now();
        const health = await hung.health();
        expect(Date.now() - started).toBeLessThan(500 + 500);
        expect(health).toEqual({ ok: false, detail: expect.stringContaining(`127.0.0.1:${silentPort}`) });
      } finally {
        accepted.forEach((socket) => socket.destroy());
        silentServer.close();
      }
      // The live broker, for contrast: reachable, with its consumer running.
      const live = makeBus();
      const topic = unique('health');
      await live.subscribe({ groupId: unique('health-group'), topics: [topic], handler: async () => undefined });
      expect(await live.health()).toEqual({ ok: true, detail: expect.stringMatching(/reachable: 1 broker\(s\).*1 consumer\(s\) running/) });
    }, 30_000);

    it('heartbeats while a batch takes longer than the session timeout, so the member stays and nothing is applied twice', async () => {
      // Session 1.5 s (the test broker allows down to 1 s); the batch below takes 4 s.
      const bus = makeBus({ sessionTimeout: 1_500, heartbeatInterval: 200, rebalanceTimeout: 3_000 });
      const topic = unique('slow');
      const applied: string[] = [];
      const seen: string[] = [];
      const subscription = await bus.subscribe({
        groupId: unique('slow-group'),
        topics: [topic],
        handler: async (message) => void applied.push(message.value),
        handleBatch: async (messages) => {
          seen.push(...messages.map((m) => m.value));
          await sleep(4_000);
          applied.push(...messages.map((m) => m.value));
        },
      });
      await bus.publish([
        { topic, key: 'acct-s', value: 'one' },
        { topic, key: 'acct-s', value: 'two' },
      ]);
      const deadline = Date.now() + 20_000;
      while (applied.length < 2 && Date.now() < deadline) await sleep(50);
      await sleep(3_000); // long enough for a dropped member's redelivery to show
      expect(applied).toEqual(['one', 'two']);
      expect(seen).toEqual(['one', 'two']);
      expect(await bus.health()).toMatchObject({ ok: true });
      await subscription.stop();
    }, 40_000);

    it('keeps retrying a persistently failing handler (even a TypeError) with a capped backoff, without crashing', async () => {
      const bus = makeBus({ retry: { initialRetryTime: 50, maxRetryTime: 400 } });
      const topic = unique('poison');
      const attempts: { at: number; message: ReceivedMessage }[] = [];
      await bus.subscribe({
        groupId: unique('poison-group'),
        topics: [topic],
        handler: async (message) => {
          attempts.push({ at: Date.now(), message });
          if (message.value === 'poison' && attempts.filter((a) => a.message.value === 'poison').length <= 6) {
            (undefined as unknown as { boom(): void }).boom(); // TypeError, which kafkajs treats as unrecoverable
          }
        },
      });
      await bus.publish([
        { topic, key: 'acct-p', value: 'poison' },
        { topic, key: 'acct-p', value: 'after' },
      ]);
      const deadline = Date.now() + 20_000;
      while (!attempts.some((a) => a.message.value === 'after') && Date.now() < deadline) await sleep(20);

      expect(attempts.map((a) => a.message.value)).toEqual(['poison', 'poison', 'poison', 'poison', 'poison', 'poison', 'poison', 'after']);
      expect(new Set(attempts.slice(0, 7).map((a) => a.message.offset)).size).toBe(1);
      const gaps = attempts.slice(1, 7).map((a, i) => a.at - attempts[i].at);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(35); // backs off (50ms ± 20% first)
      expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(250); // grows towards the cap
      expect(Math.max(...gaps)).toBeLessThan(400 * 1.25 + 500); // capped (plus a fetch round trip)
    }, 30_000);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
