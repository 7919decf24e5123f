import type { EntityManager } from 'typeorm';
import { QualificationEntity } from './qualification.entity';

export interface NewQualification {
  qualificationId: string;
  accountId: string;
  qualifiedAt: Date;
  receivedAt: Date;
  causationEventId: string;
  correlationId: string;
}

/** Records a qualification as PENDING_ACCOUNT; false when it is already known (a redelivery). */
export async function insertQualification(manager: EntityManager, q: NewQualification): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO qualification (qualification_id, account_id, qualified_at, received_at, status, causation_event_id, correlation_id)
     VALUES ($1, $2, $3, $4, 'PENDING_ACCOUNT', $5, $6)
     ON CONFLICT (qualification_id) DO NOTHING
     RETURNING qualification_id`,
    [q.qualificationId, q.accountId, q.qualifiedAt, q.receivedAt, q.causationEventId, q.correlationId],
  );
  return rows.length > 0;
}

export function findQualification(manager: EntityManager, qualificationId: string): Promise<QualificationEntity | null> {
  return manager.findOneBy(QualificationEntity, { qualificationId });
}

/** The account's qualifications still waiting for its profile, oldest first. */
export function pendingQualifications(manager: EntityManager, accountId: string): Promise<QualificationEntity[]> {
  return manager.find(QualificationEntity, {
    where: { accountId, status: 'PENDING_ACCOUNT' },
    order: { receivedAt: 'ASC', qualificationId: 'ASC' },
  });
}

export async function markDecided(
  manager: EntityManager,
  qualificationId: string,
  decision: { status: 'RESOLVED' } | { status: 'UNRESOLVED'; reason: string },
  decidedAt: Date,
): Promise<void> {
  await manager.update(
    QualificationEntity,
    { qualificationId, status: 'PENDING_ACCOUNT' },
    { status: decision.status, decidedAt, unresolvedReason: decision.status === 'UNRESOLVED' ? decision.reason : null },
  );
}
