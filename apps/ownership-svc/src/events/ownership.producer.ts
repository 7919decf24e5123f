import { createEvent, type EventEnvelope, type OwnerAssignment } from '@handoff-graph/contracts';
import type { MidPeriodPolicy, Rep } from '../domain/ownership.types';

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

/** `rep-upserted` (keyed by rep id): the rep's profile for handoff-svc's caps, time zones, working hours and escalations. */
export function repUpsertedEvent(rep: Rep, at: Date): EventEnvelope<'rep-upserted'> {
  return createEvent(
    'rep-upserted',
    {
      repId: rep.id,
      name: rep.name,
      email: rep.email,
      role: rep.role,
      team: rep.team,
      timezone: rep.timezone,
      workingDays: rep.workingDays,
      workingHours: rep.workingHours,
      dailyCapacity: rep.dailyCapacity,
      active: rep.active,
      managerRepId: rep.managerRepId,
      outOfOffice: rep.outOfOffice.map((p) => ({ from: p.from, to: p.to })),
      updatedAt: at.toISOString(),
    },
    { aggregateId: rep.id, producer: PRODUCER, occurredAt: at },
  );
}

/** `ownership-changed` (keyed by account id): a map change moved an in-flight account; `current` is where its open handoff goes. */
export function ownershipChangedEvent(
  move: { accountId: string; previous: OwnerAssignment | null; current: OwnerAssignment | null },
  change: { mapVersion: number; reason: string; policy: MidPeriodPolicy },
  at: Date,
): EventEnvelope<'ownership-changed'> {
  return createEvent(
    'ownership-changed',
    { accountId: move.accountId, changedAt: at.toISOString(), previous: move.previous, current: move.current, ...change },
    { aggregateId: move.accountId, producer: PRODUCER, occurredAt: at },
  );
}
