import type { EventEnvelope, HandoffStatus } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { HandoffEntity } from '../data/handoff.entity';
import { correlationOf, insertTransitions, lockHandoff } from '../data/handoff.repository';
import { planFeedback, type FeedbackKind, type LifecyclePlan } from '../domain/lifecycle';
import { handoffStatusChanged, type Cause } from '../events/handoff-events.producer';

export type FeedbackEvent =
  | EventEnvelope<'handoff-accepted'>
  | EventEnvelope<'handoff-rejected'>
  | EventEnvelope<'first-touch-recorded'>
  | EventEnvelope<'meeting-booked'>;

/** Thrown for feedback about a handoff this service never assembled: retried, then dead-lettered. */
export class UnknownHandoffError extends Error {
  constructor(handoffId: string, type: string) {
    super(`${type} names handoff ${handoffId}, which handoff-svc never assembled`);
    this.name = 'UnknownHandoffError';
  }
}

const KIND: Record<FeedbackEvent['type'], FeedbackKind> = {
  'handoff-accepted': 'ACCEPTED',
  'handoff-rejected': 'REJECTED',
  'first-touch-recorded': 'FIRST_TOUCH',
  'meeting-booked': 'MEETING_BOOKED',
};

/** "Ana Ortiz", "Ben Okafor (backup)", or the rep id when the rep is neither. */
function whoIs(h: HandoffEntity, repId: string): string {
  const a = h.currentAssignment ?? h.ownerAssignment;
  if (a?.owner.repId === repId) return a.owner.name;
  if (a?.backup.repId === repId) return `${a.backup.name} (backup)`;
  return repId;
}

/**
 * Applies the legal steps a plan names to the handoff (status, history, one handoff-status-changed
 * each), or records the plan as ignored with its reason. `attempted` is the status the cause aimed
 * at, recorded on an ignored row.
 */
export async function applyLifecyclePlan(
  m: EntityManager,
  h: HandoffEntity,
  plan: LifecyclePlan,
  o: { at: Date; now: Date; attempted: HandoffStatus; causeType: string; causeEventId: string | null },
): Promise<EventEnvelope[]> {
  const base = { handoffId: h.id, at: o.at, recordedAt: o.now, causeType: o.causeType, causeEventId: o.causeEventId };
  if (plan.kind === 'ignore') {
    await insertTransitions(m, [{ ...base, fromStatus: h.status, toStatus: o.attempted, reason: plan.reason, applied: false }]);
    return [];
  }
  await insertTransitions(
    m,
    plan.steps.map((s) => ({ ...base, fromStatus: s.from, toStatus: s.to, reason: s.reason, applied: true })),
  );
  const final = plan.steps[plan.steps.length - 1].to;
  await m.query(`UPDATE handoff SET status = $2, status_changed_at = $3 WHERE id = $1`, [h.id, final, o.at]);
  const cause: Cause = { eventId: o.causeEventId, correlationId: await correlationOf(m, h.qualificationId) };
  const events = plan.steps.map((s) => handoffStatusChanged(h, s, o.at, cause));
  h.status = final;
  h.statusChangedAt = o.at;
  return events;
}

/**
 * A feedback event (feedback-events) moves the handoff along its lifecycle. Late, repeated or
 * out-of-order events are recorded as ignored with the reason, never dead-lettered (domain/lifecycle.ts);
 * only feedback about a handoff this service does not know fails (and is dead-lettered after retries).
 */
export async function applyFeedback(m: EntityManager, event: FeedbackEvent, now: Date): Promise<void> {
  const p = event.payload;
  const h = await lockHandoff(m, p.handoffId);
  if (!h) throw new UnknownHandoffError(p.handoffId, event.type);
  const kind = KIND[event.type];
  const detail = 'reason' in p ? p.reason : 'channel' in p ? p.channel : undefined;
  const plan = planFeedback(h.status, kind, whoIs(h, p.repId), detail);
  const events = await applyLifecyclePlan(m, h, plan, {
    at: new Date(p.at),
    now,
    attempted: kind,
    causeType: event.type,
    causeEventId: event.eventId,
  });
  await enqueueEvents(m, events);
}
