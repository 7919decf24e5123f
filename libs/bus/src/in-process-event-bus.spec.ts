import { Partitioners } from 'kafkajs';
import { createEventBus, sharedInProcessBus } from './create-event-bus';
import { runEventBusContract } from './event-bus.contract';
import type { ReceivedMessage } from './event-bus.port';
import { InProcessEventBus } from './in-process-event-bus';
import { KafkaEventBus } from './kafka-event-bus';
import { partitionForKey } from './key-partitioner';

const silent = { warn: () => undefined };

runEventBusContract('InProcessEventBus', async () => new InProcessEventBus({ logger: silent }), {
  quietPeriodMs: 150,
  deliveryTimeoutMs: 5_000,
  testTimeoutMs: 10_000,
});

describe('InProcessEventBus specifics', () => {
  let bus: InProcessEventBus;
  beforeEach(() => {
    bus = new InProcessEventBus({ logger: silent });
  });
  afterEach(() => bus.close());

  it('never calls a handler inside publish()', async () => {
    const calledDuringPublish: boolean[] = [];
    let publishing = false;
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async () => {
        calledDuringPublish.push(publishing);
      },
    });
    publishing = true;
    const published = bus.publish([{ topic: 't', key: 'k', value: 'v' }]);
    publishing = false;
    await published;
    await until(() => calledDuringPublish.length === 1);
    expect(calledDuringPublish).toEqual([false]);
  });

  it('backs off exponentially (capped) between redeliveries of a failing message', async () => {
    bus = new InProcessEventBus({ logger: silent, retryBackoff: { initialMs: 20, maxMs: 80 } });
    const times: number[] = [];
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async () => {
        times.push(Date.now());
        if (times.length <= 5) throw new Error('still failing');
      },
    });
    await bus.publish([{ topic: 't', key: 'k', value: 'v' }]);
    await until(() => times.length === 6, 3_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // 20, 40, 80, 80, 80 (timers fire no earlier than asked; allow a little slack for coarse clocks).
    [20, 40, 80, 80, 80].forEach((expected, i) => expect(gaps[i]).toBeGreaterThanOrEqual(expected - 2));
    expect(gaps[4]).toBeLessThan(80 + 200);
  });

  it('reports handler failures to its logger', async () => {
    const warnings: string[] = [];
    bus = new InProcessEventBus({ logger: { warn: (m: string) => warnings.push(m) } });
    let calls = 0;
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async () => {
        if (++calls === 1) throw new Error('boom');
      },
    });
    await bus.publish([{ topic: 't', key: 'k', value: 'v' }]);
    await until(() => calls === 2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('group "g" failed on t[');
    expect(warnings[0]).toContain('boom');
  });

  it('delivers partitions independently: a stuck partition does not hold up the others', async () => {
    const [slowKey, fastKey] = keysOnDifferentPartitions(3);
    const delivered: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async (m) => {
        if (m.key === slowKey) await blocked;
        delivered.push(m.value);
      },
    });
    await bus.publish([
      { topic: 't', key: slowKey, value: 'slow' },
      { topic: 't', key: fastKey, value: 'fast' },
    ]);
    await until(() => delivered.includes('fast'));
    expect(delivered).toEqual(['fast']);
    release();
    await until(() => delivered.length === 2);
    expect(delivered).toEqual(['fast', 'slow']);
  });

  it('rebalances: a joining subscriber takes partitions over from the first one', async () => {
    const first: ReceivedMessage[] = [];
    const second: ReceivedMessage[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['t'], handler: async (m) => void first.push(m) });
    await bus.publish([{ topic: 't', key: 'k0', value: 'before' }]);
    await until(() => first.length === 1);
    await bus.subscribe({ groupId: 'g', topics: ['t'], handler: async (m) => void second.push(m) });
    const keys = Array.from({ length: 30 }, (_, i) => `acct-${i}`);
    await bus.publish(keys.map((key) => ({ topic: 't', key, value: key })));
    await until(() => first.length + second.length === 31);
    // Round-robin by partition: the first subscriber keeps partitions 0 and 2, the second gets 1.
    expect(new Set(first.slice(1).map((m) => m.partition))).toEqual(new Set([0, 2]));
    expect(new Set(second.map((m) => m.partition))).toEqual(new Set([1]));
  });

  it('reports a failed batch to its logger before handling its messages one by one', async () => {
    const warnings: string[] = [];
    bus = new InProcessEventBus({ logger: { warn: (m: string) => warnings.push(m) } });
    const handled: string[] = [];
    await bus.publish([
      { topic: 't', key: 'k', value: 'a' },
      { topic: 't', key: 'k', value: 'b' },
    ]);
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async (m) => void handled.push(m.value),
      handleBatch: async () => {
        throw new Error('deadlock detected');
      },
    });
    await until(() => handled.length === 2);
    expect(handled).toEqual(['a', 'b']);
    expect(warnings).toEqual([expect.stringContaining('batch handler of group "g" failed on 2 message(s)')]);
    expect(warnings[0]).toContain('deadlock detected');
  });

  it('refuses a maxBatchSize that is not a positive integer', async () => {
    await expect(bus.subscribe({ groupId: 'g', topics: ['t'], handler: async () => undefined, maxBatchSize: 0 })).rejects.toThrow('maxBatchSize');
  });

  it('rejects use after close()', async () => {
    await bus.close();
    await expect(bus.publish([{ topic: 't', key: 'k', value: 'v' }])).rejects.toThrow('closed');
    await expect(bus.subscribe({ groupId: 'g', topics: ['t'], handler: async () => undefined })).rejects.toThrow('closed');
  });

  it('rejects malformed messages without storing any of the batch', async () => {
    const seen: string[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['t'], handler: async (m) => void seen.push(m.value) });
    await expect(
      bus.publish([
        { topic: 't', key: 'k', value: 'ok' },
        { topic: 't', key: 'k', value: 42 as unknown as string },
      ]),
    ).rejects.toThrow('value must be a string');
    await bus.publish([{ topic: 't', key: 'k', value: 'next' }]);
    await until(() => seen.length === 1);
    expect(seen).toEqual(['next']);
  });
});

describe('partitionForKey', () => {
  it("matches kafkajs's DefaultPartitioner (Kafka's murmur2) for the same key", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 7, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (const key of ['', 'a', 'ab', 'abc', 'abcd', 'acct-42', 'acct-0001-xyz', 'Zoë ✓ 営業', 'x'.repeat(257)]) {
        const expected = partitioner({ topic: 't', partitionMetadata, message: { key, value: 'v' } });
        expect({ key, partitions, partition: partitionForKey(key, partitions) }).toEqual({ key, partitions, partition: expected });
      }
    }
  });
});

describe('createEventBus', () => {
  it('returns a Kafka bus when brokers are given', async () => {
    const bus = createEventBus({ clientId: 'test', kafkaBrokers: ['127.0.0.1:1'] });
    expect(bus).toBeInstanceOf(KafkaEventBus);
    await bus.close(); // never connected: nothing to disconnect
  });

  it('otherwise shares one in-process bus across the process; closing one view leaves the others working', async () => {
    const serviceA = createEventBus({ clientId: 'a' });
    const serviceB = createEventBus({ clientId: 'b', kafkaBrokers: [] });
    const received: string[] = [];
    const topic = `shared-${Date.now()}`;
    await serviceB.subscribe({ groupId: 'b', topics: [topic], handler: async (m) => void received.push(m.value) });
    const stoppedByClose: string[] = [];
    await serviceA.subscribe({ groupId: 'a', topics: [topic], handler: async (m) => void stoppedByClose.push(m.value) });
    await serviceA.close();

    await sharedInProcessBus().publish([{ topic, key: 'k', value: 'hello' }]);
    await until(() => received.length === 1);
    expect(received).toEqual(['hello']);
    expect(stoppedByClose).toEqual([]);
    await expect(serviceA.publish([{ topic, key: 'k', value: 'x' }])).rejects.toThrow('closed');
    expect(await serviceA.health()).toEqual({ ok: false, detail: expect.stringContaining('closed') });
    expect((await serviceB.health()).ok).toBe(true);
    await serviceB.close();
    await sharedInProcessBus().close();
  });
});

function keysOnDifferentPartitions(partitions: number): [string, string] {
  const first = 'acct-0';
  for (let i = 1; ; i++) {
    const candidate = `acct-${i}`;
    if (partitionForKey(candidate, partitions) !== partitionForKey(first, partitions)) return [first, candidate];
  }
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
