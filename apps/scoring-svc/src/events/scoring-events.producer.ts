import { createEvent, type EventEnvelope, type ScoringSnapshot } from '@handoff-graph/contracts';
import type { SignalReceived } from '../domain/signal';

export const PRODUCER = 'scoring-svc';

/** Where a write came from: the inbound event it reacts to (Kafka), or a batch correlation id (GraphQL). */
export interface EventOrigin {
  now: Date;
  causedBy?: { eventId: string; correlationId: string };
  correlationId?: string;
}

function meta(accountId: string, origin: EventOrigin) {
  return {
    aggregateId: accountId,
    producer: PRODUCER,
    occurredAt: origin.now,
    causedBy: origin.causedBy,
    correlationId: origin.correlationId,
  };
}

/** `contact-engaged`: a scored signal named a contact; `points` is the signal type's weight in the active model. */
export function contactEngagedEvent(
  signal: SignalReceived & { contactEmail: string },
  points: number,
  origin: EventOrigin,
): EventEnvelope<'contact-engaged'> {
  return createEvent(
    'contact-engaged',
    {
      accountId: signal.accountId,
      contactEmail: signal.contactEmail,
      signalId: signal.signalId,
      signalType: signal.signalType,
      occurredAt: new Date(signal.occurredAt).toISOString(),
      points,
      detail: signal.detail,
    },
    meta(signal.accountId, origin),
  );
}

/** `account-qualified`: the score crossed the MQA threshold; carries the snapshot at that moment. */
export function accountQualifiedEvent(
  qualification: { qualificationId: string; accountId: string; snapshot: ScoringSnapshot },
  origin: EventOrigin,
): EventEnvelope<'account-qualified'> {
  return createEvent(
    'account-qualified',
    {
      qualificationId: qualification.qualificationId,
      accountId: qualification.accountId,
      qualifiedAt: origin.now.toISOString(),
      scoringSnapshot: qualification.snapshot,
    },
    meta(qualification.accountId, origin),
  );
}
