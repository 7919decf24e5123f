import type { BusMessage, EventBus, ReceivedMessage, SubscribeOptions, Subscription } from './event-bus.port';

/**
 * Namespaces every topic of a bus with a prefix (`<prefix>.<topic>`), transparently: callers keep
 * using the contract's topic names. Integration tests give each run its own prefix so they never
 * read another run's messages from a shared broker; a deployment may use it for environments.
 */
export function withTopicPrefix(bus: EventBus, prefix: string): EventBus {
  if (!prefix) return bus;
  const wrap = (topic: string) => `${prefix}.${topic}`;
  const unwrap = (topic: string) => (topic.startsWith(`${prefix}.`) ? topic.slice(prefix.length + 1) : topic);
  const unwrapMessage = (message: ReceivedMessage): ReceivedMessage => ({ ...message, topic: unwrap(message.topic) });
  return {
    ensureTopics: (topics: string[]) => bus.ensureTopics(topics.map(wrap)),
    publish: (messages: BusMessage[]) => bus.publish(messages.map((m) => ({ ...m, topic: wrap(m.topic) }))),
    subscribe: (options: SubscribeOptions): Promise<Subscription> =>
      bus.subscribe({
        ...options,
        groupId: `${prefix}.${options.groupId}`,
        topics: options.topics.map(wrap),
        handler: (message) => options.handler(unwrapMessage(message)),
        handleBatch: options.handleBatch && ((messages) => options.handleBatch!(messages.map(unwrapMessage))),
      }),
    health: () => bus.health(),
    close: () => bus.close(),
  };
}
