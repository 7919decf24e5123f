import type { EventBus, ReceivedMessage, Subscription } from '@handoff-graph/bus';
import type { Logger } from '@handoff-graph/config';
import { Topics, parseEvent, type DeadLetter, type EventEnvelope, type EventType, type Topic } from '@handoff-graph/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxRelay } from './outbox-relay';

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface EventConsumerOptions {
  bus: EventBus;
  dataSource: DataSource;
  logger: Logger;
  /** The consumer group: one per service (instances of a service share it). */
  groupId: string;
  topics: Topic[];
  /** One handler per event type; types without a handler on these topics are skipped. */
  handlers: EventHandlers;
  /** Nudged after a handler's transaction commits, so the events it enqueued go out at once. */
  relay?: OutboxRelay;
  /** Attempts before a processing failure is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Subscribes a service to its topics. For each message:
 * 1. validate it against its contract — a message that breaks it goes to the dead-letter topic;
 * 2. in one transaction: record (eventId, group) in the inbox — a row already there means the
 *    event was applied before and nothing happens — then run the handler with that transaction's
 *    manager (state changes and outbox events commit together);
 * 3. a handler that keeps failing is dead-lettered with its error after `maxAttempts`.
 * The bus only moves past the message once this resolves (offsets after the database commit).
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<Subscription> {
  const { bus, dataSource, logger, groupId, handlers } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 200;
  await bus.ensureTopics([...options.topics, Topics.deadLetter]);

  const deadLetter = async (message: ReceivedMessage, errorKind: DeadLetter['errorKind'], error: string) => {
    const letter: DeadLetter = {
      originalTopic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      consumerGroup: groupId,
      errorKind,
      error,
      value: message.value,
      headers: message.headers ?? {},
      failedAt: new Date().toISOString(),
    };
    logger.error('dead-lettered a message', { topic: message.topic, offset: message.offset, errorKind, error });
    await bus.publish([{ topic: Topics.deadLetter, key: message.key, value: JSON.stringify(letter) }]);
  };

  return bus.subscribe({
    groupId,
    topics: options.topics,
    handler: async (message) => {
      const parsed = parseEvent(message.value);
      if (!parsed.ok) {
        if (parsed.reason === 'unknown-type') {
          logger.debug('skipped an event type this service does not handle', { type: parsed.type });
          return;
        }
        await deadLetter(message, 'validation', parsed.error);
        return;
      }
      const event = parsed.event;
      const handler = handlers[event.type] as EventHandler<EventType> | undefined;
      if (!handler) return;

      for (let attempt = 1; ; attempt++) {
        try {
          await dataSource.transaction(async (manager) => {
            const inserted: unknown[] = await manager.query(
              `INSERT INTO inbox (event_id, consumer_group, type) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING RETURNING event_id`,
              [event.eventId, groupId, event.type],
            );
            if (inserted.length === 0) {
              logger.debug('skipped an event already applied', { eventId: event.eventId, type: event.type });
              return;
            }
            await handler(event, manager);
          });
          options.relay?.nudge();
          return;
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          if (attempt >= maxAttempts) {
            await deadLetter(message, 'processing', `${event.type} ${event.eventId} failed ${attempt} times: ${error}`);
            return;
          }
          logger.warn('event handler failed; retrying', { type: event.type, eventId: event.eventId, attempt, error });
          await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
        }
      }
    },
  });
}
