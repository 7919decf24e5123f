import type { EventEnvelope } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { correlationOf, insertReroute, lockOwnerQueues, openHandoffsOfAccount } from '../data/handoff.repository';
import { planReroute } from '../domain/reroute';
import { handoffDelivered, handoffRerouted } from '../events/handoff-events.producer';
import { planOwnerQueue } from './owner-queue';

/**
 * `ownership-changed` → every open handoff of the account follows the policy in the event
 * (domain/reroute.ts). A move re-queues the handoff in the new owner's queue (their current
 * business day and cap; it keeps its status), restarts its SLA clocks in their calendar, re-ranks
 * the old owner's queue, and publishes `handoff-rerouted` and a fresh `handoff-delivered` (the new
 * queue day and rank). Each decision, moved or not, is stored on the card's re-route history.
 */
export async function applyOwnershipChange(m: EntityManager, event: EventEnvelope<'ownership-changed'>, now: Date): Promise<void> {
  const change = event.payload;
  const handoffs = await openHandoffsOfAccount(m, change.accountId);
  const events: EventEnvelope[] = [];
  for (const h of handoffs) {
    const assignment = h.currentAssignment ?? h.ownerAssignment;
    if (!assignment || !h.ownerRepId) continue;
    const plan = planReroute(h.status, assignment, change);
    if (plan.kind === 'closed') continue;
    const record = {
      handoffId: h.id,
      at: now,
      policy: change.policy,
      fromOwnerRepId: h.ownerRepId,
      changeReason: change.reason,
      mapVersion: change.mapVersion,
      causeEventId: event.eventId,
    };
    if (plan.kind === 'stay') {
      await insertReroute(m, { ...record, toOwnerRepId: h.ownerRepId, moved: false, reason: plan.reason });
      continue;
    }
    const cause = { eventId: event.eventId, correlationId: await correlationOf(m, h.qualificationId) };
    const previousOwnerRepId = h.ownerRepId;
    const newOwnerRepId = plan.assignment.owner.repId;
    await insertReroute(m, { ...record, toOwnerRepId: newOwnerRepId, moved: true, reason: plan.reason });
    if (!plan.ownerChanged) {
      await m.query(`UPDATE handoff SET current_assignment = $2 WHERE id = $1`, [h.id, JSON.stringify(plan.assignment)]);
      h.currentAssignment = plan.assignment;
      events.push(handoffRerouted(h, { previousOwnerRepId, assignment: plan.assignment, policy: change.policy, reason: plan.reason, at: now }, cause));
      continue;
    }
    // Both owners' queues change: take their locks in one order so two re-routes never wait on each other.
    await lockOwnerQueues(m, [previousOwnerRepId, newOwnerRepId]);
    const queue = await planOwnerQueue(m, newOwnerRepId, now, {
      arrival: { handoffId: h.id, priority: h.priority ?? 0, createdAt: h.createdAt, movable: h.status === 'DELIVERED' },
    });
    const placed = queue.arrival!;
    await m.query(
      `UPDATE handoff SET owner_rep_id = $2, current_assignment = $3, queue_date = $4, intended_queue_date = $5, queued_at = $6
        WHERE id = $1`,
      [h.id, newOwnerRepId, JSON.stringify(plan.assignment), placed.queueDate, placed.intendedDate, now],
    );
    Object.assign(h, {
      ownerRepId: newOwnerRepId,
      currentAssignment: plan.assignment,
      queueDate: placed.queueDate,
      intendedQueueDate: placed.intendedDate,
      queuedAt: now,
    });
    const { announcements, arrivalRank } = await queue.apply(event.eventId);
    events.push(handoffRerouted(h, { previousOwnerRepId, assignment: plan.assignment, policy: change.policy, reason: plan.reason, at: now }, cause));
    events.push(handoffDelivered(h, arrivalRank!, cause, now));
    events.push(...announcements);
    events.push(...(await (await planOwnerQueue(m, previousOwnerRepId, now)).apply(event.eventId)).announcements);
  }
  await enqueueEvents(m, events);
}
