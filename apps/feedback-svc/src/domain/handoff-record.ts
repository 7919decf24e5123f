/**
 * feedback-svc's own projection of a handoff: who may give feedback on it (owner, backup), what
 * the metrics group by later (territory, model version), and when it reached the rep (delivery).
 *
 * It is built from two events on handoff-events that may arrive in either order (or again):
 * - `handoff-created` brings the owner assignment, territory, model version and creation time;
 * - `handoff-delivered` brings the delivery time, the queue date and the owner/backup it was
 *   delivered to.
 * Whichever arrives first creates the record; the other completes it. The delivery is the fact
 * the rep acted on, so once a handoff is delivered its owner/backup and delivery time are kept
 * (a replayed or repeated `handoff-created`/`handoff-delivered` never moves them).
 */
export interface HandoffRecord {
  handoffId: string;
  accountId: string;
  ownerRepId: string;
  backupRepId: string;
  /** Null until `handoff-created` arrived. */
  territoryId: string | null;
  modelVersion: string | null;
  createdAt: Date | null;
  /** Null until `handoff-delivered` arrived. */
  deliveredAt: Date | null;
  /** The owner's business day whose queue holds it (YYYY-MM-DD); null until delivered. */
  queueDate: string | null;
  /** The correlation id of the flow that produced the handoff, carried into feedback events. */
  correlationId: string | null;
}

export interface HandoffCreatedFacts {
  handoffId: string;
  accountId: string;
  ownerRepId: string;
  backupRepId: string;
  territoryId: string;
  modelVersion: string;
  createdAt: Date;
  correlationId: string;
}

export interface HandoffDeliveredFacts {
  handoffId: string;
  accountId: string;
  ownerRepId: string;
  backupRepId: string;
  deliveredAt: Date;
  queueDate: string;
  correlationId: string;
}

export function applyHandoffCreated(existing: HandoffRecord | null, facts: HandoffCreatedFacts): HandoffRecord {
  if (!existing) {
    return { ...facts, deliveredAt: null, queueDate: null };
  }
  const delivered = existing.deliveredAt !== null;
  return {
    ...existing,
    territoryId: facts.territoryId,
    modelVersion: facts.modelVersion,
    createdAt: facts.createdAt,
    ownerRepId: delivered ? existing.ownerRepId : facts.ownerRepId,
    backupRepId: delivered ? existing.backupRepId : facts.backupRepId,
    correlationId: existing.correlationId ?? facts.correlationId,
  };
}

export function applyHandoffDelivered(existing: HandoffRecord | null, facts: HandoffDeliveredFacts): HandoffRecord {
  if (!existing) {
    return {
      handoffId: facts.handoffId,
      accountId: facts.accountId,
      ownerRepId: facts.ownerRepId,
      backupRepId: facts.backupRepId,
      territoryId: null,
      modelVersion: null,
      createdAt: null,
      deliveredAt: facts.deliveredAt,
      queueDate: facts.queueDate,
      correlationId: facts.correlationId,
    };
  }
  if (existing.deliveredAt !== null) return existing; // delivered once; a repeat changes nothing
  return {
    ...existing,
    ownerRepId: facts.ownerRepId,
    backupRepId: facts.backupRepId,
    deliveredAt: facts.deliveredAt,
    queueDate: facts.queueDate,
    correlationId: existing.correlationId ?? facts.correlationId,
  };
}
