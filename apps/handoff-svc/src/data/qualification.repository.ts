import { jsonArrayOfTexts, jsonbOrNull, lockInSortedOrder } from '@handoff-graph/data';
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
 * for all; the documents go in as one JSON array (`jsonArrayOfTexts`), here and below.
 */
export async function insertQualifications(m: EntityManager, qs: QualificationEntity[]): Promise<void> {
  await m.query(
    `INSERT INTO qualification (qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id)
     SELECT q.qualification_id, q.account_id, q.qualified_at, q.scoring_snapshot::jsonb, q.event_id, q.correlation_id
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::text[]), unnest($3::timestamptz[]), json_array_elements($4::json), unnest($5::uuid[]), unnest($6::text[]))
            AS q(qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id)
     ON CONFLICT (qualification_id) DO NOTHING`,
    [
      qs.map((q) => q.qualificationId),
      qs.map((q) => q.accountId),
      qs.map((q) => q.qualifiedAt),
      jsonArrayOfTexts(qs.map((q) => JSON.stringify(q.scoringSnapshot))),
      qs.map((q) => q.eventId),
      qs.map((q) => q.correlationId),
    ],
  );
}

/** The first ownership outcome for a qualification wins (the handoff is assembled from it). One statement for all. */
export async function insertOwnershipOutcomes(m: EntityManager, os: OwnershipOutcomeEntity[]): Promise<void> {
  await m.query(
    `INSERT INTO ownership_outcome (qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id)
     SELECT o.qualification_id, o.account_id, o.resolved_at, ${jsonbOrNull('o.owner_assignment')}, o.unresolved_reason, o.event_id
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::text[]), unnest($3::timestamptz[]), json_array_elements($4::json), unnest($5::text[]), unnest($6::uuid[]))
            AS o(qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id)
     ON CONFLICT (qualification_id) DO NOTHING`,
    [
      os.map((o) => o.qualificationId),
      os.map((o) => o.accountId),
      os.map((o) => o.resolvedAt),
      jsonArrayOfTexts(os.map((o) => (o.ownerAssignment === null ? null : JSON.stringify(o.ownerAssignment)))),
      os.map((o) => o.unresolvedReason),
      os.map((o) => o.eventId),
    ],
  );
}

