import { createEvent, type EventEnvelope, type ScoringSnapshot } from '@handoff-graph/contracts';
import type { ScoringSignal } from '../domain/signal';

export const PRODUCER = 'scoring-svc';

type Cause = { eventId: string; correlationId: string };

/**
 * Where a write came from: the inbound event it reacts to (Kafka), or a batch correlation id
 * (GraphQL). Signals applied together from several inbound events name each signal's own event in
 * `causedBySignal` (signal id → event): what a signal causes is caused by that event.
 */
export interface EventOrigin {
  now: Date;
  causedBy?: Cause;
  correlationId?: string;
  causedBySignal?: ReadonlyMap<string, Cause>;
}

/** The origin of what `signalId` causes (its own inbound event when the origin names one). */
export function originOfSignal(origin: EventOrigin, signalId: string | undefined): EventOrigin {
  const cause = signalId === undefined ? undefined : origin.causedBySignal?.get(signalId);
  return cause ? { ...origin, causedBy: cause } : origin;
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

/**
 * `contact-engaged`: a signal counted for an account named a contact; `points` is the signal type's
 * weight in the active model.
 */
export function contactEngagedEvent(
  accountId: string,
  signal: ScoringSignal & { contactEmail: string },
  points: number,
  origin: EventOrigin,
): EventEnvelope<'contact-engaged'> {
  return createEvent(
    'contact-engaged',
    {
      accountId,
      contactEmail: signal.contactEmail,
      signalId: signal.signalId,
      signalType: signal.signalType,
      occurredAt: signal.occurredAt.toISOString(),
      points,
      detail: signal.detail,
    },
    meta(accountId, origin),
  );
}

/** `account-qualified`: the score crossed the MQA threshold; carries the snapshot at that moment. */
export function accountQualifiedEvent(
  qualification: { qualificationId: string; accountId: string; snapshot: ScoringSnapshot; qualifiedAt: Date },
  origin: EventOrigin,
): EventEnvelope<'account-qualified'> {
  return createEvent(
    'account-qualified',
    {
      qualificationId: qualification.qualificationId,
      accountId: qualification.accountId,
      qualifiedAt: qualification.qualifiedAt.toISOString(),
      scoringSnapshot: qualification.snapshot,
    },
    meta(qualification.accountId, origin),
  );
}
