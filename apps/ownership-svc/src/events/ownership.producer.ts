import { createEvent, type EventEnvelope, type OwnerAssignment } from '@handoff-graph/contracts';

export const PRODUCER = 'ownership-svc';

/** The qualification an outcome answers: the outcome is `causedBy` its `account-qualified` event. */
export interface QualificationRef {
  qualificationId: string;
  accountId: string;
  causationEventId: string;
  correlationId: string;
}

const meta = (q: QualificationRef, at: Date) => ({
  aggregateId: q.accountId,
  producer: PRODUCER,
  causedBy: { eventId: q.causationEventId, correlationId: q.correlationId },
  occurredAt: at,
});

export function ownershipResolvedEvent(q: QualificationRef, ownerAssignment: OwnerAssignment, at: Date): EventEnvelope<'ownership-resolved'> {
  return createEvent(
    'ownership-resolved',
    { qualificationId: q.qualificationId, accountId: q.accountId, resolvedAt: at.toISOString(), ownerAssignment },
    meta(q, at),
  );
}

export function ownershipUnresolvedEvent(q: QualificationRef, reason: string, at: Date): EventEnvelope<'ownership-unresolved'> {
  return createEvent(
    'ownership-unresolved',
    { qualificationId: q.qualificationId, accountId: q.accountId, resolvedAt: at.toISOString(), reason },
    meta(q, at),
  );
}
