import type { OwnerAssignment } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { MapAnswer } from '../domain/in-flight';
import type { OwnerAssignmentEntity } from './owner-assignment.entity';
import { decisionRoutingStatement } from './routing.repository';

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
 * Stores a decision in one statement: the owner assignment (resolved), the qualification's status
 * (PENDING_ACCOUNT → RESOLVED or UNRESOLVED with the reason) and the account's in-flight routing.
 */
export async function saveDecision(manager: EntityManager, d: Decision): Promise<void> {
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const { outcome } = d;
  const statements: string[] = [];
  if (outcome.status === 'RESOLVED') {
    const a = outcome.assignment;
    statements.push(
      `INSERT INTO owner_assignment (qualification_id, account_id, owner_rep_id, backup_rep_id, territory_id, territory_name, explanation, decided_at, map_version, deciding_rule, cover)
       VALUES (${[
         param(d.qualificationId, 'uuid'),
         param(d.accountId, 'text'),
         param(a.ownerRepId, 'text'),
         param(a.backupRepId, 'text'),
         param(a.territoryId, 'text'),
         param(a.territoryName, 'text'),
         param(a.explanation, 'text'),
         param(d.decidedAt, 'timestamptz'),
         param(d.mapVersion, 'int'),
         param(a.decidingRule, 'text'),
         param(a.cover, 'text'),
       ].join(', ')})`,
    );
  }
  statements.push(
    `UPDATE qualification SET status = ${param(outcome.status, 'text')}, decided_at = ${param(d.decidedAt, 'timestamptz')},
            unresolved_reason = ${param(outcome.status === 'UNRESOLVED' ? outcome.reason : null, 'text')}
      WHERE qualification_id = ${param(d.qualificationId, 'uuid')} AND status = 'PENDING_ACCOUNT'`,
  );
  statements.push(
    decisionRoutingStatement(
      {
        accountId: d.accountId,
        qualificationId: d.qualificationId,
        routed: outcome.status === 'RESOLVED' ? outcome.routed : null,
        mapAnswer: outcome.status === 'RESOLVED' ? outcome.mapAnswer : null,
        mapVersion: d.mapVersion,
      },
      d.decidedAt,
      param,
    ),
  );
  await manager.query(combineStatements(statements), values);
}

/**
 * Several data-modifying statements as one: `WITH s0 AS (…), s1 AS (…) <last>`. PostgreSQL runs
 * each to completion; they must not touch the same rows (they see one snapshot).
 */
export function combineStatements(statements: string[]): string {
  if (statements.length <= 1) return statements[0] ?? '';
  const head = statements.slice(0, -1).map((s, i) => `s${i} AS (${s})`);
  return `WITH ${head.join(',\n')}\n${statements[statements.length - 1]}`;
}
