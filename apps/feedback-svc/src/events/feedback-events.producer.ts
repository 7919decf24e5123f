import { createEvent, type EventEnvelope, type EventMeta } from '@handoff-graph/contracts';
import type { Feedback } from '../domain/feedback-rules';
import type { HandoffRecord } from '../domain/handoff-record';

export const PRODUCER = 'feedback-svc';

/**
 * The feedback-events event for a stored piece of feedback, keyed by the account id and carrying the
 * correlation id of the flow that produced the handoff (so a trace runs from signal to meeting).
 */
export function feedbackEvent(feedback: Feedback, handoff: HandoffRecord): EventEnvelope {
  const meta: EventMeta = {
    aggregateId: handoff.accountId,
    producer: PRODUCER,
    correlationId: handoff.correlationId ?? undefined,
    occurredAt: feedback.recordedAt,
  };
  const base = {
    feedbackId: feedback.feedbackId,
    handoffId: feedback.handoffId,
    accountId: handoff.accountId,
    repId: feedback.repId,
    at: feedback.at.toISOString(),
  };
  switch (feedback.kind) {
    case 'ACCEPTED':
      return createEvent('handoff-accepted', base, meta);
    case 'REJECTED':
      return createEvent('handoff-rejected', { ...base, reason: feedback.reason!, note: feedback.note }, meta);
    case 'FIRST_TOUCH':
      return createEvent('first-touch-recorded', { ...base, channel: feedback.channel! }, meta);
    case 'MEETING_BOOKED':
      return createEvent('meeting-booked', base, meta);
  }
}
