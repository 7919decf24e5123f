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
 * What a run of `account-qualified` needs, in one statement: records the qualifications as
 * PENDING_ACCOUNT and reads the accounts' profiles and the current map version. `received`: the ids
 * it recorded (a qualification already known, a redelivery, is not; one given twice is recorded
 * once); `profiles` by account id (an account missing: its profile is not known yet). Call it
 * holding the accounts' locks and the map lock (shared), so the version read is the map the
 * decisions will use.
 */
export async function receiveQualifications(
  manager: EntityManager,
  qualifications: readonly NewQualification[],
): Promise<{ received: Set<string>; profiles: Map<string, AccountProfile>; mapVersion: number }> {
  const rows = (await manager.query(
    `WITH inserted AS (
       INSERT INTO qualification (qualification_id, account_id, qualified_at, received_at, status, causation_event_id, correlation_id)
       SELECT q.qualification_id, q.account_id, q.qualified_at, q.received_at, 'PENDING_ACCOUNT', q.causation_event_id, q.correlation_id
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::uuid[], $6::text[])
           AS q(qualification_id, account_id, qualified_at, received_at, causation_event_id, correlation_id)
       ON CONFLICT (qualification_id) DO NOTHING
       RETURNING qualification_id)
     SELECT 'received' AS kind, qualification_id::text AS id, NULL AS name, NULL AS domain, NULL::jsonb AS firmographics, NULL::int AS map_version FROM inserted
     UNION ALL
     SELECT 'profile', p.account_id, p.name, p.domain, p.firmographics, NULL FROM account_profile p WHERE p.account_id = ANY($2::text[])
     UNION ALL
     SELECT 'map', NULL, NULL, NULL, NULL, COALESCE(max(version), 0)::int FROM map_version`,
    [
      qualifications.map((q) => q.qualificationId),
      qualifications.map((q) => q.accountId),
      qualifications.map((q) => q.qualifiedAt),
      qualifications.map((q) => q.receivedAt),
      qualifications.map((q) => q.causationEventId),
      qualifications.map((q) => q.correlationId),
    ],
  )) as { kind: 'received' | 'profile' | 'map'; id: string | null; name: string; domain: string; firmographics: Firmographics; map_version: number | null }[];
  const received = new Set<string>();
  const profiles = new Map<string, AccountProfile>();
  let mapVersion = 0;
  for (const r of rows) {
    if (r.kind === 'received') received.add(r.id!);
    else if (r.kind === 'profile') profiles.set(r.id!, { accountId: r.id!, name: r.name, domain: r.domain, firmographics: r.firmographics });
    else mapVersion = r.map_version!;
  }
  return { received, profiles, mapVersion };
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
