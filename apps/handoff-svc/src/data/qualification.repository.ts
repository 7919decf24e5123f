import type { EntityManager } from 'typeorm';
import type { OwnershipOutcomeEntity } from './ownership-outcome.entity';
import type { QualificationEntity } from './qualification.entity';

/**
 * Serializes everything that touches one qualification until the transaction ends. account-qualified
 * and ownership-resolved arrive on different topics and may be handled at the same moment: without
 * this, each transaction could store its half without seeing the other's and nobody would assemble.
 */
export async function lockQualification(m: EntityManager, qualificationId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('handoff-svc:qualification:' || $1, 0))`, [qualificationId]);
}

/** The first account-qualified for a qualification id wins; a redelivery changes nothing. */
export async function insertQualification(m: EntityManager, q: QualificationEntity): Promise<void> {
  await m.query(
    `INSERT INTO qualification (qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (qualification_id) DO NOTHING`,
    [q.qualificationId, q.accountId, q.qualifiedAt, JSON.stringify(q.scoringSnapshot), q.eventId, q.correlationId],
  );
}

/** The first ownership outcome for a qualification wins (the handoff is assembled from it). */
export async function insertOwnershipOutcome(m: EntityManager, o: OwnershipOutcomeEntity): Promise<void> {
  await m.query(
    `INSERT INTO ownership_outcome (qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (qualification_id) DO NOTHING`,
    [
      o.qualificationId,
      o.accountId,
      o.resolvedAt,
      o.ownerAssignment === null ? null : JSON.stringify(o.ownerAssignment),
      o.unresolvedReason,
      o.eventId,
    ],
  );
}

