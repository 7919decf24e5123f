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
 *   same key) is delivered again; the offset only advances once the handler resolved.
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

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  handler: MessageHandler;
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
  /** Stops every subscription and disconnects. */
  close(): Promise<void>;
}
