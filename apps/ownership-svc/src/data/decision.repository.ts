import type { OwnerAssignment } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { MapAnswer } from '../domain/in-flight';
import type { OwnerAssignmentEntity } from './owner-assignment.entity';

/** The decision on one qualification, as stored. */
export interface Decision {
  qualificationId: string;
  accountId: string;
  decidedAt: Date;
  /** The map version the decision read. */
  mapVersion: number;
  outcome:
    | {
        status: 'RESOLVED';
        assignment: Pick<OwnerAssignmentEntity, 'ownerRepId' | 'backupRepId' | 'territoryId' | 'territoryName' | 'explanation' | 'decidingRule' | 'cover'>;
        /** What `ownership-resolved` carries, kept as the account's routing. */
        routed: OwnerAssignment;
        mapAnswer: MapAnswer;
      }
    | { status: 'UNRESOLVED'; reason: string };
}

/**
 * Stores decisions in one statement, set-based: the owner assignments (resolved), each
 * qualification's status (PENDING_ACCOUNT → RESOLVED or UNRESOLVED with the reason) and the
 * accounts' in-flight routing — an account decided twice here keeps the later decision as its
 * routing, as storing them one by one in order would (an older qualification never replaces a
 * newer one already stored). The routings go in as one JSON parameter (`jsonb_populate_recordset`).
 */
export async function saveDecisions(manager: EntityManager, decisions: readonly Decision[]): Promise<void> {
  if (decisions.length === 0) return;
  const resolved = decisions.flatMap((d) => (d.outcome.status === 'RESOLVED' ? [{ d, a: d.outcome.assignment }] : []));
  const routings = [...new Map(decisions.map((d) => [d.accountId, d])).values()];
  const routed = (d: Decision) => (d.outcome.status === 'RESOLVED' ? d.outcome : null);
  await manager.query(
    `WITH assignments AS (
       INSERT INTO owner_assignment (qualification_id, account_id, owner_rep_id, backup_rep_id, territory_id, territory_name, explanation, decided_at, map_version, deciding_rule, cover)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::int[], $10::text[], $11::text[])),
     statuses AS (
       UPDATE qualification q SET status = u.status, decided_at = u.decided_at, unresolved_reason = u.reason
         FROM unnest($12::uuid[], $13::text[], $14::timestamptz[], $15::text[]) AS u(qualification_id, status, decided_at, reason)
        WHERE q.qualification_id = u.qualification_id AND q.status = 'PENDING_ACCOUNT')
     INSERT INTO account_routing (account_id, qualification_id, decided_at, routed, map_owner_rep_id, map_backup_rep_id, map_territory_id, map_version, updated_at)
     SELECT u.account_id, u.qualification_id, u.decided_at, u.routed, u.map_owner_rep_id, u.map_backup_rep_id, u.map_territory_id, u.map_version, u.decided_at
       FROM jsonb_populate_recordset(NULL::account_routing, $16::jsonb) AS u
     ON CONFLICT (account_id) DO UPDATE SET
       qualification_id = EXCLUDED.qualification_id, decided_at = EXCLUDED.decided_at, routed = EXCLUDED.routed,
       map_owner_rep_id = EXCLUDED.map_owner_rep_id, map_backup_rep_id = EXCLUDED.map_backup_rep_id,
       map_territory_id = EXCLUDED.map_territory_id, map_version = EXCLUDED.map_version, updated_at = EXCLUDED.updated_at
     WHERE account_routing.decided_at <= EXCLUDED.decided_at`,
    [
      resolved.map(({ d }) => d.qualificationId),
      resolved.map(({ d }) => d.accountId),
      resolved.map(({ a }) => a.ownerRepId),
      resolved.map(({ a }) => a.backupRepId),
      resolved.map(({ a }) => a.territoryId),
      resolved.map(({ a }) => a.territoryName),
      resolved.map(({ a }) => a.explanation),
      resolved.map(({ d }) => d.decidedAt),
      resolved.map(({ d }) => d.mapVersion),
      resolved.map(({ a }) => a.decidingRule),
      resolved.map(({ a }) => a.cover),
      decisions.map((d) => d.qualificationId),
      decisions.map((d) => d.outcome.status),
      decisions.map((d) => d.decidedAt),
      decisions.map((d) => (d.outcome.status === 'UNRESOLVED' ? d.outcome.reason : null)),
      JSON.stringify(
        routings.map((d) => ({
          account_id: d.accountId,
          qualification_id: d.qualificationId,
          decided_at: d.decidedAt,
          routed: routed(d)?.routed ?? null,
          map_owner_rep_id: routed(d)?.mapAnswer.ownerRepId ?? null,
          map_backup_rep_id: routed(d)?.mapAnswer.backupRepId ?? null,
          map_territory_id: routed(d)?.mapAnswer.territoryId ?? null,
          map_version: d.mapVersion,
        })),
      ),
    ],
  );
}
