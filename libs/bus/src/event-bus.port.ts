/**
 * The event-bus port. Two adapters implement it (Kafka and in-process) and both must pass
 * `runEventBusContract` (event-bus.contract.ts). Everything above this port (outbox relay,
 * inbox consumers, dead-lettering) is adapter-agnostic.
 *
 * Semantics (Kafka's, which the in-process adapter reproduces):
 * - A message has a topic, a key (the account id) and a string value; messages with the same key
 *   on the same topic are delivered in the order they were published.
 * - Every consumer group receives every message of the topics it subscribes to; inside one group a
 *   message goes to exactly one subscriber (the group scales out).
 * - A new group starts from the earliest retained message.
 * - Delivery is at-least-once: if the handler throws, the message (and everything after it with the
 *   same key) is delivered again; the offset only advances once the handler resolved. Consumers
 *   therefore record what they applied (libs/data's inbox, by event id) and skip repeats.
 * - Batches (optional `handleBatch`): consecutive messages of ONE topic-partition, in offset order,
 *   at most `maxBatchSize`. If `handleBatch` resolves, every message of the batch is done (the
 *   offset moves past the last one). If it throws, the batch counts as not applied at all and the
 *   adapter falls back to `handler` for each of its messages in order, with the per-message rules
 *   above (a message whose handler throws is redelivered, nothing after it goes first). So a batch
 *   handler must be all-or-nothing (one database transaction), and a poison message only ever
 *   holds up its own partition, one message at a time.
 */
export interface BusMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface ReceivedMessage extends BusMessage {
  partition: number;
  offset: string;
}

export type MessageHandler = (message: ReceivedMessage) => Promise<void>;
/** Consecutive messages of one topic-partition, in offset order; all-or-nothing (see above). */
export type BatchHandler = (messages: ReceivedMessage[]) => Promise<void>;

/** Messages per `handleBatch` call unless `maxBatchSize` says otherwise. */
export const DEFAULT_MAX_BATCH_SIZE = 100;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Applies one message; also the fallback when `handleBatch` throws. */
  handler: MessageHandler;
  /** Applies several messages at once when given (see "Batches" above). */
  handleBatch?: BatchHandler;
  /** Upper bound of a batch. Default: the bus's — DEFAULT_MAX_BATCH_SIZE (100), or a KafkaEventBus's `consumer.maxBatchSize`. */
  maxBatchSize?: number;
}

/** What `/ready` reports for the bus: `detail` says what was checked, or what is wrong. */
export interface BusHealth {
  ok: boolean;
  detail: string;
}

export interface Subscription {
  /** Stops receiving; in-flight handler calls finish first. */
  stop(): Promise<void>;
}

export interface EventBus {
  /** Creates the topics if they do not exist (Kafka: with leaders elected). */
  ensureTopics(topics: string[]): Promise<void>;
  /** Resolves once the broker acknowledged every message (Kafka: acks=all). */
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Whether the bus can do its work now: open, the broker reachable (Kafka: a metadata round trip,
   * answered within a couple of seconds, never hanging) and every subscription's consumer running
   * (not crashed or waiting to be restarted). Never throws.
   */
  health(): Promise<BusHealth>;
  /** Stops every subscription and disconnects. */
  close(): Promise<void>;
}
