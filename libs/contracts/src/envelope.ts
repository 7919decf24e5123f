import { z } from 'zod';

/**
 * Every event travels in this envelope. `type` + `version` select the payload contract; a breaking
 * change to a payload is a new version registered beside the old one, never an edit of it.
 */
export const eventEnvelopeSchema = z.strictObject({
  eventId: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The account id: also the Kafka message key. */
  aggregateId: z.string().min(1),
  /** The id shared by every event that one signal batch / qualification set off. */
  correlationId: z.string().min(1),
  /** The event id this event was produced in reaction to (null for an origin event). */
  causationId: z.string().min(1).nullable(),
  /** The service (or partner tool) that produced it. */
  producer: z.string().min(1),
  payload: z.unknown(),
});

export type RawEnvelope = z.infer<typeof eventEnvelopeSchema>;
