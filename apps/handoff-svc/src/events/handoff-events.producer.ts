import { createEvent, type EventEnvelope, type EventMeta, type HandoffStatus, type OwnerAssignment } from '@handoff-graph/contracts';
import type { HandoffEntity } from '../data/handoff.entity';
import type { HandoffEscalationEntity } from '../data/handoff-history.entity';
import { PRODUCER } from './account-events.producer';

/**
 * Why an event is published: the event that set it off (null for the SLA sweep or another job) and
 * the correlation id of the handoff's qualification, which every event about the handoff carries.
 */
export interface Cause {
  eventId: string | null;
  correlationId: string;
}

function meta(h: Pick<HandoffEntity, 'accountId'>, cause: Cause, occurredAt: Date): EventMeta {
  return {
    aggregateId: h.accountId,
    producer: PRODUCER,
    occurredAt,
    correlationId: cause.correlationId,
    causedBy: cause.eventId ? { eventId: cause.eventId, correlationId: cause.correlationId } : undefined,
  };
}

/** `handoff-created`: all five elements, as they were at handoff. Only for complete handoffs. */
export function handoffCreated(h: HandoffEntity, cause: Cause): EventEnvelope<'handoff-created'> {
  const { namedAccount, primaryContact, scoringSnapshot, nextAction, ownerAssignment } = h;
  if (!namedAccount || !primaryContact || !scoringSnapshot || !nextAction || !ownerAssignment) {
    throw new Error(`handoff ${h.id} is not complete: it cannot be announced as created`);
  }
  return createEvent(
    'handoff-created',
    {
      handoffId: h.id,
      qualificationId: h.qualificationId,
      createdAt: h.createdAt.toISOString(),
      account: namedAccount,
      primaryContact,
      scoringSnapshot,
      nextAction,
      ownerAssignment,
    },
    meta(h, cause, h.createdAt),
  );
}

/**
 * `handoff-delivered`: placed in the owner's queue with its queue day and its rank there now. Published again
 * (same handoff id, same deliveredAt) when the cap moves it to a later day or a re-route puts it in
 * another owner's queue: the latest one says where it is queued now.
 */
export function handoffDelivered(
  h: Pick<HandoffEntity, 'id' | 'accountId' | 'ownerAssignment' | 'currentAssignment' | 'deliveredAt' | 'createdAt' | 'queueDate'>,
  priorityRank: number,
  cause: Cause,
  occurredAt: Date = h.deliveredAt ?? h.createdAt,
): EventEnvelope<'handoff-delivered'> {
  const assignment = h.currentAssignment ?? h.ownerAssignment;
  if (!assignment || !h.deliveredAt || !h.queueDate) {
    throw new Error(`handoff ${h.id} is not delivered`);
  }
  return createEvent(
    'handoff-delivered',
    {
      handoffId: h.id,
      accountId: h.accountId,
      ownerRepId: assignment.owner.repId,
      backupRepId: assignment.backup.repId,
      deliveredAt: h.deliveredAt.toISOString(),
      queueDate: h.queueDate,
      priorityRank,
    },
    meta(h, cause, occurredAt),
  );
}

/** `handoff-incomplete`: the ops alert naming what is missing and why. */
export function handoffIncomplete(h: HandoffEntity, cause: Cause): EventEnvelope<'handoff-incomplete'> {
  return createEvent(
    'handoff-incomplete',
    {
      handoffId: h.id,
      qualificationId: h.qualificationId,
      accountId: h.accountId,
      detectedAt: h.createdAt.toISOString(),
      missingElements: h.missingElements,
      reasons: h.reasons,
    },
    meta(h, cause, h.createdAt),
  );
}

/** `handoff-status-changed`: one lifecycle transition from DELIVERED on (CREATED → DELIVERED is announced by handoff-delivered). */
export function handoffStatusChanged(
  h: HandoffEntity,
  step: { from: HandoffStatus; to: HandoffStatus; reason: string },
  at: Date,
  cause: Cause,
): EventEnvelope<'handoff-status-changed'> {
  return createEvent(
    'handoff-status-changed',
    { handoffId: h.id, accountId: h.accountId, from: step.from, to: step.to, at: at.toISOString(), reason: step.reason },
    meta(h, cause, at),
  );
}

/** `handoff-escalated`: offered to the backup, or escalated to the team manager. */
export function handoffEscalated(h: HandoffEntity, e: HandoffEscalationEntity & { toRepId: string }, cause: Cause): EventEnvelope<'handoff-escalated'> {
  return createEvent(
    'handoff-escalated',
    {
      handoffId: h.id,
      accountId: h.accountId,
      escalatedAt: e.escalatedAt.toISOString(),
      level: e.level,
      fromRepId: e.fromRepId,
      toRepId: e.toRepId,
      reason: e.reason,
    },
    meta(h, cause, e.escalatedAt),
  );
}

/** `sla-breached`: `breachedAt` is when the clock ran out (the due time), the event's occurredAt when the sweep saw it. */
export function slaBreached(h: HandoffEntity, e: HandoffEscalationEntity, cause: Cause): EventEnvelope<'sla-breached'> {
  return createEvent(
    'sla-breached',
    {
      handoffId: h.id,
      accountId: h.accountId,
      ownerRepId: e.fromRepId,
      sla: e.sla,
      dueAt: e.dueAt.toISOString(),
      breachedAt: e.dueAt.toISOString(),
    },
    meta(h, cause, e.escalatedAt),
  );
}

/** `handoff-rerouted`: the handoff followed an ownership change (MOVE_TO_NEW_OWNER). */
export function handoffRerouted(
  h: HandoffEntity,
  r: { previousOwnerRepId: string; assignment: OwnerAssignment; policy: 'STAY_WITH_OWNER_AT_HANDOFF' | 'MOVE_TO_NEW_OWNER'; reason: string; at: Date },
  cause: Cause,
): EventEnvelope<'handoff-rerouted'> {
  return createEvent(
    'handoff-rerouted',
    {
      handoffId: h.id,
      accountId: h.accountId,
      reroutedAt: r.at.toISOString(),
      previousOwnerRepId: r.previousOwnerRepId,
      ownerAssignment: r.assignment,
      policy: r.policy,
      reason: r.reason,
    },
    meta(h, cause, r.at),
  );
}
