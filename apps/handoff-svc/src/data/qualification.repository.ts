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

/** The first account-qualified for a qualification id wins; a redelivery changes nothing. One statement for all. */
export async function insertQualifications(m: EntityManager, qs: QualificationEntity[]): Promise<void> {
  await m.query(
    `INSERT INTO qualification (qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::uuid[], $6::text[])
     ON CONFLICT (qualification_id) DO NOTHING`,
    [
      qs.map((q) => q.qualificationId),
      qs.map((q) => q.accountId),
      qs.map((q) => q.qualifiedAt),
      qs.map((q) => JSON.stringify(q.scoringSnapshot)),
      qs.map((q) => q.eventId),
      qs.map((q) => q.correlationId),
    ],
  );
}

/** The first ownership outcome for a qualification wins (the handoff is assembled from it). One statement for all. */
export async function insertOwnershipOutcomes(m: EntityManager, os: OwnershipOutcomeEntity[]): Promise<void> {
  await m.query(
    `INSERT INTO ownership_outcome (qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::uuid[])
     ON CONFLICT (qualification_id) DO NOTHING`,
    [
      os.map((o) => o.qualificationId),
      os.map((o) => o.accountId),
      os.map((o) => o.resolvedAt),
      os.map((o) => (o.ownerAssignment === null ? null : JSON.stringify(o.ownerAssignment))),
      os.map((o) => o.unresolvedReason),
      os.map((o) => o.eventId),
    ],
  );
}

