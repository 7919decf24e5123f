import type { Firmographics } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { AccountProfile } from '../domain/ownership.types';
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

/**
 * What an `account-qualified` needs, in one statement: records the qualification as PENDING_ACCOUNT
 * (`isNew` false: already known, a redelivery) and reads the account's profile (null: not known
 * yet) and the current map version. Call it holding the account lock and the map lock (shared),
 * so the version read is the map the decision will use.
 */
export async function receiveQualification(
  manager: EntityManager,
  q: NewQualification,
): Promise<{ isNew: boolean; profile: AccountProfile | null; mapVersion: number }> {
  const [row] = (await manager.query(
    `WITH inserted AS (
       INSERT INTO qualification (qualification_id, account_id, qualified_at, received_at, status, causation_event_id, correlation_id)
       VALUES ($1, $2, $3, $4, 'PENDING_ACCOUNT', $5, $6)
       ON CONFLICT (qualification_id) DO NOTHING
       RETURNING qualification_id)
     SELECT EXISTS (SELECT 1 FROM inserted) AS is_new, (SELECT COALESCE(max(version), 0)::int FROM map_version) AS map_version,
            p.account_id, p.name, p.domain, p.firmographics
     FROM (SELECT 1) one LEFT JOIN account_profile p ON p.account_id = $2`,
    [q.qualificationId, q.accountId, q.qualifiedAt, q.receivedAt, q.causationEventId, q.correlationId],
  )) as { is_new: boolean; map_version: number; account_id: string | null; name: string; domain: string; firmographics: Firmographics }[];
  return {
    isNew: row.is_new,
    mapVersion: row.map_version,
    profile: row.account_id === null ? null : { accountId: row.account_id, name: row.name, domain: row.domain, firmographics: row.firmographics },
  };
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
