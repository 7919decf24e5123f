import { randomUUID } from 'node:crypto';
import { enqueueEvents } from '@handoff-graph/data';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { assemblyInputs, readyToAssemble, type ReadyAssemblyInputs } from '../data/assembly-inputs.repository';
import { HandoffEntity } from '../data/handoff.entity';
import { insertHandoff, insertTransitions, lockOwnerQueues } from '../data/handoff.repository';
import { lockQualifications } from '../data/qualification.repository';
import type { HandoffTransitionEntity } from '../data/handoff-history.entity';
import { assembleHandoff, type OwnershipOutcome } from '../domain/assembly';
import { accountStage } from '../domain/next-action';
import { ENGAGEMENT_WINDOW_DAYS } from '../domain/primary-contact';
import { priorityOf } from '../domain/queue';
import { handoffCreated, handoffDelivered, handoffIncomplete } from '../events/handoff-events.producer';
import { planOwnerQueue } from './owner-queue';

type AssemblyOutcome = 'already-assembled' | 'delivered' | 'incomplete';

/** An event that brings one half of a qualification's inputs (the qualification, or its ownership outcome). */
type QualificationHalf = EventEnvelope<'account-qualified' | 'ownership-resolved' | 'ownership-unresolved'>;

/**
 * A run of events bringing halves: locks their qualifications (one statement), lets `store` write
 * the halves, reads the assembly inputs of all of them (one statement), then assembles — in the
 * run's order, each caused by its event — the qualifications that now have both halves and no
 * handoff, so a run of events whose other half has not arrived costs three statements in all.
 * Before assembling, the owners' queue locks of all of them are taken in one statement in sorted
 * order, so two instances delivering runs for the same owners never deadlock (one by one, in event
 * order, they did). The run's transitions and events are written at the end, one statement each
 * (in the order they would have been written one assembly at a time).
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
  const inputs = new Map<string, ReadyAssemblyInputs>();
  for (const [id, read] of await assemblyInputs(m, ids, ENGAGEMENT_WINDOW_DAYS)) if (readyToAssemble(read)) inputs.set(id, read);
  const owners = new Set([...inputs.values()].flatMap((i) => i.outcome.ownerAssignment?.owner.repId ?? []));
  await lockOwnerQueues(m, [...owners]);
  const written: AssemblyWrites = { transitions: [], events: [] };
  const accountsAssembled = new Set<string>();
  for (const event of events) {
    const id = event.payload.qualificationId.toLowerCase();
    let ready = inputs.get(id);
    if (!ready) continue;
    inputs.delete(id); // a qualification repeated in the run is assembled once
    // A second qualification of an account in this run reads again: the first one's handoff is one of its earlier handoffs.
    const accountId = ready.qualification.accountId;
    if (accountsAssembled.has(accountId)) ready = (await assemblyInputs(m, [id], ENGAGEMENT_WINDOW_DAYS)).get(id) as ReadyAssemblyInputs;
    accountsAssembled.add(accountId);
    await assembleWhenReady(m, event.payload.qualificationId, ready, event, clock(), owners, written);
  }
  await insertTransitions(m, written.transitions);
  await enqueueEvents(m, written.events);
}

/** What assemblies leave for their caller to write, in order: history transitions and outbox events. */
interface AssemblyWrites {
  transitions: Omit<HandoffTransitionEntity, 'id'>[];
  events: EventEnvelope[];
}

/**
 * Assembles a qualification whose inputs (`assemblyInputs`, read under its lock) are ready, once:
 * the five elements complete → DELIVERED into the owner's queue for their current business day,
 * or a later one when the day is over their cap (`handoff-created`, then `handoff-delivered`;
 * handoffs the arrival pushed to a later day are announced again); otherwise INCOMPLETE
 * (`handoff-incomplete`, the ops alert), never delivered. The assembly and delivery are the first
 * transitions of the history; they and the events are added to `written` for the caller to store.
 */
async function assembleWhenReady(
  m: EntityManager,
  qualificationId: string,
  inputs: ReadyAssemblyInputs,
  trigger: EventEnvelope,
  now: Date,
  /** The owners whose queue locks the caller already holds. */
  lockedOwners: ReadonlySet<string>,
  written: AssemblyWrites,
): Promise<AssemblyOutcome> {
  const { qualification, outcome } = inputs;
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
    written.transitions.push(transition(null, 'INCOMPLETE', `assembled without ${handoff.missingElements.join(', ')}`));
    written.events.push(handoffIncomplete(handoff, cause));
    return 'incomplete';
  }

  // Delivery: into the owner's queue for their current business day, or later when over their cap.
  const queue = await planOwnerQueue(m, handoff.ownerRepId!, now, {
    arrival: { handoffId: handoff.id, priority: handoff.priority!, createdAt: now, movable: true },
    ownerLocked: lockedOwners.has(handoff.ownerRepId!),
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
  written.transitions.push(
    transition(null, 'CREATED', 'assembled with all five elements'),
    transition('CREATED', 'DELIVERED', `placed in ${owner.name}'s queue for ${placed.queueDate} at rank ${rank}${deferred}`),
  );
  written.events.push(handoffCreated(handoff, cause), handoffDelivered(handoff, rank!, cause), ...pushed);
  return 'delivered';
}
