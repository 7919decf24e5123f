import { partitionForKey } from './key-partitioner';
import {
  DEFAULT_MAX_BATCH_SIZE,
  type BatchHandler,
  type BusHealth,
  type BusMessage,
  type EventBus,
  type MessageHandler,
  type ReceivedMessage,
  type SubscribeOptions,
  type Subscription,
} from './event-bus.port';

/**
 * In-memory adapter of the event-bus port for a single process (`npm start` with embedded
 * defaults, unit tests). It reproduces the Kafka semantics the port promises:
 *
 * - each topic is an append-only log split into `partitions` partitions by Kafka's key hash
 *   (murmur2), so one key always lands on one partition and keeps its order;
 * - each consumer group keeps its own committed offset per partition, starting at 0 (earliest);
 * - subscribers of one group share the partitions (round-robin by topic-partition, recomputed when
 *   a subscriber joins or leaves, like Kafka's RoundRobinAssigner);
 * - delivery is asynchronous (never inside `publish`'s call stack) and sequential per partition;
 *   partitions are delivered independently of each other;
 * - at-least-once: the offset advances only after the handler resolved; if it throws, the same
 *   message is delivered again after an exponential backoff (50ms → 1s by default) and nothing
 *   after it on that partition is delivered first;
 * - with `handleBatch`: the partition's next `maxBatchSize` undelivered messages go to it at once;
 *   if it throws, the same messages go to `handler` one by one (the rule above), and after a
 *   redelivery backoff the next batch starts at the message that failed (as Kafka refetches).
 *
 * Nothing is ever deleted (no retention) and nothing survives the process.
 */
export interface InProcessEventBusOptions {
  /** Partitions per topic. Default 3 (same as the Kafka adapter and the local broker). */
  partitions?: number;
  /** Redelivery backoff after a handler failure: initialMs doubles up to maxMs. Default 50 → 1000. */
  retryBackoff?: { initialMs?: number; maxMs?: number };
  /** Where handler failures are reported. Default: console. */
  logger?: { warn(message: string, ...meta: unknown[]): void };
}

const DEFAULT_PARTITIONS = 3;
const DEFAULT_INITIAL_BACKOFF_MS = 50;
const DEFAULT_MAX_BACKOFF_MS = 1000;

type StoredMessage = ReceivedMessage & { headers: Record<string, string> };

class TopicLog {
  readonly partitions: StoredMessage[][];
  constructor(
    readonly name: string,
    partitionCount: number,
  ) {
    this.partitions = Array.from({ length: partitionCount }, () => []);
  }
}

class Member implements Subscription {
  stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping?: Promise<void>;

  constructor(
    readonly group: ConsumerGroup,
    readonly topics: ReadonlySet<string>,
    private readonly handler: MessageHandler,
    private readonly onStop: (member: Member) => void,
    readonly batchHandler: BatchHandler | undefined,
    readonly maxBatchSize: number,
  ) {}

  deliver(message: StoredMessage): Promise<void> {
    return this.track(() => this.handler(copyOf(message)));
  }

  deliverBatch(messages: StoredMessage[]): Promise<void> {
    const handleBatch = this.batchHandler!;
    return this.track(() => handleBatch(messages.map(copyOf)));
  }

  private async track(run: () => Promise<void>): Promise<void> {
    const call = (async () => run())();
    this.inFlight.add(call);
    try {
      await call;
    } finally {
      this.inFlight.delete(call);
    }
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      this.onStop(this);
      this.stopping = Promise.allSettled([...this.inFlight]).then(() => undefined);
    }
    return this.stopping;
  }
}

/** One group's position in one topic-partition, and the loop delivering from it. */
class PartitionCursor {
  /** Next offset to deliver (= committed offset). */
  offset = 0;
  owner?: Member;
  private draining = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly log: StoredMessage[],
    private readonly bus: InProcessEventBus,
  ) {}

  /** Schedules delivery on a later turn of the event loop, unless already running or backing off. */
  kick(): void {
    if (this.draining || this.retryTimer || this.bus.isClosed) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  cancel(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        // Re-read the owner before every message or batch: a rebalance takes effect in between.
        const owner = this.owner;
        if (!this.mayDeliver(owner)) return;
        if (!owner.batchHandler) {
          if (!(await this.deliverOne(owner))) return;
          continue;
        }
        const batch = this.log.slice(this.offset, this.offset + owner.maxBatchSize);
        try {
          await owner.deliverBatch(batch);
          this.failures = 0;
          this.offset += batch.length;
          continue;
        } catch (error) {
          this.bus.reportBatchFailure(owner.group.id, batch, error);
        }
        // The batch was not applied: its messages one by one, as if there were no batch handler.
        const end = this.offset + batch.length;
        while (this.offset < end && this.owner === owner && this.mayDeliver(owner)) {
          if (!(await this.deliverOne(owner))) return;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private mayDeliver(owner: Member | undefined): owner is Member {
    return !!owner && !owner.stopped && !this.bus.isClosed && this.offset < this.log.length;
  }

  /** Delivers the message at the offset; false when the handler threw (a redelivery is scheduled). */
  private async deliverOne(owner: Member): Promise<boolean> {
    const message = this.log[this.offset];
    try {
      await owner.deliver(message);
    } catch (error) {
      this.failures += 1;
      const delay = this.bus.backoffMs(this.failures);
      this.bus.reportFailure(owner.group.id, message, this.failures, delay, error);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.kick();
      }, delay);
      this.retryTimer.unref?.();
      return false;
    }
    this.failures = 0;
    this.offset += 1;
    return true;
  }
}

class ConsumerGroup {
  readonly members: Member[] = [];
  /** topic → one cursor per partition. Survives members leaving (committed offsets). */
  readonly cursors = new Map<string, PartitionCursor[]>();

  constructor(readonly id: string) {}
}

export class InProcessEventBus implements EventBus {
  private readonly partitionCount: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly logger: { warn(message: string, ...meta: unknown[]): void };
  private readonly topics = new Map<string, TopicLog>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private closed = false;

  constructor(options: InProcessEventBusOptions = {}) {
    this.partitionCount = options.partitions ?? DEFAULT_PARTITIONS;
    if (!Number.isInteger(this.partitionCount) || this.partitionCount < 1) {
      throw new Error(`partitions must be a positive integer, got ${options.partitions}`);
    }
    this.initialBackoffMs = options.retryBackoff?.initialMs ?? DEFAULT_INITIAL_BACKOFF_MS;
    this.maxBackoffMs = options.retryBackoff?.maxMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.logger = options.logger ?? console;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async ensureTopics(topics: string[]): Promise<void> {
    this.assertOpen();
    for (const topic of topics) this.topic(topic);
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.assertOpen();
    for (const message of messages) validateMessage(message);
    const touched = new Set<string>();
    for (const { topic, key, value, headers } of messages) {
      const log = this.topic(topic);
      const partition = partitionForKey(key, log.partitions.length);
      const entries = log.partitions[partition];
      entries.push({
        topic,
        key,
        value,
        headers: { ...(headers ?? {}) },
        partition,
        offset: String(entries.length),
      });
      touched.add(topic);
    }
    for (const topic of touched) {
      for (const group of this.groups.values()) group.cursors.get(topic)?.forEach((c) => c.kick());
    }
  }

  async subscribe({ groupId, topics, handler, handleBatch, maxBatchSize }: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (!groupId) throw new Error('subscribe: groupId is required');
    if (topics.length === 0) throw new Error('subscribe: at least one topic is required');
    const batchSize = maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`subscribe: maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId);
      this.groups.set(groupId, group);
    }
    for (const topic of topics) {
      const log = this.topic(topic);
      if (!group.cursors.has(topic)) {
        group.cursors.set(
          topic,
          log.partitions.map((entries) => new PartitionCursor(entries, this)),
        );
      }
    }
    const member = new Member(group, new Set(topics), handler, (m) => this.leave(m), handleBatch, batchSize);
    group.members.push(member);
    this.rebalance(group);
    return member;
  }

  /** Nothing to reach: healthy until closed. */
  async health(): Promise<BusHealth> {
    if (this.closed) return { ok: false, detail: 'the in-process bus is closed' };
    const subscriptions = [...this.groups.values()].reduce((n, g) => n + g.members.length, 0);
    return { ok: true, detail: `in-process bus open, ${subscriptions} subscription(s)` };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Closed first: no new deliveries start; handlers already running finish (stop() waits).
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const cursors of group.cursors.values()) cursors.forEach((c) => c.cancel());
    }
    const members = [...this.groups.values()].flatMap((g) => g.members);
    await Promise.all(members.map((m) => m.stop()));
  }

  /** @internal exponential backoff for the n-th consecutive failure (1-based). */
  backoffMs(failures: number): number {
    return Math.min(this.initialBackoffMs * 2 ** Math.min(failures - 1, 30), this.maxBackoffMs);
  }

  /** @internal */
  reportFailure(groupId: string, message: ReceivedMessage, failures: number, delayMs: number, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `[in-process-event-bus] handler of group "${groupId}" failed on ${message.topic}[${message.partition}]@${message.offset} ` +
        `(key ${message.key}, attempt ${failures}): ${reason}; redelivering in ${delayMs}ms`,
    );
  }

  /** @internal */
  reportBatchFailure(groupId: string, batch: ReceivedMessage[], error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const first = batch[0];
    this.logger.warn(
      `[in-process-event-bus] batch handler of group "${groupId}" failed on ${batch.length} message(s) from ` +
        `${first.topic}[${first.partition}]@${first.offset}: ${reason}; handling them one by one`,
    );
  }

  private topic(name: string): TopicLog {
    if (typeof name !== 'string' || name.length === 0) throw new Error('topic name must be a non-empty string');
    let log = this.topics.get(name);
    if (!log) {
      log = new TopicLog(name, this.partitionCount);
      this.topics.set(name, log);
    }
    return log;
  }

  private leave(member: Member): void {
    const group = member.group;
    const index = group.members.indexOf(member);
    if (index >= 0) group.members.splice(index, 1);
    this.rebalance(group);
  }

  /**
   * Round-robin over the group's topic-partitions (sorted by topic, then partition), each going to
   * the next member (in join order) that subscribes to its topic.
   */
  private rebalance(group: ConsumerGroup): void {
    const members = group.members.filter((m) => !m.stopped);
    let next = 0;
    for (const topic of [...group.cursors.keys()].sort()) {
      const candidates = members.filter((m) => m.topics.has(topic));
      for (const cursor of group.cursors.get(topic)!) {
        if (candidates.length === 0) {
          cursor.owner = undefined;
          continue;
        }
        // Next member in the overall rotation that subscribes to this topic.
        let chosen: Member | undefined;
        for (let i = 0; i < members.length && !chosen; i++) {
          const candidate = members[(next + i) % members.length];
          if (candidate.topics.has(topic)) {
            chosen = candidate;
            next = (members.indexOf(candidate) + 1) % members.length;
          }
        }
        cursor.owner = chosen;
        cursor.kick();
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InProcessEventBus is closed');
  }
}

/** A fresh copy per delivery: a handler mutating its message cannot corrupt the log. */
function copyOf(message: StoredMessage): ReceivedMessage {
  return { ...message, headers: { ...message.headers } };
}

function validateMessage(message: BusMessage): void {
  if (!message || typeof message.topic !== 'string' || message.topic.length === 0) {
    throw new Error('publish: every message needs a non-empty topic');
  }
  if (typeof message.key !== 'string') throw new Error(`publish: message key must be a string (topic ${message.topic})`);
  if (typeof message.value !== 'string') {
    throw new Error(`publish: message value must be a string (topic ${message.topic}, key ${message.key})`);
  }
  if (message.headers) {
    for (const [name, value] of Object.entries(message.headers)) {
      if (typeof value !== 'string') throw new Error(`publish: header "${name}" must be a string`);
    }
  }
}
