import { randomUUID } from 'node:crypto';
import { enqueueEvents } from '@handoff-graph/data';
import type { EventEnvelope, RepRef } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { assemblyInputs, readyToAssemble, type ReadyAssemblyInputs } from '../data/assembly-inputs.repository';
import { HandoffEntity } from '../data/handoff.entity';
import { insertHandoff, insertHandoffs, insertTransitions, lockOwnerQueues, type OwnerQueueRead } from '../data/handoff.repository';
import { lockQualifications } from '../data/qualification.repository';
import type { HandoffTransitionEntity, QueueDeferralEntity } from '../data/handoff-history.entity';
import { assembleHandoff, type OwnershipOutcome } from '../domain/assembly';
import { accountStage } from '../domain/next-action';
import { ENGAGEMENT_WINDOW_DAYS } from '../domain/primary-contact';
import { priorityOf } from '../domain/queue';
import type { RepCalendar } from '../domain/rep-calendar';
import { handoffCreated, handoffDelivered, handoffIncomplete, type Cause } from '../events/handoff-events.producer';
import { planOwnerQueue, RunQueues, type RunPlacement } from './owner-queue';

/** An event that brings one half of a qualification's inputs (the qualification, or its ownership outcome). */
type QualificationHalf = EventEnvelope<'account-qualified' | 'ownership-resolved' | 'ownership-unresolved'>;

/**
 * A run of events bringing halves: locks their qualifications (one statement), lets `store` write
 * the halves, reads the assembly inputs of all of them (one statement), then assembles — in the
 * run's order, each caused by its event — the qualifications that now have both halves and no
 * handoff, so a run of events whose other half has not arrived costs three statements in all.
 * Before assembling, the owners' queue locks of all of them are taken in one statement in sorted
 * order, so two instances delivering runs for the same owners never deadlock (one by one, in event
 * order, they did). Deliveries are placed in memory from the owners' calendars and day tails, read
 * once (`RunQueues`), and stored together with the incomplete handoffs in one statement that also
 * reads each arrival's rank as it was when it arrived; an arrival that pushes queued handoffs on is
 * planned and stored on its own (`planOwnerQueue`), after those placed before it. An arrival that
 * joins its day last in queue order (the usual case) ranks behind all of it: that rank is known in
 * memory and not counted. The run's transitions and events are written at the end, one statement
 * each, in the order one assembly at a time would have written them.
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
  const owners = [...new Set([...inputs.values()].flatMap((i) => i.outcome.ownerAssignment?.owner.repId ?? []))];
  await lockOwnerQueues(m, owners);
  const written: AssemblyWrites = { transitions: [], events: [] };
  const queues = new RunQueues(m);
  await queues.load(owners, clock());
  let pending: Pending[] = [];
  const flush = async () => {
    const stored = await insertHandoffs(
      m,
      pending.map((p) => p.assembly.handoff),
      { ranks: true, knownRanks: pending.map((p) => p.rank), deferrals: pending.flatMap((p) => p.deferrals) },
    );
    for (const [i, p] of pending.entries()) if (stored[i].inserted) p.write(stored[i].rank);
    pending = [];
  };
  const accountsAssembled = new Set<string>();
  for (const event of events) {
    const id = event.payload.qualificationId.toLowerCase();
    let ready = inputs.get(id);
    if (!ready) continue;
    inputs.delete(id); // a qualification repeated in the run is assembled once
    // A second qualification of an account in this run reads again: the first one's handoff is one of its earlier handoffs.
    const accountId = ready.qualification.accountId;
    if (accountsAssembled.has(accountId)) {
      await flush();
      ready = (await assemblyInputs(m, [id], ENGAGEMENT_WINDOW_DAYS)).get(id) as ReadyAssemblyInputs;
    }
    accountsAssembled.add(accountId);
    const assembly = assemble(event.payload.qualificationId, ready, event, clock());
    if (!assembly.owner) {
      pending.push(incomplete(assembly, written));
      continue;
    }
    const arrival = { handoffId: assembly.handoff.id, priority: assembly.handoff.priority!, createdAt: assembly.now, movable: true };
    let placed = queues.place(assembly.owner.repId, arrival, assembly.now);
    if (placed === 'unknown') {
      await flush();
      await queues.load([assembly.owner.repId], assembly.now);
      placed = queues.place(assembly.owner.repId, arrival, assembly.now);
    }
    if (placed === 'unknown' || 'plan' in placed) {
      await flush();
      await deliverPlanned(m, assembly, written, placed === 'unknown' ? undefined : placed.plan);
    } else {
      pending.push(delivered(assembly, placed, written));
    }
  }
  await flush();
  await insertTransitions(m, written.transitions);
  await enqueueEvents(m, written.events);
}

/** What assemblies leave for their caller to write, in order: history transitions and outbox events. */
interface AssemblyWrites {
  transitions: Omit<HandoffTransitionEntity, 'id'>[];
  events: EventEnvelope[];
}

/** A handoff placed but not stored yet: its own deferrals, and what to write once it is stored (with its rank). */
interface Pending {
  assembly: Assembly;
  deferrals: Omit<QueueDeferralEntity, 'id'>[];
  /** Its rank when known before it is stored (it joined its day last in queue order); null: the insert reads it. */
  rank: number | null;
  write: (rank: number | null) => void;
}

/** The five elements assembled into a handoff, before it is stored. */
interface Assembly {
  handoff: HandoffEntity;
  /** The owner it is delivered to; null when the handoff is incomplete (never delivered). */
  owner: RepRef | null;
  cause: Cause;
  now: Date;
  transition: (from: HandoffEntity['status'] | null, to: HandoffEntity['status'], reason: string) => Omit<HandoffTransitionEntity, 'id'>;
}

/** Assembles a qualification whose inputs (`assemblyInputs`, read under its lock) are ready (domain/assembly.ts, pure). */
function assemble(qualificationId: string, inputs: ReadyAssemblyInputs, trigger: EventEnvelope, now: Date): Assembly {
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
  return {
    handoff,
    owner: assembled.complete ? assembled.elements.ownerAssignment!.owner : null,
    cause: { eventId: trigger.eventId, correlationId: qualification.correlationId },
    now,
    transition: (from, to, reason) => ({
      handoffId: handoff.id,
      fromStatus: from,
      toStatus: to,
      at: now,
      recordedAt: now,
      reason,
      applied: true,
      causeType: trigger.type,
      causeEventId: trigger.eventId,
    }),
  };
}

/** Incomplete: INCOMPLETE, never delivered (`handoff-incomplete`, the ops alert). */
function incomplete(a: Assembly, written: AssemblyWrites): Pending {
  const { handoff } = a;
  Object.assign(handoff, { status: 'INCOMPLETE', deliveredAt: null, queueDate: null, intendedQueueDate: null, queuedAt: null });
  return {
    assembly: a,
    deferrals: [],
    rank: null,
    write: () => {
      written.transitions.push(a.transition(null, 'INCOMPLETE', `assembled without ${handoff.missingElements.join(', ')}`));
      written.events.push(handoffIncomplete(handoff, a.cause));
    },
  };
}

/**
 * Complete: DELIVERED into the owner's queue for their current business day, or a later one when the
 * day is over their cap (`handoff-created`, then `handoff-delivered` with its rank).
 */
function delivered(a: Assembly, placed: RunPlacement, written: AssemblyWrites): Pending {
  const { handoff, now } = a;
  Object.assign(handoff, { status: 'DELIVERED', deliveredAt: now, queuedAt: now, queueDate: placed.queueDate, intendedQueueDate: placed.intendedDate });
  return {
    assembly: a,
    deferrals: placed.deferrals.map((d) => ({ handoffId: d.handoffId, ownerRepId: a.owner!.repId, fromDate: d.fromDate, toDate: d.toDate, reason: d.reason, deferredAt: now })),
    rank: placed.rank,
    write: (rank) => writeDelivered(a, placed, placed.calendar, rank!, [], written),
  };
}

/**
 * A delivery that pushes queued handoffs on: planned (from `read`, the owner's calendar and tails
 * RunQueues holds, when given), stored and applied on its own; the handoffs it moved are announced again.
 */
async function deliverPlanned(m: EntityManager, a: Assembly, written: AssemblyWrites, read?: OwnerQueueRead): Promise<void> {
  const { handoff, now } = a;
  const queue = await planOwnerQueue(m, a.owner!.repId, now, {
    arrival: { handoffId: handoff.id, priority: handoff.priority!, createdAt: now, movable: true },
    ownerLocked: true,
    read,
  });
  const placed = queue.arrival!;
  Object.assign(handoff, { status: 'DELIVERED', deliveredAt: now, queuedAt: now, queueDate: placed.queueDate, intendedQueueDate: placed.intendedDate });
  // Its rank is read by the insert unless the plan moves others on its day too.
  const stored = await insertHandoff(m, handoff, { rank: !queue.movesOthers });
  if (!stored.inserted) return;
  const { announcements, arrivalRank } = await queue.apply(a.cause.eventId, stored.rank);
  writeDelivered(a, placed, queue.calendar, arrivalRank!, announcements, written);
}

function writeDelivered(
  a: Assembly,
  placed: { queueDate: string; intendedDate: string },
  calendar: RepCalendar,
  rank: number,
  pushed: EventEnvelope[],
  written: AssemblyWrites,
): void {
  const owner = a.owner!;
  const deferred =
    placed.queueDate !== placed.intendedDate ? ` (deferred from ${placed.intendedDate}: ${owner.name}'s daily cap of ${calendar.dailyCapacity} was reached)` : '';
  written.transitions.push(
    a.transition(null, 'CREATED', 'assembled with all five elements'),
    a.transition('CREATED', 'DELIVERED', `placed in ${owner.name}'s queue for ${placed.queueDate} at rank ${rank}${deferred}`),
  );
  written.events.push(handoffCreated(a.handoff, a.cause), handoffDelivered(a.handoff, rank, a.cause), ...pushed);
}
