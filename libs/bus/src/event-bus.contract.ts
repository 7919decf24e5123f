import { randomBytes } from 'node:crypto';
import type { BatchHandler, BusMessage, EventBus, MessageHandler, ReceivedMessage, Subscription } from './event-bus.port';

/**
 * The behaviour every event-bus adapter must show (see event-bus.port.ts). Each adapter's spec
 * calls this once:
 *
 *   runEventBusContract('InProcessEventBus', async () => new InProcessEventBus());
 *
 * Every test gets a fresh bus from `makeBus` (closed afterwards) and unique topic and group names,
 * so the suite can run against a shared broker that other tests use at the same time.
 * Waits poll, so fast adapters finish fast; `quietPeriodMs` is how long a test waits to be sure
 * something (a duplicate, a delivery after stop) does NOT happen.
 */
export interface EventBusContractOptions {
  /** Upper bound for every "eventually delivered" wait. Default 20s. */
  deliveryTimeoutMs?: number;
  /** How long to watch for unwanted deliveries. Default 750ms. */
  quietPeriodMs?: number;
  /** Jest timeout per test. Default 45s. */
  testTimeoutMs?: number;
}

export function runEventBusContract(
  name: string,
  makeBus: () => Promise<EventBus>,
  options: EventBusContractOptions = {},
): void {
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 20_000;
  const quietPeriodMs = options.quietPeriodMs ?? 750;
  const testTimeoutMs = options.testTimeoutMs ?? 45_000;
  const prefix = `contract.${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    let run: string;
    const subscriptions: Subscription[] = [];

    const topicName = (label: string) => `${prefix}.${label}.${run}`;
    const groupName = (label: string) => `${prefix}.${label}.${run}`;
    const waitFor = (what: string, condition: () => boolean, describeState?: () => unknown) =>
      pollUntil(what, condition, deliveryTimeoutMs, describeState);
    const subscribe = async (groupId: string, topics: string[], handler: MessageHandler, batch?: { handleBatch: BatchHandler; maxBatchSize?: number }) => {
      const subscription = await bus.subscribe({ groupId, topics, handler, ...batch });
      subscriptions.push(subscription);
      return subscription;
    };

    beforeEach(async () => {
      run = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
      bus = await makeBus();
    });

    afterEach(async () => {
      await Promise.allSettled(subscriptions.splice(0).map((s) => s.stop()));
      await bus?.close();
    });

    it(
      'delivers a published message with its key, value and headers intact',
      async () => {
        const topic = topicName('roundtrip');
        await bus.ensureTopics([topic]);
        await bus.ensureTopics([topic]); // idempotent
        const inbox = new Inbox();
        await subscribe(groupName('roundtrip'), [topic], inbox.handler);

        const value = JSON.stringify({ accountId: 'acct-42', score: 87.5, note: 'Zoë ✓ — 営業' });
        // A header name is free text: one called `__proto__` is a header like any other (JSON.parse makes it an own key).
        const headers = JSON.parse(
          `{"event-type":"MqaQualified","correlation-id":"${run}","content-type":"application/json","__proto__":"partner-tool"}`,
        ) as Record<string, string>;
        expect(Object.keys(headers)).toContain('__proto__');
        await bus.publish([{ topic, key: 'acct-42', value, headers }]);
        await waitFor('the first message', () => inbox.messages.length >= 1, () => inbox.values());

        const [first] = inbox.messages;
        expect(first).toMatchObject({ topic, key: 'acct-42', value });
        expect(first.headers).toEqual(headers);
        expect(JSON.parse(first.value)).toEqual({ accountId: 'acct-42', score: 87.5, note: 'Zoë ✓ — 営業' });
        expect(Number.isInteger(first.partition) && first.partition >= 0).toBe(true);
        expect(first.offset).toMatch(/^\d+$/);

        // Same key → same partition, later offset. No headers → an empty header map.
        await bus.publish([{ topic, key: 'acct-42', value: 'second' }]);
        await waitFor('the second message', () => inbox.messages.length >= 2, () => inbox.values());
        const second = inbox.messages[1];
        expect(second).toMatchObject({ topic, key: 'acct-42', value: 'second', partition: first.partition });
        expect(BigInt(second.offset) > BigInt(first.offset)).toBe(true);
        expect(second.headers ?? {}).toEqual({});
      },
      testTimeoutMs,
    );

    it(
      'delivers messages with the same key in publish order',
      async () => {
        const topic = topicName('ordering');
        await bus.ensureTopics([topic]);
        const inbox = new Inbox();
        await subscribe(groupName('ordering'), [topic], inbox.handler);

        const keys = ['acct-a', 'acct-b', 'acct-c', 'acct-d', 'acct-e'];
        const published: BusMessage[] = [];
        for (let i = 0; i < 50; i++) {
          const key = keys[i % keys.length];
          published.push({ topic, key, value: `${key}#${Math.floor(i / keys.length)}`, headers: { seq: String(i) } });
        }
        // Five publish calls of ten, interleaving the keys.
        for (let i = 0; i < published.length; i += 10) await bus.publish(published.slice(i, i + 10));
        await waitFor('50 messages', () => inbox.messages.length >= 50, () => inbox.messages.length);
        await sleep(quietPeriodMs);

        expect(inbox.messages).toHaveLength(50);
        for (const key of keys) {
          const expected = published.filter((m) => m.key === key).map((m) => m.value);
          expect(inbox.messages.filter((m) => m.key === key).map((m) => m.value)).toEqual(expected);
        }
        for (const m of inbox.messages) expect(m.headers?.seq).toBe(String(published.findIndex((p) => p.value === m.value)));
      },
      testTimeoutMs,
    );

    it(
      'delivers every message to every consumer group',
      async () => {
        const topic = topicName('fanout');
        await bus.ensureTopics([topic]);
        const billing = new Inbox();
        const audit = new Inbox();
        await subscribe(groupName('fanout-billing'), [topic], billing.handler);
        await subscribe(groupName('fanout-audit'), [topic], audit.handler);

        const published = range(20).map((i) => ({ topic, key: `acct-${i % 4}`, value: `fanout-${i}` }));
        await bus.publish(published);
        await waitFor('20 messages in both groups', () => billing.messages.length >= 20 && audit.messages.length >= 20, () => [
          billing.messages.length,
          audit.messages.length,
        ]);
        await sleep(quietPeriodMs);

        const expected = published.map((m) => m.value).sort();
        expect(billing.values().sort()).toEqual(expected);
        expect(audit.values().sort()).toEqual(expected);
      },
      testTimeoutMs,
    );

    it(
      'shares a group between its subscribers, each message going to exactly one of them',
      async () => {
        const topic = topicName('shared');
        await bus.ensureTopics([topic]);
        const group = groupName('shared');
        const first = new Inbox();
        const second = new Inbox();
        await subscribe(group, [topic], first.handler);
        await subscribe(group, [topic], second.handler); // Kafka: resolves after the rebalance

        // 30 distinct keys over 3 partitions: both subscribers own at least one partition.
        const published = range(60).map((i) => ({ topic, key: `acct-${i % 30}`, value: `shared-${i}` }));
        await bus.publish(published);
        const total = () => first.messages.length + second.messages.length;
        await waitFor('60 messages across the group', () => total() >= 60, total);
        await sleep(quietPeriodMs);

        expect([...first.values(), ...second.values()].sort()).toEqual(published.map((m) => m.value).sort());
        expect(first.messages.length).toBeGreaterThan(0);
        expect(second.messages.length).toBeGreaterThan(0);
        const firstKeys = new Set(first.messages.map((m) => m.key));
        expect(second.messages.filter((m) => firstKeys.has(m.key))).toEqual([]); // a key's partition has one owner
        const firstPartitions = new Set(first.messages.map((m) => m.partition));
        expect(second.messages.filter((m) => firstPartitions.has(m.partition))).toEqual([]);
      },
      testTimeoutMs,
    );

    it(
      'hands the partitions of a subscriber that stopped to the rest of its group',
      async () => {
        const topic = topicName('takeover');
        await bus.ensureTopics([topic]);
        const group = groupName('takeover');
        const leaving = new Inbox();
        const staying = new Inbox();
        const leavingSubscription = await subscribe(group, [topic], leaving.handler);
        await subscribe(group, [topic], staying.handler);
        await leavingSubscription.stop();

        const published = range(30).map((i) => ({ topic, key: `acct-${i}`, value: `takeover-${i}` }));
        await bus.publish(published);
        await waitFor('30 messages at the remaining subscriber', () => staying.messages.length >= 30, () => staying.messages.length);
        await sleep(quietPeriodMs);

        expect(staying.values().sort()).toEqual(published.map((m) => m.value).sort());
        expect(leaving.messages).toEqual([]);
      },
      testTimeoutMs,
    );

    it(
      'redelivers a message whose handler threw, before any later message with its key',
      async () => {
        const topic = topicName('retry');
        await bus.ensureTopics([topic]);
        const attempts: ReceivedMessage[] = [];
        let failed = false;
        await subscribe(groupName('retry'), [topic], async (message) => {
          attempts.push(message);
          if (message.value === 'acct-x#0' && !failed) {
            failed = true;
            throw new Error('simulated handler failure (expected in this test)');
          }
        });

        await bus.publish([
          { topic, key: 'acct-x', value: 'acct-x#0', headers: { attempt: 'x0' } },
          { topic, key: 'acct-y', value: 'acct-y#0' },
          { topic, key: 'acct-x', value: 'acct-x#1' },
          { topic, key: 'acct-x', value: 'acct-x#2' },
          { topic, key: 'acct-y', value: 'acct-y#1' },
        ]);
        const seen = (value: string) => attempts.some((m) => m.value === value);
        await waitFor('acct-x#2 and acct-y#1', () => seen('acct-x#2') && seen('acct-y#1'), () => attempts.map((m) => m.value));
        await sleep(quietPeriodMs);

        const forX = attempts.filter((m) => m.key === 'acct-x');
        expect(forX.map((m) => m.value)).toEqual(['acct-x#0', 'acct-x#0', 'acct-x#1', 'acct-x#2']);
        // The redelivery is the same record: same partition, offset and headers.
        expect(forX[1]).toEqual(forX[0]);
        expect(forX[1].headers).toEqual({ attempt: 'x0' });
        // Other keys are unaffected: delivered, in order (at-least-once may repeat, never reorder).
        expect(dedupeConsecutive(attempts.filter((m) => m.key === 'acct-y').map((m) => m.value))).toEqual([
          'acct-y#0',
          'acct-y#1',
        ]);
      },
      testTimeoutMs,
    );

    it(
      'starts a new group from the earliest message',
      async () => {
        const topic = topicName('replay');
        // No ensureTopics: publishing to a topic nobody created yet creates it.
        const published = range(12).map((i) => ({ topic, key: `acct-${i % 3}`, value: `replay-${i}` }));
        await bus.publish(published.slice(0, 6));
        await bus.publish(published.slice(6));

        const late = new Inbox();
        await subscribe(groupName('replay-late'), [topic], late.handler);
        await waitFor('12 old messages', () => late.messages.length >= 12, () => late.values());
        await sleep(quietPeriodMs);

        expect(late.values().sort()).toEqual(published.map((m) => m.value).sort());
        for (const key of ['acct-0', 'acct-1', 'acct-2']) {
          expect(late.messages.filter((m) => m.key === key).map((m) => m.value)).toEqual(
            published.filter((m) => m.key === key).map((m) => m.value),
          );
        }
      },
      testTimeoutMs,
    );

    it(
      'lets stop() finish the in-flight handler first',
      async () => {
        const topic = topicName('drain');
        await bus.ensureTopics([topic]);
        const events: string[] = [];
        const subscription = await subscribe(groupName('drain'), [topic], async (message) => {
          events.push(`start ${message.value}`);
          await sleep(300);
          events.push(`end ${message.value}`);
        });

        await bus.publish([{ topic, key: 'acct-slow', value: 'slow-1' }]);
        await waitFor('the handler to start', () => events.length >= 1, () => events);
        await subscription.stop();
        expect(events).toEqual(['start slow-1', 'end slow-1']);
      },
      testTimeoutMs,
    );

    it(
      'stops delivering after stop(); the group later resumes where it left off',
      async () => {
        const topic = topicName('stop');
        await bus.ensureTopics([topic]);
        const group = groupName('stop');
        const before = new Inbox();
        const subscription = await subscribe(group, [topic], before.handler);

        await bus.publish([{ topic, key: 'acct-s', value: 'before-stop' }]);
        await waitFor('the first message', () => before.messages.length >= 1, () => before.values());
        await subscription.stop();

        await bus.publish([{ topic, key: 'acct-s', value: 'after-stop' }]);
        await sleep(quietPeriodMs);
        expect(before.values()).toEqual(['before-stop']);

        // The message published while nobody listened is waiting for the group, and only it.
        const after = new Inbox();
        await subscribe(group, [topic], after.handler);
        await waitFor('the message published after stop()', () => after.messages.length >= 1, () => after.values());
        await sleep(quietPeriodMs);
        expect(after.values()).toEqual(['after-stop']);
        expect(before.values()).toEqual(['before-stop']);
      },
      testTimeoutMs,
    );

    it(
      'reports itself healthy while open with its subscriptions running, and unhealthy once closed',
      async () => {
        const topic = topicName('health');
        const inbox = new Inbox();
        await subscribe(groupName('health'), [topic], inbox.handler);
        await bus.publish([{ topic, key: 'acct-h', value: 'ping' }]);
        await waitFor('the message', () => inbox.messages.length >= 1, () => inbox.values());

        const open = await bus.health();
        expect(open.ok).toBe(true);
        expect(open.detail).toEqual(expect.any(String));

        await bus.close();
        const closed = await bus.health();
        expect(closed).toEqual({ ok: false, detail: expect.stringContaining('closed') });
      },
      testTimeoutMs,
    );

    it(
      'hands a batch handler consecutive messages of one partition, at most maxBatchSize, each key in publish order',
      async () => {
        const topic = topicName('batch');
        const keys = ['acct-a', 'acct-b', 'acct-c', 'acct-d', 'acct-e'];
        const published = range(60).map((i) => ({ topic, key: keys[i % keys.length], value: `batch-${i}` }));
        // Published before anyone subscribes, so the group finds a backlog to batch.
        await bus.publish(published);
        const batches: ReceivedMessage[][] = [];
        const singles: ReceivedMessage[] = [];
        await subscribe(groupName('batch'), [topic], async (m) => void singles.push(m), {
          maxBatchSize: 7,
          handleBatch: async (messages) => void batches.push(messages),
        });
        const applied = () => batches.flat();
        await waitFor('60 messages in batches', () => applied().length >= 60, () => applied().length);
        await sleep(quietPeriodMs);

        expect(singles).toEqual([]); // no batch failed, so no fallback
        expect(applied().map((m) => m.value).sort()).toEqual(published.map((m) => m.value).sort());
        for (const batch of batches) {
          expect(batch.length).toBeGreaterThanOrEqual(1);
          expect(batch.length).toBeLessThanOrEqual(7);
          expect(new Set(batch.map((m) => `${m.topic}[${m.partition}]`)).size).toBe(1);
          const offsets = batch.map((m) => BigInt(m.offset));
          offsets.slice(1).forEach((offset, i) => expect(offset > offsets[i]).toBe(true));
        }
        expect(batches.some((b) => b.length > 1)).toBe(true);
        for (const key of keys) {
          expect(applied().filter((m) => m.key === key).map((m) => m.value)).toEqual(published.filter((m) => m.key === key).map((m) => m.value));
        }
      },
      testTimeoutMs,
    );

    it(
      'falls back to the handler, message by message, when a batch fails; a failing message is redelivered before later ones',
      async () => {
        const topic = topicName('batch-fallback');
        await bus.ensureTopics([topic]);
        await bus.publish([
          { topic, key: 'acct-x', value: 'acct-x#0' },
          { topic, key: 'acct-y', value: 'acct-y#0' },
          { topic, key: 'acct-x', value: 'acct-x#1', headers: { poison: 'once' } },
          { topic, key: 'acct-x', value: 'acct-x#2' },
          { topic, key: 'acct-y', value: 'acct-y#1' },
          { topic, key: 'acct-x', value: 'acct-x#3' },
        ]);
        const applied: ReceivedMessage[] = []; // what a batch or the handler applied, in order
        const poisonAttempts: ReceivedMessage[] = [];
        const failedBatches: string[][] = [];
        await subscribe(
          groupName('batch-fallback'),
          [topic],
          async (message) => {
            if (message.value === 'acct-x#1') {
              poisonAttempts.push(message);
              if (poisonAttempts.length === 1) throw new Error('simulated handler failure (expected in this test)');
            }
            applied.push(message);
          },
          {
            handleBatch: async (messages) => {
              // All-or-nothing: a batch holding the poison message refuses before applying anything.
              if (messages.some((m) => m.value === 'acct-x#1')) {
                failedBatches.push(messages.map((m) => m.value));
                throw new Error('simulated batch failure (expected in this test)');
              }
              applied.push(...messages);
            },
          },
        );
        const seen = (value: string) => applied.some((m) => m.value === value);
        await waitFor('acct-x#3 and acct-y#1', () => seen('acct-x#3') && seen('acct-y#1'), () => applied.map((m) => m.value));
        await sleep(quietPeriodMs);

        expect(failedBatches.length).toBeGreaterThanOrEqual(1);
        expect(applied.filter((m) => m.key === 'acct-x').map((m) => m.value)).toEqual(['acct-x#0', 'acct-x#1', 'acct-x#2', 'acct-x#3']);
        expect(dedupeConsecutive(applied.filter((m) => m.key === 'acct-y').map((m) => m.value))).toEqual(['acct-y#0', 'acct-y#1']);
        // The handler threw once on the poison message and got the same record again.
        expect(poisonAttempts).toHaveLength(2);
        expect(poisonAttempts[1]).toEqual(poisonAttempts[0]);
        expect(poisonAttempts[0].headers).toEqual({ poison: 'once' });
      },
      testTimeoutMs,
    );
  });
}

class Inbox {
  readonly messages: ReceivedMessage[] = [];
  readonly handler: MessageHandler = async (message) => {
    this.messages.push(message);
  };
  values(): string[] {
    return this.messages.map((m) => m.value);
  }
}

async function pollUntil(what: string, condition: () => boolean, timeoutMs: number, describeState?: () => unknown) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      const state = describeState ? ` (state: ${JSON.stringify(describeState())})` : '';
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${state}`);
    }
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function dedupeConsecutive(values: string[]): string[] {
  return values.filter((v, i) => i === 0 || values[i - 1] !== v);
}
