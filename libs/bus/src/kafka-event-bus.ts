import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type IHeaders,
  type logCreator,
  type EachBatchPayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
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
 * Kafka adapter of the event-bus port, on kafkajs 2.2.4 (tested against Apache Kafka 3.9.1 in
 * KRaft mode, see tools/kafka).
 *
 * - `ensureTopics`: admin.createTopics for the missing ones (numPartitions from config), then waits
 *   until every partition has a leader; "already exists" (also from a concurrent creator) is fine.
 *   `publish` and `subscribe` ensure their topics first (once per topic and bus instance), so the
 *   broker's auto-creation (and its "no leader" first produce) is never relied on.
 * - `publish`: one idempotent producer (acks=-1, maxInFlightRequests=1), one `sendBatch` per call
 *   with the messages grouped per topic; key → partition with Kafka's murmur2 (DefaultPartitioner).
 * - `subscribe`: one kafkajs consumer per subscription, `fromBeginning: true`, driven by
 *   `eachBatch` (auto-resolve off); resolves once the consumer joined its group. Up to
 *   `partitionsConsumedConcurrently` partitions (default 1) are handled at the same time, each in
 *   order. A fetched batch is cut into chunks of `maxBatchSize`: each chunk goes to `handleBatch` when given (then its offsets are resolved),
 *   otherwise — or when `handleBatch` threw — message by message to `handler`, resolving and
 *   heartbeating after each. Offsets are committed after every chunk. Between chunks and messages
 *   the loop stops when the consumer stops or the partition was revoked (`isRunning`/`isStale`),
 *   leaving the rest unresolved for whoever owns the partition next.
 * - Handler failure: the error is rethrown from `eachBatch` as a *retriable* error, so kafkajs
 *   commits what was resolved before it, stops the batch and refetches from the failed message
 *   after the consumer `retry` backoff (`initialRetryTime` growing to `maxRetryTime`); the offset
 *   never moves past the failing message. The retry budget is unbounded, so the consumer does not
 *   crash on a persistently failing handler; should kafkajs still crash it without restarting
 *   (non-retriable error), the subscription recreates the consumer with a backoff (1s → 30s).
 *   Note: kafkajs's fetch retrier does not reset its backoff after a success, so after a few
 *   failures in the lifetime of one consumer, later failures wait `maxRetryTime`.
 * - `health`: a metadata request (admin `describeCluster`) through a separate, silent client with
 *   no retries, answered within `healthTimeoutMs` (a probe still in flight is shared, so a dead
 *   broker never piles requests up), plus the state of every subscription's consumer: it must
 *   have joined its group and not have crashed since (a crashed consumer is unhealthy until it
 *   rejoined, whether kafkajs or this adapter restarts it).
 */
export interface KafkaConsumerTuning {
  /** Broker drops a member that sent no heartbeat for this long. Must be ≥ the broker's group.min.session.timeout.ms (6000 by default). */
  sessionTimeout: number;
  /** Heartbeats (and so rebalance notices) at most this often; kafkajs heartbeats between fetches/messages. */
  heartbeatInterval: number;
  /** How long the coordinator waits for members to rejoin during a rebalance. */
  rebalanceTimeout: number;
  /** Long-poll wait of an empty fetch; bounds delivery latency and how fast a rebalance is noticed. */
  maxWaitTimeInMs: number;
  /** Backoff between redeliveries after a handler failure (kafkajs consumer retry). */
  retry: { initialRetryTime: number; maxRetryTime: number };
  /**
   * Partitions one consumer handles at the same time (kafkajs `partitionsConsumedConcurrently`;
   * KAFKA_CONSUMER_CONCURRENCY). Order within a partition (an account's events) is kept either way;
   * what two partitions share (a rep's queue) must be guarded the way two instances guard it
   * (the services take advisory locks), since instances of a service consume side by side anyway.
   */
  partitionsConsumedConcurrently: number;
  /**
   * Most bytes one fetch returns per partition (kafkajs `maxBytesPerPartition`, its default 1 MiB).
   * Under a backlog every fetch comes back full, and the whole fetched batch (raw buffers and the
   * decoded messages) stays reachable until the last of its chunks is applied; kafkajs's 1 MiB per
   * partition is thousands of events here, far more than one `maxBatchSize` chunk. A record batch
   * larger than this is still returned whole (the broker always answers with at least one batch),
   * so this bounds memory, never progress.
   */
  maxBytesPerPartition: number;
  /** Most bytes one fetch returns over all partitions (kafkajs `maxBytes`, its default 10 MiB). */
  maxBytes: number;
  /**
   * Messages per `handleBatch` call when a subscription does not give `maxBatchSize`
   * (KAFKA_CONSUMER_BATCH_SIZE). Unless given too, `maxBytesPerPartition` and `maxBytes` follow it
   * (`fetchBytesFor`), so one fetch still holds about one batch.
   */
  maxBatchSize: number;
}

/** Fetch budget per event: 256 KiB per partition for a batch of 100, the measured default (libs/bus/README.md). */
const FETCH_BYTES_PER_EVENT = (256 * 1024) / DEFAULT_MAX_BATCH_SIZE;

/**
 * The fetch sizes for batches of `maxBatchSize`: `FETCH_BYTES_PER_EVENT` per event per partition
 * (256 KiB at 100, 1 MiB at 400) and four partitions' worth in all (1 MiB at 100).
 */
export function fetchBytesFor(maxBatchSize: number): Pick<KafkaConsumerTuning, 'maxBytesPerPartition' | 'maxBytes'> {
  const maxBytesPerPartition = Math.ceil(maxBatchSize * FETCH_BYTES_PER_EVENT);
  return { maxBytesPerPartition, maxBytes: 4 * maxBytesPerPartition };
}

/**
 * Low-latency defaults for this project (local broker, tests, demo): a second subscriber joins in
 * ~1s, a failed message is redelivered after ~100ms, an idle consumer polls every 100ms.
 * `maxRetryTime` stays well below `sessionTimeout` because kafkajs does not heartbeat while it
 * waits out a retry.
 */
export const DEFAULT_KAFKA_CONSUMER_TUNING: KafkaConsumerTuning = {
  sessionTimeout: 10_000,
  heartbeatInterval: 500,
  rebalanceTimeout: 10_000,
  maxWaitTimeInMs: 100,
  retry: { initialRetryTime: 100, maxRetryTime: 2_000 },
  partitionsConsumedConcurrently: 1,
  maxBatchSize: DEFAULT_MAX_BATCH_SIZE,
  ...fetchBytesFor(DEFAULT_MAX_BATCH_SIZE),
};

export interface KafkaEventBusConfig {
  clientId: string;
  /** host:port list; use 127.0.0.1, not localhost (Node may resolve localhost to ::1). */
  brokers: string[];
  /** Partitions of the topics ensureTopics creates. Default 3. */
  partitions?: number;
  /** Replication factor of created topics. Default 1 (single local broker). */
  replicationFactor?: number;
  /** kafkajs log level. Default WARN. */
  logLevel?: KafkaLogLevel;
  /** Consumer timing; see DEFAULT_KAFKA_CONSUMER_TUNING. */
  consumer?: Partial<KafkaConsumerTuning>;
  /** Longest `health()` waits for the broker's answer. Default 2000. */
  healthTimeoutMs?: number;
}

const DEFAULT_PARTITIONS = 3;
const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;
const LEADER_WAIT_MS = 15_000;

/** A handler failure, marked retriable so kafkajs retries (and, if ever exhausted, restarts). */
export class EventHandlerError extends Error {
  readonly retriable = true;
  /**
   * Kept out of `cause` on purpose: kafkajs decides whether to restart a crashed consumer from the
   * innermost `cause`, which must be this (retriable) error, not the handler's own.
   */
  constructor(
    message: string,
    readonly handlerError: unknown,
  ) {
    super(message);
    this.name = 'EventHandlerError';
  }
}

export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  /** Only for `health()`: no retries and a short timeout, so a probe answers fast; silent (the answer is the report). */
  private readonly healthKafka: Kafka;
  private readonly brokers: string[];
  private readonly healthTimeoutMs: number;
  private healthAdmin?: Admin;
  private clusterProbe?: Promise<BusHealth>;
  private readonly partitions: number;
  private readonly replicationFactor: number;
  /** The consumer tuning in effect: the defaults, fetch sizes for its `maxBatchSize`, then what `consumer` gave. */
  readonly tuning: KafkaConsumerTuning;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private closed = false;

  constructor(config: KafkaEventBusConfig) {
    if (!config.brokers?.length) throw new Error('KafkaEventBus: at least one broker is required');
    this.partitions = config.partitions ?? DEFAULT_PARTITIONS;
    if (!Number.isInteger(this.partitions) || this.partitions < 1) {
      throw new Error(`KafkaEventBus: partitions must be a positive integer, got ${config.partitions}`);
    }
    this.brokers = [...config.brokers];
    this.healthTimeoutMs = config.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    this.replicationFactor = config.replicationFactor ?? 1;
    const maxBatchSize = config.consumer?.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new Error(`KafkaEventBus: consumer.maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    }
    this.tuning = {
      ...DEFAULT_KAFKA_CONSUMER_TUNING,
      ...fetchBytesFor(maxBatchSize),
      ...config.consumer,
      retry: { ...DEFAULT_KAFKA_CONSUMER_TUNING.retry, ...config.consumer?.retry },
    };
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      logLevel: config.logLevel ?? KafkaLogLevel.WARN,
      logCreator: quietRebalanceLogCreator,
      connectionTimeout: 3_000,
      // Client-level retry (producer, admin, metadata). Explicit so NODE_ENV=test does not change it.
      retry: { initialRetryTime: 100, maxRetryTime: 5_000, factor: 0.2, multiplier: 2, retries: 8 },
    });
    this.healthKafka = new Kafka({
      clientId: `${config.clientId}-health`,
      brokers: config.brokers,
      logLevel: KafkaLogLevel.NOTHING,
      connectionTimeout: this.healthTimeoutMs,
      requestTimeout: this.healthTimeoutMs,
      retry: { retries: 0 },
    });
  }

  async ensureTopics(topics: string[]): Promise<void> {
    this.assertOpen();
    const wanted = [...new Set(topics)].filter((t) => !this.knownTopics.has(t));
    if (wanted.length === 0) return;
    const admin = await this.adminClient();
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        // Returns false when every topic already existed (e.g. a concurrent creator won the race).
        // No waitForLeaders here: kafkajs's own wait retries only LEADER_NOT_AVAILABLE and fails on
        // the UNKNOWN_TOPIC_OR_PARTITION a freshly started, busy broker answers for a moment after
        // creation (seen in CI). `waitForLeaders` below tolerates both until its deadline.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: this.partitions,
            replicationFactor: this.replicationFactor,
          })),
        });
      } catch (error) {
        if (!isOnlyTopicAlreadyExists(error)) throw error;
      }
    }
    // Wait for every partition's leader, for the topics just created and for existing ones that
    // someone else may have created a moment ago.
    await this.waitForLeaders(admin, wanted);
    for (const topic of wanted) this.knownTopics.add(topic);
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const byTopic = new Map<string, { key: string; value: string; headers?: Record<string, string> }[]>();
    for (const { topic, key, value, headers } of messages) {
      if (typeof topic !== 'string' || !topic) throw new Error('publish: every message needs a non-empty topic');
      if (typeof key !== 'string' || typeof value !== 'string') {
        throw new Error(`publish: key and value must be strings (topic ${topic})`);
      }
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(headers ? { key, value, headers: { ...headers } } : { key, value });
    }
    await this.ensureTopics([...byTopic.keys()]);
    const producer = await this.producerClient();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, topicMessages]) => ({ topic, messages: topicMessages })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (!options.groupId) throw new Error('subscribe: groupId is required');
    if (options.topics.length === 0) throw new Error('subscribe: at least one topic is required');
    const maxBatchSize = options.maxBatchSize ?? this.tuning.maxBatchSize;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new Error(`subscribe: maxBatchSize must be a positive integer, got ${options.maxBatchSize}`);
    }
    await this.ensureTopics(options.topics);
    const subscription = new KafkaSubscription(this.kafka, this.tuning, { ...options, maxBatchSize }, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop();
      throw error;
    }
    return subscription;
  }

  async health(): Promise<BusHealth> {
    if (this.closed) return { ok: false, detail: 'the Kafka bus is closed' };
    const cluster = await this.probeCluster();
    if (!cluster.ok) return cluster;
    const consumers = [...this.subscriptions].map((s) => s.health());
    const failing = consumers.filter((c) => !c.ok);
    if (failing.length > 0) return { ok: false, detail: failing.map((c) => c.detail).join('; ') };
    return { ok: true, detail: `${cluster.detail}; ${consumers.length} consumer(s) running` };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    const disconnects: Promise<void>[] = [];
    if (this.producer) disconnects.push(this.producer.then((p) => p.disconnect()));
    if (this.admin) disconnects.push(this.admin.then((a) => a.disconnect()));
    if (this.healthAdmin) disconnects.push(this.healthAdmin.disconnect());
    this.healthAdmin = undefined;
    await Promise.allSettled(disconnects);
  }

  /** One metadata round trip at a time; every caller gets an answer within healthTimeoutMs. */
  private probeCluster(): Promise<BusHealth> {
    if (!this.clusterProbe) {
      const probe = this.describeCluster();
      this.clusterProbe = probe;
      void probe.finally(() => {
        if (this.clusterProbe === probe) this.clusterProbe = undefined;
      });
    }
    return withTimeout(this.clusterProbe, this.healthTimeoutMs, () => ({
      ok: false,
      detail: `Kafka at ${this.brokers.join(',')} did not answer a metadata request within ${this.healthTimeoutMs}ms`,
    }));
  }

  private async describeCluster(): Promise<BusHealth> {
    let admin = this.healthAdmin;
    try {
      if (!admin) {
        admin = this.healthKafka.admin({ retry: { retries: 0 } });
        this.healthAdmin = admin; // set before connecting, so close() also ends a connection attempt
        await admin.connect();
      }
      if (this.closed) return { ok: false, detail: 'the Kafka bus is closed' };
      const { brokers, controller, clusterId } = await admin.describeCluster();
      return { ok: true, detail: `Kafka cluster ${clusterId} reachable: ${brokers.length} broker(s), controller ${controller ?? 'none'}` };
    } catch (error) {
      // Start from a fresh connection next time (the broker may come back at another address).
      if (this.healthAdmin === admin) this.healthAdmin = undefined;
      await admin?.disconnect().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, detail: `cannot reach Kafka at ${this.brokers.join(',')}: ${reason}` };
    }
  }

  private producerClient(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }

  private adminClient(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    let problem = '';
    for (;;) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        const notReady = topics.filter((topic) => {
          const partitions = metadata.find((m) => m.name === topic)?.partitions ?? [];
          return partitions.length === 0 || partitions.some((p) => p.leader < 0 || p.partitionErrorCode !== 0);
        });
        if (notReady.length === 0) return;
        problem = `no leader yet for ${notReady.join(', ')}`;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() >= deadline) throw new Error(`KafkaEventBus.ensureTopics: timed out waiting for topic leaders (${problem})`);
      await sleep(100);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('KafkaEventBus is closed');
  }
}

class KafkaSubscription implements Subscription {
  private consumer?: Consumer;
  private stopped = false;
  private stopping?: Promise<void>;
  private restartTimer?: NodeJS.Timeout;
  private restartAttempts = 0;
  /** joining: not in its group yet; running: joined; crashed: crashed and not rejoined since. */
  private state: { kind: 'joining' | 'running' } | { kind: 'crashed'; error: string; restartedBy: 'kafkajs' | 'adapter' } = { kind: 'joining' };

  constructor(
    private readonly kafka: Kafka,
    private readonly tuning: KafkaConsumerTuning,
    private readonly options: SubscribeOptions & { maxBatchSize: number },
    private readonly onStopped: (s: KafkaSubscription) => void,
  ) {}

  health(): BusHealth {
    const group = `consumer of group "${this.options.groupId}"`;
    switch (this.state.kind) {
      case 'running':
        return { ok: true, detail: `${group} running` };
      case 'joining':
        return { ok: false, detail: `${group} has not joined its group yet` };
      case 'crashed':
        return {
          ok: false,
          detail: `${group} crashed (${this.state.error}) and is waiting to be restarted by ${this.state.restartedBy === 'kafkajs' ? 'kafkajs' : 'the bus'}`,
        };
    }
  }

  /** Starts the consumer; resolves once it joined its group (or after a bounded wait). */
  async start(): Promise<void> {
    const consumer = this.createConsumer();
    let joined = false;
    let onJoin: () => void = () => undefined;
    const joinedPromise = new Promise<void>((resolve) => (onJoin = resolve));
    const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
      onJoin();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.tuning.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
      if (!joined) {
        const waitMs = this.tuning.rebalanceTimeout + this.tuning.sessionTimeout;
        const timedOut = await Promise.race([joinedPromise.then(() => false), sleep(waitMs).then(() => true)]);
        if (timedOut) {
          consumer.logger().warn('consumer has not joined its group yet; it keeps trying in the background', {
            groupId: this.options.groupId,
            waitedMs: waitMs,
          });
        }
      }
    } finally {
      removeListener();
    }
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const consumer = this.consumer;
      this.stopping = (async () => {
        try {
          // disconnect() stops fetching, waits for the in-flight eachMessage, commits and leaves the group.
          await consumer?.disconnect();
        } finally {
          this.onStopped(this);
        }
      })();
    }
    return this.stopping;
  }

  private createConsumer(): Consumer {
    const { sessionTimeout, heartbeatInterval, rebalanceTimeout, maxWaitTimeInMs, retry, maxBytesPerPartition, maxBytes } = this.tuning;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout,
      heartbeatInterval,
      rebalanceTimeout,
      maxWaitTimeInMs,
      maxBytesPerPartition,
      maxBytes,
      allowAutoTopicCreation: false,
      retry: {
        initialRetryTime: retry.initialRetryTime,
        maxRetryTime: retry.maxRetryTime,
        factor: 0.2,
        multiplier: 2,
        // Never give up: a failing handler is retried (with backoff) until it succeeds.
        retries: Number.MAX_SAFE_INTEGER,
        restartOnFailure: async () => true,
      },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (consumer !== this.consumer) return;
      const error = `${payload.error.name}: ${payload.error.message}`;
      this.state = { kind: 'crashed', error, restartedBy: payload.restart ? 'kafkajs' : 'adapter' };
      if (!payload.restart) this.scheduleRestart(consumer, payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (consumer !== this.consumer) return;
      this.restartAttempts = 0;
      this.state = { kind: 'running' };
    });
    this.consumer = consumer;
    return consumer;
  }

  private scheduleRestart(crashed: Consumer, error: Error): void {
    if (this.stopped || crashed !== this.consumer || this.restartTimer) return;
    this.restartAttempts += 1;
    const delay = Math.min(1_000 * 2 ** (this.restartAttempts - 1), 30_000);
    crashed.logger().error(`consumer crashed without restarting (${error.name}: ${error.message}); recreating it in ${delay}ms`, {
      groupId: this.options.groupId,
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopped) return;
      void crashed
        .disconnect()
        .catch(() => undefined)
        .then(() => (this.stopped ? undefined : this.start()))
        .catch((e: Error) => this.scheduleRestart(this.consumer!, e));
    }, delay);
  }

  /**
   * One fetched batch of one partition, in chunks of maxBatchSize: handleBatch per chunk, or (none
   * given, or it threw) the handler per message. Offsets are resolved only for what was applied.
   */
  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const { handler, handleBatch, maxBatchSize } = this.options;
    const current = () => isRunning() && !isStale();
    for (let start = 0; start < batch.messages.length && current(); start += maxBatchSize) {
      const chunk = batch.messages.slice(start, start + maxBatchSize);
      if (handleBatch && (await this.whileHeartbeating(heartbeat, () => this.applyBatch(handleBatch, topic, partition, chunk)))) {
        resolveOffset(chunk[chunk.length - 1].offset);
      } else {
        for (const message of chunk) {
          if (!current()) return;
          // throws EventHandlerError: kafkajs refetches from here
          await this.whileHeartbeating(heartbeat, () => this.applyOne(handler, topic, partition, message));
          resolveOffset(message.offset);
          await heartbeat();
        }
      }
      await heartbeat();
      await commitOffsetsIfNecessary(uncommittedOffsets());
    }
  }

  /**
   * Runs `work` while heartbeating every `heartbeatInterval`: a chunk of 100 events in one transaction
   * can take longer than the session timeout, and a member that stays silent that long is dropped
   * from its group (seen in the high-volume-day benchmark: the commit after the chunk then failed,
   * the group stood empty and the chunk was fetched again).
   */
  private async whileHeartbeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => void heartbeat().catch(() => undefined), this.tuning.heartbeatInterval);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** True when the batch handler applied the chunk; false (logged) when it threw. */
  private async applyBatch(handleBatch: BatchHandler, topic: string, partition: number, chunk: KafkaMessage[]): Promise<boolean> {
    try {
      await handleBatch(chunk.map((m) => toReceived(topic, partition, m)));
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.consumer?.logger().warn(`batch handler failed on ${chunk.length} message(s) from ${topic}[${partition}]@${chunk[0].offset}: ${reason}; handling them one by one`, {
        groupId: this.options.groupId,
      });
      return false;
    }
  }

  private async applyOne(handler: MessageHandler, topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const received = toReceived(topic, partition, message);
    try {
      await handler(received);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventHandlerError(
        `handler of group "${this.options.groupId}" failed on ${topic}[${partition}]@${message.offset} (key ${received.key}): ${reason}`,
        error,
      );
    }
  }
}

function toReceived(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    key: message.key?.toString('utf8') ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: decodeHeaders(message.headers),
    partition,
    offset: message.offset,
  };
}

/** The promise's answer, or `fallback()`'s once `ms` passed first. */
function withTimeout<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Header values decode as UTF-8 strings; a header repeated under one name keeps its last value. Every
 * name becomes an own property (a header may be called `__proto__`: assigning it would be ignored).
 */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    Object.defineProperty(decoded, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return decoded;
}

/**
 * kafkajs's console logger, except that the per-request "Response Heartbeat/OffsetCommit …: The
 * group is rebalancing" errors (normal whenever a subscriber joins or leaves a group; the consumer
 * rejoins by itself) are logged at DEBUG instead of ERROR, and the idempotent producer's
 * "Limiting retries … may invalidate EoS guarantees" warning is dropped: retries are bounded on
 * purpose (a publish must fail rather than hang, so the outbox row stays unpublished and is retried
 * by the relay), and duplicates that this allows are absorbed by every consumer's inbox.
 */
const quietRebalanceLogCreator: logCreator = (logLevel) => {
  const toConsole = defaultConsoleLogCreator(logLevel);
  return (entry) => {
    if (
      entry.level === KafkaLogLevel.ERROR &&
      entry.namespace === 'Connection' &&
      /rebalanc/i.test(String((entry.log as { error?: unknown }).error ?? ''))
    ) {
      if (logLevel >= KafkaLogLevel.DEBUG) toConsole({ ...entry, level: KafkaLogLevel.DEBUG, label: 'DEBUG' });
      return;
    }
    if (entry.level === KafkaLogLevel.WARN && /Limiting retries for the idempotent producer/.test(entry.log.message)) return;
    toConsole(entry);
  };
};

const defaultConsoleLogCreator: logCreator = () => ({ namespace, level, label, log }) => {
  const prefix = namespace ? `[${namespace}] ` : '';
  const line = JSON.stringify({ level: label, ...log, message: `${prefix}${log.message}` });
  if (level === KafkaLogLevel.ERROR) console.error(line);
  else if (level === KafkaLogLevel.WARN) console.warn(line);
  else if (level === KafkaLogLevel.INFO) console.info(line);
  else console.log(line);
};

function isOnlyTopicAlreadyExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: { type?: string }[]; cause?: unknown };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  if (Array.isArray(e?.errors) && e.errors.length > 0) return e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
  return e?.cause !== undefined && e.cause !== error ? isOnlyTopicAlreadyExists(e.cause) : false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
