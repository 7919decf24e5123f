import { lockInSortedOrder } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import type { OwnershipOutcomeEntity } from './ownership-outcome.entity';
import type { QualificationEntity } from './qualification.entity';

/**
 * Serializes everything that touches each of the qualifications until the transaction ends.
 * account-qualified and ownership-resolved arrive on different topics and may be handled at the same
 * moment: without this, each transaction could store its half without seeing the other's and nobody
 * would assemble. One statement, locks taken in sorted order (two batches never wait in a cycle).
 */
export function lockQualifications(m: EntityManager, qualificationIds: string[]): Promise<void> {
  return lockInSortedOrder(m, 'handoff-svc:qualification:', qualificationIds);
}

/**
 * The first account-qualified for a qualification id wins; a redelivery changes nothing. One statement
 * for all, the rows as one JSON parameter (as `insertHandoffs`), in the given order.
 */
export async function insertQualifications(m: EntityManager, qs: QualificationEntity[]): Promise<void> {
  const rows = qs.map((q) => ({
    qualification_id: q.qualificationId,
    account_id: q.accountId,
    qualified_at: q.qualifiedAt,
    scoring_snapshot: q.scoringSnapshot,
    event_id: q.eventId,
    correlation_id: q.correlationId,
  }));
  await m.query(
    `INSERT INTO qualification (qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id)
     SELECT qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id
       FROM jsonb_populate_recordset(NULL::qualification, $1::jsonb) WITH ORDINALITY AS r ORDER BY ordinality
     ON CONFLICT (qualification_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** The first ownership outcome for a qualification wins (the handoff is assembled from it). One statement for all, as above. */
export async function insertOwnershipOutcomes(m: EntityManager, os: OwnershipOutcomeEntity[]): Promise<void> {
  const rows = os.map((o) => ({
    qualification_id: o.qualificationId,
    account_id: o.accountId,
    resolved_at: o.resolvedAt,
    owner_assignment: o.ownerAssignment,
    unresolved_reason: o.unresolvedReason,
    event_id: o.eventId,
  }));
  await m.query(
    `INSERT INTO ownership_outcome (qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id)
     SELECT qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id
       FROM jsonb_populate_recordset(NULL::ownership_outcome, $1::jsonb) WITH ORDINALITY AS r ORDER BY ordinality
     ON CONFLICT (qualification_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

