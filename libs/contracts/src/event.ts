import { randomUUID } from 'node:crypto';
import { type z } from 'zod';
import { eventEnvelopeSchema } from './envelope';
import { EVENT_CONTRACTS, findContract, type EventType, type PayloadOf } from './registry';
import type { Topic } from './topics';

export interface EventEnvelope<T extends EventType = EventType> {
  eventId: string;
  type: T;
  version: number;
  occurredAt: string;
  aggregateId: string;
  correlationId: string;
  causationId: string | null;
  producer: string;
  payload: PayloadOf<T>;
}

/** Any event, narrowed by `type`. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

/** A message broke its contract. `issues` name the field path and the rule. */
export class ContractViolation extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${eventType} violates its contract: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'ContractViolation';
  }
}

export function zodIssues(error: z.ZodError, prefix = ''): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

export interface EventMeta {
  aggregateId: string;
  producer: string;
  correlationId?: string;
  /** The event this one reacts to: its eventId becomes causationId and its correlationId is kept. */
  causedBy?: { eventId: string; correlationId: string };
  occurredAt?: Date;
  eventId?: string;
}

/** Builds an event of the current version, validating the payload (throws ContractViolation). */
export function createEvent<T extends EventType>(type: T, payload: PayloadOf<T>, meta: EventMeta): EventEnvelope<T> {
  const contract = EVENT_CONTRACTS[type];
  const parsed = contract.payload.safeParse(payload);
  if (!parsed.success) throw new ContractViolation(type, zodIssues(parsed.error, 'payload'));
  const eventId = meta.eventId ?? randomUUID();
  return {
    eventId,
    type,
    version: contract.version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    aggregateId: meta.aggregateId,
    correlationId: meta.causedBy?.correlationId ?? meta.correlationId ?? eventId,
    causationId: meta.causedBy?.eventId ?? null,
    producer: meta.producer,
    payload: parsed.data as PayloadOf<T>,
  };
}

export function topicOf(type: EventType): Topic {
  return EVENT_CONTRACTS[type].topic;
}

export type ParseResult =
  | { ok: true; event: AnyEvent }
  | { ok: false; reason: 'unknown-type'; type: string; version: number; error: string }
  | { ok: false; reason: 'invalid'; error: string };

/**
 * Validates a message value: JSON, envelope, then the payload contract for its type and version.
 * `unknown-type` lets a consumer skip event types it does not handle on a shared topic.
 */
export function parseEvent(value: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (e) {
    return { ok: false, reason: 'invalid', error: `value is not JSON: ${(e as Error).message}` };
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, reason: 'invalid', error: new ContractViolation('envelope', zodIssues(envelope.error)).message };
  }
  const { type, version } = envelope.data;
  const contract = findContract(type, version);
  if (!contract) {
    const known = (EVENT_CONTRACTS as Record<string, unknown>)[type] !== undefined;
    if (known) {
      return { ok: false, reason: 'invalid', error: `${type} version ${version} is not a known contract version` };
    }
    return { ok: false, reason: 'unknown-type', type, version, error: `unknown event type ${type}` };
  }
  const payload = contract.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    return { ok: false, reason: 'invalid', error: new ContractViolation(type, zodIssues(payload.error, 'payload')).message };
  }
  return { ok: true, event: { ...envelope.data, payload: payload.data } as AnyEvent };
}

/** The wire form: topic, key (the account id) and JSON value. */
export function toMessage(event: EventEnvelope): { topic: Topic; key: string; value: string } {
  return { topic: topicOf(event.type), key: event.aggregateId, value: JSON.stringify(event) };
}
