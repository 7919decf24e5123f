/**
 * The benchmarks' own Kafka clients, beside (never inside) the services:
 * - `BenchProducer`: acks=all produce into a run's topics, in batches, or at a fixed rate with the
 *   produce timestamp of every message recorded (the start of each latency).
 * - `EventWatcher`: a test consumer group on the run's output topics that timestamps every event it
 *   sees (`performance.now()`, the same clock as the producer) by type and account.
 * - `waitForQuiet`: the system has drained when every consumer group of the run has had zero lag on
 *   every topic it subscribes to for a while (longer than the outbox relays take to publish).
 */
import { AssignerProtocol, Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { BROKERS, sleep } from './process-stack';

export interface WireMessage {
  topic: string;
  key: string;
  value: string;
}

/** HARNESS_KAFKA_LOG=nothing silences these clients (the fault-injection suite, whose broker is down on purpose). */
const HARNESS_LOG_LEVEL = process.env.HARNESS_KAFKA_LOG === 'nothing' ? logLevel.NOTHING : logLevel.ERROR;

function kafkaClient(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: BROKERS, logLevel: HARNESS_LOG_LEVEL, retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 } });
}

export class BenchProducer {
  private readonly producer: Producer;

  private constructor(producer: Producer) {
    this.producer = producer;
  }

  static async connect(clientId: string): Promise<BenchProducer> {
    const producer = kafkaClient(clientId).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    return new BenchProducer(producer);
  }

  /** Publishes in batches of `batch` (acks=all), one batch after another, so order per key is kept. */
  async publish(messages: WireMessage[], batch = 500): Promise<void> {
    // Messages of one key must stay in order: batches go one after another.
    for (let i = 0; i < messages.length; i += batch) {
      await this.send(messages.slice(i, i + batch));
    }
  }

  /**
   * Sends `messages` at `rate` per second (in ticks of `tickMs`, each tick sending what is due so far,
   * up to `maxInFlight` requests outstanding). `onSent(index, at)` gets each message's produce
   * timestamp: the moment just before its batch was handed to the producer.
   */
  async sendAtRate(
    messages: WireMessage[],
    rate: number,
    onSent: (index: number, at: number) => void,
    { tickMs = 10, maxInFlight = 32 }: { tickMs?: number; maxInFlight?: number } = {},
  ): Promise<RateResult> {
    const start = performance.now();
    let next = 0;
    let inFlight = 0;
    let maxBehind = 0;
    let errors = 0;
    const pending = new Set<Promise<void>>();
    while (next < messages.length) {
      const now = performance.now();
      const due = Math.min(messages.length, Math.floor(((now - start) / 1000) * rate) + 1);
      maxBehind = Math.max(maxBehind, due - next);
      if (due > next && inFlight < maxInFlight) {
        const from = next;
        const chunk = messages.slice(from, due);
        next = due;
        for (let i = from; i < due; i++) onSent(i, now);
        inFlight++;
        const p: Promise<void> = this.send(chunk)
          .catch((e) => {
            errors += chunk.length;
            console.error(`produce failed for ${chunk.length} messages: ${(e as Error).message}`);
          })
          .finally(() => {
            inFlight--;
            pending.delete(p);
          });
        pending.add(p);
      }
      await sleep(tickMs);
    }
    await Promise.all(pending);
    const seconds = (performance.now() - start) / 1000;
    return { sent: messages.length, seconds, achievedRate: messages.length / seconds, maxBehind, errors };
  }

  private async send(messages: WireMessage[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value });
      byTopic.set(m.topic, list);
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface RateResult {
  sent: number;
  seconds: number;
  achievedRate: number;
  /** The most messages that were due but not yet handed to the producer at one tick (the generator falling behind). */
  maxBehind: number;
  errors: number;
}

export interface SeenEvent {
  /** The envelope type, or `dead-letter`. */
  type: string;
  /** The message key: the account id. */
  key: string;
  value: string;
  /** performance.now() when the watcher received it. */
  at: number;
  /** The Kafka message timestamp (ms since the epoch): when the producer (a service's outbox relay) was handed it. */
  timestamp: number;
  /** The envelope's `occurredAt` (ms since the epoch), or NaN: when the service's handler made the event. */
  occurredAt: number;
}

/**
 * A consumer group of the benchmark's own on the run's topics, from the beginning. Only the type is
 * read from each value (a regex on the envelope's first `"type"`), so it keeps up at thousands per second;
 * listeners that need the payload parse the value themselves.
 */
export class EventWatcher {
  readonly counts = new Map<string, number>();
  private readonly listeners: ((e: SeenEvent) => void)[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(groupId: string, topics: string[], partitions = 3): Promise<EventWatcher> {
    const consumer = kafkaClient(groupId).consumer({
      groupId,
      maxWaitTimeInMs: 20,
      heartbeatInterval: 500,
      sessionTimeout: 10_000,
      allowAutoTopicCreation: false,
    });
    const watcher = new EventWatcher(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      partitionsConsumedConcurrently: partitions,
      eachBatch: async ({ batch }) => {
        const at = performance.now();
        const deadLetters = batch.topic.endsWith('.dead-letter');
        for (const message of batch.messages) {
          const value = message.value?.toString('utf8') ?? '';
          const type = deadLetters ? 'dead-letter' : (/"type":"([a-z-]+)"/.exec(value)?.[1] ?? 'unknown');
          watcher.counts.set(type, (watcher.counts.get(type) ?? 0) + 1);
          const occurred = /"occurredAt":"([^"]+)"/.exec(value)?.[1];
          const seen: SeenEvent = {
            type,
            key: message.key?.toString('utf8') ?? '',
            value,
            at,
            timestamp: Number(message.timestamp),
            occurredAt: occurred === undefined ? NaN : Date.parse(occurred),
          };
          for (const l of watcher.listeners) l(seen);
        }
      },
    });
    await Promise.race([joined, sleep(20_000)]);
    return watcher;
  }

  count(type: string): number {
    return this.counts.get(type) ?? 0;
  }

  on(listener: (e: SeenEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export interface LagSnapshot {
  /** Messages not yet consumed, summed over every group of the run and every topic it subscribes to. */
  total: number;
  byGroup: Record<string, number>;
  /** Groups of the run that are not Stable with members right now (rebalancing, or every member gone). */
  unsettled: string[];
}

export class LagProbe {
  private constructor(
    private readonly admin: Admin,
    private readonly prefix: string,
  ) {}

  static async connect(prefix: string): Promise<LagProbe> {
    const admin = kafkaClient(`${prefix}-bench-lag`).admin();
    await admin.connect();
    return new LagProbe(admin, prefix);
  }

  /** Lag of the services' groups (`<prefix>.<service>`), not of the benchmark's own watchers. */
  async snapshot(): Promise<LagSnapshot> {
    const groups = (await this.admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${this.prefix}.`));
    const described = groups.length ? (await this.admin.describeGroups(groups)).groups : [];
    const highs = new Map<string, Map<number, { high: number; low: number }>>();
    const offsetsOf = async (topic: string) => {
      let m = highs.get(topic);
      if (!m) {
        m = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }]));
        highs.set(topic, m);
      }
      return m;
    };
    const byGroup: Record<string, number> = {};
    const unsettled = described.filter((g) => g.state !== 'Stable' || g.members.length === 0).map((g) => g.groupId.slice(this.prefix.length + 1));
    let total = 0;
    for (const group of described) {
      const topics = new Set<string>();
      for (const member of group.members) {
        try {
          for (const t of AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics ?? []) topics.add(t);
        } catch {
          // not a consumer protocol member
        }
      }
      if (topics.size === 0) continue;
      const committed = await this.admin.fetchOffsets({ groupId: group.groupId, topics: [...topics] });
      let lag = 0;
      for (const { topic, partitions } of committed) {
        const ends = await offsetsOf(topic);
        for (const p of partitions) {
          const end = ends.get(p.partition);
          if (!end) continue;
          const at = Number(p.offset) >= 0 ? Number(p.offset) : end.low;
          lag += Math.max(0, end.high - at);
        }
      }
      byGroup[group.groupId.slice(this.prefix.length + 1)] = lag;
      total += lag;
    }
    return { total, byGroup, unsettled };
  }

  /**
   * Waits until the run is quiet: zero lag in every service group for `stableMs` (10 × the outbox
   * relay's poll). Prints progress every `reportEveryMs`. Throws after `timeoutMs`.
   */
  async waitForQuiet(
    what: string,
    {
      stableMs = 2_500,
      timeoutMs = 600_000,
      reportEveryMs = 10_000,
      groups = [] as string[],
    }: { stableMs?: number; timeoutMs?: number; reportEveryMs?: number; /** these groups must exist (e.g. after a restart); every group must be Stable with members */ groups?: string[] } = {},
  ): Promise<number> {
    const start = Date.now();
    let quietSince = 0;
    let lastReport = start;
    for (;;) {
      const snap = await this.snapshot();
      const now = Date.now();
      // Zero lag held for stableMs: the relays publish within their 250 ms poll, so anything still
      // coming would show as lag. (Not "no topic grew": a periodic job such as an SLA sweep may
      // publish at any time without that meaning the seeded work is unfinished.)
      // A group that is rebalancing or has lost every member (a killed service, or a member the broker
      // dropped for a missed heartbeat) shows no lag while it still has work: not quiet.
      const waitingFor = [...new Set([...snap.unsettled, ...groups.filter((g) => !(g in snap.byGroup))])];
      if (snap.total === 0 && waitingFor.length === 0) {
        if (!quietSince) quietSince = now;
        if (now - quietSince >= stableMs) return (quietSince - start) / 1000;
      } else {
        quietSince = 0;
      }
      if (now - lastReport >= reportEveryMs) {
        lastReport = now;
        const settling = waitingFor.length ? `; waiting for ${waitingFor.join(', ')} to settle` : '';
        console.log(`  … ${what}: ${snap.total} messages still to consume (${Object.entries(snap.byGroup).map(([g, l]) => `${g} ${l}`).join(', ')})${settling}`);
      }
      if (now - start > timeoutMs) {
        throw new Error(`${what}: not quiet after ${timeoutMs / 1000} s; lag ${JSON.stringify(snap.byGroup)}, unsettled ${JSON.stringify(snap.unsettled)}`);
      }
      await sleep(500);
    }
  }

  /** The partitions each member of `<prefix>.<group>` holds now, one line per member: `scoring-events[0,2] ownership-events[1]`. */
  async assignments(group: string): Promise<string[]> {
    const { groups } = await this.admin.describeGroups([`${this.prefix}.${group}`]);
    return (groups[0]?.members ?? []).map((m) => {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      const parts = Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => `${topic.slice(this.prefix.length + 1)}[${[...partitions].sort((a, b) => a - b).join(',')}]`);
      return parts.length ? parts.sort().join(' ') : 'nothing';
    });
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
