import { createEvent, type EventEnvelope } from '@handoff-graph/contracts';
import type { StoredRejectionPatternReport } from '../data/rejection-pattern-report.repository';
import { PRODUCER } from './feedback-events.producer';

/**
 * `rejection-pattern-reported` for a stored weekly report, keyed by the ISO week (the contract: it is
 * not about one account). The payload carries what the contract names; the per-value counts stay in
 * feedback-svc's store and the `rejectionPatterns` query.
 */
export function rejectionPatternEvent(report: StoredRejectionPatternReport): EventEnvelope<'rejection-pattern-reported'> {
  return createEvent(
    'rejection-pattern-reported',
    {
      week: report.week,
      generatedAt: report.generatedAt.toISOString(),
      deliveredCount: report.deliveredCount,
      rejectedCount: report.rejectedCount,
      patterns: report.patterns.map(({ dimension, value, reason, count, share }) => ({ dimension, value, reason, count, share })),
    },
    { aggregateId: report.week, producer: PRODUCER, occurredAt: report.generatedAt, eventId: report.eventId },
  );
}
