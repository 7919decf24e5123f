import { toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { jsonArrayOfTexts } from '../json-texts';

/** Where a transaction's QueryRunner (its `data`, TypeORM's per-runner user data) records that it enqueued events. */
const ENQUEUED = 'outbox.enqueued';

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
  manager.queryRunner.data[ENQUEUED] = true;
  // One statement for any number of events, in the given order (seq follows it). The values (the
  // events' JSON) travel as one JSON array, each stored as its exact text: see jsonArrayOfTexts.
  const messages = events.map((event) => ({ event, ...toMessage(event) }));
  await manager.query(
    `INSERT INTO outbox (event_id, type, topic, key, value)
     SELECT event_id, type, topic, key, value::text
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]), json_array_elements($5::json))
            WITH ORDINALITY AS m(event_id, type, topic, key, value, n)
     ORDER BY n`,
    [
      messages.map((m) => m.event.eventId),
      messages.map((m) => m.event.type),
      messages.map((m) => m.topic),
      messages.map((m) => m.key),
      jsonArrayOfTexts(messages.map((m) => m.value)),
    ],
  );
}

/** True once `enqueueEvents` added rows in this transaction: after it commits, the relay has something to publish. */
export function enqueuedIn(manager: EntityManager): boolean {
  return manager.queryRunner?.data[ENQUEUED] === true;
}
