import type { SignalType } from '@handoff-graph/contracts';

/**
 * feedback-svc's own projection of a handoff: who may give feedback on it (owner, backup), what
 * the metrics and the rejection-pattern report group by (owner, team, territory, model version,
 * top contributor, playbook rule), and when it reached the rep (delivery).
 *
 * It is built from events on handoff-events that may arrive in either order (or again):
 * - `handoff-created` brings the owner assignment (owner's name, team and time zone as they were at
 *   handoff), territory, the snapshot's model version and top contributor, the next action's
 *   playbook rule, and the creation time;
 * - `handoff-delivered` brings the delivery time, the queue date and the owner/backup it was
 *   delivered to;
 * - `handoff-rerouted` moves an open handoff to a new owner/backup (ownership-changed upstream).
 * Whichever of created/delivered arrives first creates the record; the other completes it. The
 * delivery is the fact the rep acted on, so once a handoff is delivered its delivery time is kept
 * and its owner/backup change only by a re-route (a replayed or repeated `handoff-created` /
 * `handoff-delivered` never moves them). The owner's name/team/time zone describe the CURRENT owner,
 * or are null when the event that named the current owner did not carry them.
 */
export interface HandoffRecord {
  handoffId: string;
  accountId: string;
  ownerRepId: string;
  backupRepId: string;
  /** The owner's name, team and time zone from the RepRef that named the current owner; null if none did. */
  ownerName: string | null;
  ownerTeam: string | null;
  ownerTimeZone: string | null;
  /** Null until `handoff-created` arrived. */
  territoryId: string | null;
  territoryName: string | null;
  modelVersion: string | null;
  /** The signal type of the scoring snapshot's first (largest) contributor. */
  topContributor: SignalType | null;
  /** The playbook rule that wrote the next action. */
  playbookRuleId: string | null;
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
  ownerName: string;
  ownerTeam: string;
  ownerTimeZone: string;
  backupRepId: string;
  territoryId: string;
  territoryName: string;
  modelVersion: string;
  topContributor: SignalType;
  playbookRuleId: string;
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

export interface HandoffReroutedFacts {
  handoffId: string;
  ownerRepId: string;
  ownerName: string;
  ownerTeam: string;
  ownerTimeZone: string;
  backupRepId: string;
  territoryId: string;
  territoryName: string;
}

const NO_OWNER_DETAILS = { ownerName: null, ownerTeam: null, ownerTimeZone: null };

export function applyHandoffCreated(existing: HandoffRecord | null, facts: HandoffCreatedFacts): HandoffRecord {
  const { correlationId, ...rest } = facts;
  if (!existing) {
    return { ...rest, correlationId, deliveredAt: null, queueDate: null };
  }
  // Delivered (or re-routed) first: that owner stands; the RepRef only describes it if it is the same rep.
  const keepOwner = existing.deliveredAt !== null;
  const sameOwner = existing.ownerRepId === facts.ownerRepId;
  return {
    ...existing,
    territoryId: existing.territoryId ?? facts.territoryId,
    territoryName: existing.territoryName ?? facts.territoryName,
    modelVersion: facts.modelVersion,
    topContributor: facts.topContributor,
    playbookRuleId: facts.playbookRuleId,
    createdAt: facts.createdAt,
    ownerRepId: keepOwner ? existing.ownerRepId : facts.ownerRepId,
    backupRepId: keepOwner ? existing.backupRepId : facts.backupRepId,
    ...(keepOwner && !sameOwner
      ? {}
      : { ownerName: facts.ownerName, ownerTeam: facts.ownerTeam, ownerTimeZone: facts.ownerTimeZone }),
    correlationId: existing.correlationId ?? correlationId,
  };
}

export function applyHandoffDelivered(existing: HandoffRecord | null, facts: HandoffDeliveredFacts): HandoffRecord {
  if (!existing) {
    return {
      handoffId: facts.handoffId,
      accountId: facts.accountId,
      ownerRepId: facts.ownerRepId,
      backupRepId: facts.backupRepId,
      ...NO_OWNER_DETAILS,
      territoryId: null,
      territoryName: null,
      modelVersion: null,
      topContributor: null,
      playbookRuleId: null,
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
    ...(existing.ownerRepId === facts.ownerRepId ? {} : NO_OWNER_DETAILS),
    deliveredAt: facts.deliveredAt,
    queueDate: facts.queueDate,
    correlationId: existing.correlationId ?? facts.correlationId,
  };
}

/**
 * An open handoff followed an ownership change: the new owner and backup may give feedback from now
 * on, and the metrics count the handoff for the new owner. Unknown handoffs are left alone (null).
 */
export function applyHandoffRerouted(existing: HandoffRecord | null, facts: HandoffReroutedFacts): HandoffRecord | null {
  if (!existing) return null;
  return {
    ...existing,
    ownerRepId: facts.ownerRepId,
    ownerName: facts.ownerName,
    ownerTeam: facts.ownerTeam,
    ownerTimeZone: facts.ownerTimeZone,
    backupRepId: facts.backupRepId,
    territoryId: facts.territoryId,
    territoryName: facts.territoryName,
  };
}
