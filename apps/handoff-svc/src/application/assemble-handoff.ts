import { randomUUID } from 'node:crypto';
import { enqueueEvents } from '@handoff-graph/data';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { assemblyInputs } from '../data/assembly-inputs.repository';
import { HandoffEntity } from '../data/handoff.entity';
import { insertHandoff, insertTransitions, lockOwnerQueues } from '../data/handoff.repository';
import { lockQualifications, qualificationsReadyToAssemble } from '../data/qualification.repository';
import { assembleHandoff, type OwnershipOutcome } from '../domain/assembly';
import { accountStage } from '../domain/next-action';
import { ENGAGEMENT_WINDOW_DAYS } from '../domain/primary-contact';
import { priorityOf } from '../domain/queue';
import { handoffCreated, handoffDelivered, handoffIncomplete } from '../events/handoff-events.producer';
import { planOwnerQueue } from './owner-queue';

export type AssemblyOutcome = 'waiting' | 'already-assembled' | 'delivered' | 'incomplete';

/** An event that brings one half of a qualification's inputs (the qualification, or its ownership outcome). */
type QualificationHalf = EventEnvelope<'account-qualified' | 'ownership-resolved' | 'ownership-unresolved'>;

/**
 * A run of events bringing halves: locks their qualifications (one statement), lets `store` write
 * the halves, then assembles — in the run's order, each caused by its event — the qualifications
 * that now have both halves and no handoff (one statement finds them), so a run of events whose
 * other half has not arrived costs three statements in all. Before assembling, the owners' queue
 * locks of all of them are taken in one statement in sorted order, so two instances delivering
 * runs for the same owners never deadlock (one by one, in event order, they did).
 */
export async function storeHalvesAndAssemble(
  m: EntityManager,
  events: QualificationHalf[],
  store: () => Promise<void>,
  clock: () => Date,
): Promise<void> {
  const ids = events.map((e) => e.payload.qualificationId);
  await lockQualifications(m, ids);
  await store();
  const ready = await qualificationsReadyToAssemble(m, ids);
  await lockOwnerQueues(m, [...ready.values()].filter((owner): owner is string => owner !== null));
  for (const event of events) {
    const id = event.payload.qualificationId.toLowerCase();
    if (ready.has(id)) await assembleWhenReady(m, event.payload.qualificationId, event, clock(), ready.get(id));
  }
}

/**
 * Called (under the qualification's lock) after a qualification or an ownership outcome is stored.
 * When both are there and no handoff exists yet, assembles the five elements once:
 * complete → DELIVERED into the owner's queue for their current business day, or a later one when
 * the day is over their cap (`handoff-created`, then `handoff-delivered`; handoffs the arrival pushed
 * to a later day are announced again); otherwise INCOMPLETE (`handoff-incomplete`, the ops alert),
 * never delivered. The assembly and delivery are stored as the first transitions of the history.
 */
export async function assembleWhenReady(
  m: EntityManager,
  qualificationId: string,
  trigger: EventEnvelope,
  now: Date,
  /** The owner whose queue lock the caller already holds, if any. */
  lockedOwnerRepId: string | null = null,
): Promise<AssemblyOutcome> {
  const inputs = await assemblyInputs(m, qualificationId, ENGAGEMENT_WINDOW_DAYS);
  if (inputs.assembled) return 'already-assembled';
  const { qualification, outcome } = inputs;
  if (!qualification || !outcome) return 'waiting';

  const accountId = qualification.accountId;
  const stage = accountStage(inputs.earlierHandoffs);
  const ownership: OwnershipOutcome = outcome.ownerAssignment
    ? { kind: 'resolved', ownerAssignment: outcome.ownerAssignment }
    : { kind: 'unresolved', reason: outcome.unresolvedReason ?? 'ownership-svc named no owner.' };

  const assembled = assembleHandoff({
    qualification: {
      qualificationId,
      accountId,
      qualifiedAt: qualification.qualifiedAt,
      scoringSnapshot: qualification.scoringSnapshot,
    },
    ownership,
    account: inputs.account,
    contacts: inputs.contacts,
    engagements: inputs.engagements,
    rules: inputs.rules,
    stage,
  });
  const contactRole = assembled.elements.primaryContact?.committeeRole ?? null;

  const handoff = Object.assign(new HandoffEntity(), {
    id: randomUUID(),
    qualificationId,
    accountId,
    ...assembled.elements,
    missingElements: assembled.missing.map((x) => x.element),
    reasons: assembled.missing.map((x) => x.reason),
    createdAt: now,
    statusChangedAt: now,
    ownerRepId: assembled.elements.ownerAssignment?.owner.repId ?? null,
    currentAssignment: assembled.elements.ownerAssignment,
    playbookRuleVersion: assembled.playbookRuleVersion,
    stage: stage.stage,
    priority: assembled.elements.scoringSnapshot ? priorityOf(assembled.elements.scoringSnapshot, contactRole) : null,
  });
  const cause = { eventId: trigger.eventId, correlationId: qualification.correlationId };
  const transition = (from: HandoffEntity['status'] | null, to: HandoffEntity['status'], reason: string) => ({
    handoffId: handoff.id,
    fromStatus: from,
    toStatus: to,
    at: now,
    recordedAt: now,
    reason,
    applied: true,
    causeType: trigger.type,
    causeEventId: trigger.eventId,
  });

  if (!assembled.complete) {
    Object.assign(handoff, { status: 'INCOMPLETE', deliveredAt: null, queueDate: null, intendedQueueDate: null, queuedAt: null });
    if (!(await insertHandoff(m, handoff)).inserted) return 'already-assembled';
    await insertTransitions(m, [transition(null, 'INCOMPLETE', `assembled without ${handoff.missingElements.join(', ')}`)]);
    await enqueueEvents(m, [handoffIncomplete(handoff, cause)]);
    return 'incomplete';
  }

  // Delivery: into the owner's queue for their current business day, or later when over their cap.
  const queue = await planOwnerQueue(m, handoff.ownerRepId!, now, {
    arrival: { handoffId: handoff.id, priority: handoff.priority!, createdAt: now, movable: true },
    ownerLocked: lockedOwnerRepId === handoff.ownerRepId,
  });
  const placed = queue.arrival!;
  Object.assign(handoff, {
    status: 'DELIVERED',
    deliveredAt: now,
    queuedAt: now,
    queueDate: placed.queueDate,
    intendedQueueDate: placed.intendedDate,
  });
  // Its rank is read by the insert unless the plan moves others on its day too.
  const stored = await insertHandoff(m, handoff, { rank: !queue.movesOthers });
  if (!stored.inserted) return 'already-assembled';
  const { announcements: pushed, arrivalRank: rank } = await queue.apply(trigger.eventId, stored.rank);
  const owner = assembled.elements.ownerAssignment!.owner;
  const deferred =
    placed.queueDate !== placed.intendedDate
      ? ` (deferred from ${placed.intendedDate}: ${owner.name}'s daily cap of ${queue.calendar.dailyCapacity} was reached)`
      : '';
  await insertTransitions(m, [
    transition(null, 'CREATED', 'assembled with all five elements'),
    transition('CREATED', 'DELIVERED', `placed in ${owner.name}'s queue for ${placed.queueDate} at rank ${rank}${deferred}`),
  ]);
  await enqueueEvents(m, [handoffCreated(handoff, cause), handoffDelivered(handoff, rank!, cause), ...pushed]);
  return 'delivered';
}
