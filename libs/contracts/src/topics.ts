/**
 * Kafka topics. Every message is keyed by account id, so one account's events stay in order on a
 * topic while consumers scale out as a group. Topics are per producing service (not per event type)
 * so that events about one account from one service keep their relative order (for example a
 * `contact-engaged` before the `account-qualified` it led to).
 */
export const Topics = {
  /** Inbound: marketing tools publish `signal-received` here. Consumed by scoring-svc. */
  signals: 'signals',
  /** Inbound: the CRM connector publishes `crm-account-changed` / `crm-contact-changed`. Consumed by handoff-svc. */
  crmChanges: 'crm-changes',
  /** scoring-svc: `account-qualified`, `contact-engaged`. */
  scoringEvents: 'scoring-events',
  /** ownership-svc: `ownership-resolved`, `ownership-unresolved`, `ownership-changed`, `rep-upserted` (keyed by rep id). */
  ownershipEvents: 'ownership-events',
  /** handoff-svc's CRM mirror: `account-upserted`. */
  accountEvents: 'account-events',
  /** handoff-svc, the partner stream: `handoff-created`, `-delivered`, `-incomplete`, `-status-changed`, `-escalated`, `-rerouted`, `sla-breached`. */
  handoffEvents: 'handoff-events',
  /** feedback-svc: `handoff-accepted`, `handoff-rejected`, `first-touch-recorded`, `meeting-booked`, `rejection-pattern-reported`. */
  feedbackEvents: 'feedback-events',
  /** Messages a consumer could not validate or process, with the error attached (see DeadLetter). */
  deadLetter: 'dead-letter',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: Topic[] = Object.values(Topics);
