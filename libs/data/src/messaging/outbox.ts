import { toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/**
 * Adds events to the outbox through the caller's transaction: they are published if and only if
 * that transaction commits. Events are validated when created (createEvent), so nothing invalid
 * reaches the outbox.
 */
export async function enqueueEvents(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('enqueueEvents must run inside a transaction (dataSource.transaction(manager => ...))');
  }
  await manager.insert(
    OutboxMessage,
    events.map((event) => {
      const { topic, key, value } = toMessage(event);
      return { eventId: event.eventId, type: event.type, topic, key, value, publishedAt: null };
    }),
  );
}
