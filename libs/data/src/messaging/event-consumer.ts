import { type EventBus, type ReceivedMessage, type Subscription } from '@handoff-graph/bus';
import type { Logger } from '@handoff-graph/config';
import { Topics, parseEvent, type DeadLetter, type EventEnvelope, type EventType, type Topic } from '@handoff-graph/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueuedIn } from './outbox';
import type { OutboxRelay } from './outbox-relay';

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;
/**
 * A handler that applies a run of consecutive events of its type at once (set-based statements
 * instead of a round of them per event). It must leave the same state as applying the events one
 * by one in order; the one-by-one path (a failed batch, a batch size of 1) calls it with one event.
 */
export interface EventBatchHandler<T extends EventType> {
  batch: (events: EventEnvelope<T>[], manager: EntityManager) => Promise<void>;
}
export type EventHandlers = { [T in EventType]?: EventHandler<T> | EventBatchHandler<T> };

export interface EventConsumerOptions {
  bus: EventBus;
  dataSource: DataSource;
  logger: Logger;
  /** The consumer group: one per service (instances of a service share it). */
  groupId: string;
  topics: Topic[];
  /** One handler per event type; types without a handler on these topics are skipped. */
  handlers: EventHandlers;
  /** Nudged after a transaction that enqueued events commits, so they go out at once. */
  relay?: OutboxRelay;
  /** Attempts before a processing failure is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Most events applied in one transaction. Default: the bus's (100, or KAFKA_CONSUMER_BATCH_SIZE); 1 = one transaction per event. */
  maxBatchSize?: number;
}

/**
 * Subscribes a service to its topics. For each message:
 * 1. validate it against its contract — a message that breaks it goes to the dead-letter topic;
 * 2. in one transaction: record (eventId, group) in the inbox — a row already there means the
 *    event was applied before and nothing happens — then run the handler with that transaction's
 *    manager (state changes and outbox events commit together);
 * 3. a handler that keeps failing is dead-lettered with its error after `maxAttempts`.
 * The bus only moves past the message once this resolves (offsets after the database commit).
 *
 * Batches: the bus hands over up to `maxBatchSize` consecutive messages of one partition, and they
 * are applied in ONE transaction: the batch's inbox rows in one statement, then the handlers in
 * order (an event already in the inbox, or repeated inside the batch, is skipped); consecutive
 * events of a type with an `EventBatchHandler` go to it in one call. If anything in the batch fails (a
 * handler, the database, a message breaking its contract) the transaction rolls back and the bus
 * hands the same messages over one by one, each through steps 1–3 above: the poison message is
 * retried with backoff and dead-lettered on its own (its failure inside the batch counts as its
 * first attempt, so its handler runs `maxAttempts` times in all, as without batches), and the
 * others are applied exactly once (the rolled-back batch left no inbox rows). A redelivered batch
 * is absorbed by the inbox.
 * Handlers therefore must keep every effect inside `manager` (a rolled-back batch is re-applied)
 * and may hold their transaction-scoped locks for the whole batch; a deadlock between two batches
 * rolls one back and that one falls back to single events.
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

  /** What a message asks for: nothing (a type this service ignores), a dead letter, or applying its event. */
  const classify = (message: ReceivedMessage): Work => {
    const parsed = parseEvent(message.value);
    if (!parsed.ok) {
      if (parsed.reason === 'unknown-type') {
        logger.debug('skipped an event type this service does not handle', { type: parsed.type });
        return { kind: 'skip' };
      }
      return { kind: 'invalid', error: parsed.error };
    }
    const handler = handlers[parsed.event.type] as EventHandler<EventType> | EventBatchHandler<EventType> | undefined;
    if (!handler) return { kind: 'skip' };
    if (typeof handler === 'function') return { kind: 'apply', event: parsed.event, handler };
    return { kind: 'apply', event: parsed.event, handler: (event, manager) => handler.batch([event], manager), batch: handler.batch };
  };

  /**
   * Inbox rows for the events, in the caller's transaction: the ids (lower case, as PostgreSQL
   * prints a uuid) of those it inserted — an id already in the inbox is not, one repeated in
   * `events` is inserted once.
   */
  const recordInInbox = async (manager: EntityManager, events: EventEnvelope[]): Promise<Set<string>> => {
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO inbox (event_id, consumer_group, type)
       SELECT e.event_id, $1, e.type FROM unnest($2::uuid[], $3::text[]) AS e(event_id, type)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [groupId, events.map((e) => e.eventId), events.map((e) => e.type)],
    );
    return new Set(inserted.map((r) => r.event_id));
  };

  /** Inbox row, then the handler, in the caller's transaction; an event already in the inbox is skipped. */
  const apply = async (manager: EntityManager, event: EventEnvelope, handler: EventHandler<EventType>): Promise<void> => {
    if ((await recordInInbox(manager, [event])).size === 0) {
      logger.debug('skipped an event already applied', { eventId: event.eventId, type: event.type });
      return;
    }
    await handler(event, manager);
  };

  const handleMessage = async (message: ReceivedMessage): Promise<void> => {
    const work = classify(message);
    if (work.kind === 'skip') return;
    if (work.kind === 'invalid') {
      await deadLetter(message, 'validation', work.error);
      return;
    }
    const { event, handler } = work;
    // Its handler already failed once inside a batch that rolled back: that was attempt 1.
    const inBatch = failedInBatch.get(event.eventId);
    failedInBatch.delete(event.eventId);
    let error = inBatch?.error;
    let attempts = inBatch === undefined ? 0 : 1;
    if (inBatch?.sqlState) {
      await deadLetter(message, 'processing', unstorableError(event, inBatch.sqlState, inBatch.error));
      return;
    }
    for (;;) {
      if (attempts > 0) {
        if (attempts >= maxAttempts) {
          await deadLetter(message, 'processing', `${event.type} ${event.eventId} failed ${attempts} times: ${error}`);
          return;
        }
        logger.warn('event handler failed; retrying', { type: event.type, eventId: event.eventId, attempt: attempts, error });
        await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempts - 1)));
      }
      attempts += 1;
      try {
        const enqueued = await dataSource.transaction(async (manager) => {
          await apply(manager, event, handler);
          return enqueuedIn(manager);
        });
        if (enqueued) options.relay?.nudge();
        return;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        const sqlState = dataExceptionState(e);
        if (sqlState) {
          // The event carries data the database refuses (e.g. a NUL in a string): no retry can succeed.
          await deadLetter(message, 'processing', unstorableError(event, sqlState, error));
          return;
        }
      }
    }
  };

  /** Events whose handler threw inside a batch (→ error, and the SQLSTATE of a data exception), until the bus hands them over one by one. */
  const failedInBatch = new Map<string, { error: string; sqlState: string | null }>();

  /** All of the batch in one transaction, or (by throwing) none of it: the bus then calls handleMessage per message. */
  const handleBatch = async (messages: ReceivedMessage[]): Promise<void> => {
    const events: Extract<Work, { kind: 'apply' }>[] = [];
    for (const message of messages) {
      const work = classify(message);
      if (work.kind === 'invalid') {
        throw new Error(`${message.topic}[${message.partition}]@${message.offset} breaks its contract; it is dead-lettered on its own`);
      }
      if (work.kind === 'apply') events.push(work);
    }
    if (events.length === 0) return;
    let applying: EventEnvelope | undefined;
    let enqueued = false;
    try {
      await dataSource.transaction(async (manager) => {
        // The batch's inbox rows in one statement; an event id it did not insert was applied before.
        const fresh = await recordInInbox(manager, events.map((e) => e.event));
        // Consecutive events of a type with a batch handler form one run, applied in one call.
        const runs: Extract<Work, { kind: 'apply' }>[][] = [];
        for (const work of events) {
          if (!fresh.delete(work.event.eventId.toLowerCase())) {
            logger.debug('skipped an event already applied', { eventId: work.event.eventId, type: work.event.type });
            continue;
          }
          const last = runs.at(-1);
          if (work.batch && last?.[0].batch === work.batch) last.push(work);
          else runs.push([work]);
        }
        for (const run of runs) {
          // A failed run of several events blames none of them: one by one, each gets all its attempts.
          applying = run.length === 1 ? run[0].event : undefined;
          if (run.length === 1) await run[0].handler(run[0].event, manager);
          else await run[0].batch!(run.map((w) => w.event), manager);
        }
        applying = undefined; // a failure from here on (the commit) is no event's fault
        enqueued = enqueuedIn(manager);
      });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (applying) {
        if (failedInBatch.size >= 10_000) failedInBatch.clear(); // events that went to another instance in a rebalance
        failedInBatch.set(applying.eventId, { error, sqlState: dataExceptionState(e) });
      }
      logger.warn('a batch of events failed and was rolled back; applying its events one by one', {
        events: events.length,
        failedEventId: applying?.eventId,
        error,
      });
      throw e;
    }
    if (enqueued) options.relay?.nudge();
  };

  return bus.subscribe({
    groupId,
    topics: options.topics,
    handler: handleMessage,
    ...(options.maxBatchSize === 1 ? {} : { handleBatch, maxBatchSize: options.maxBatchSize }),
  });
}

type Work =
  | { kind: 'skip' }
  | { kind: 'invalid'; error: string }
  | { kind: 'apply'; event: EventEnvelope; handler: EventHandler<EventType>; batch?: EventBatchHandler<EventType>['batch'] };

function unstorableError(event: EventEnvelope, sqlState: string, error: string): string {
  return `${event.type} ${event.eventId} holds data PostgreSQL refuses (SQLSTATE ${sqlState}; not retried): ${error}`;
}

/**
 * The SQLSTATE of a PostgreSQL *data exception* (class 22: invalid text such as U+0000, out-of-range
 * numbers, bad dates…), which fails the same way on every retry; null for anything else (a lost
 * connection, a lock timeout, a serialization failure: worth retrying).
 */
export function dataExceptionState(error: unknown): string | null {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.driverError?.code === 'string' ? e.driverError.code : null;
  return code !== null && /^22[0-9A-Z]{3}$/.test(code) ? code : null;
}
