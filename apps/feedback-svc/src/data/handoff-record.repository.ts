import type { SignalType } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { HandoffRecord } from '../domain/handoff-record';
import { HandoffRecordEntity } from './handoff-record.entity';

function toDomain(row: HandoffRecordEntity): HandoffRecord {
  return {
    handoffId: row.handoffId,
    accountId: row.accountId,
    ownerRepId: row.ownerRepId,
    backupRepId: row.backupRepId,
    ownerName: row.ownerName,
    ownerTeam: row.ownerTeam,
    ownerTimeZone: row.ownerTimeZone,
    territoryId: row.territoryId,
    territoryName: row.territoryName,
    modelVersion: row.modelVersion,
    topContributor: row.topContributor as SignalType | null,
    playbookRuleId: row.playbookRuleId,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    queueDate: row.queueDate,
    correlationId: row.correlationId,
  };
}

/**
 * Loads a handoff record. `forUpdate` locks the row until the transaction ends, so feedback on one
 * handoff (and projection updates) are decided one at a time.
 */
export async function findHandoffRecord(
  manager: EntityManager,
  handoffId: string,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<HandoffRecord | null> {
  const query = manager.getRepository(HandoffRecordEntity).createQueryBuilder('h').where('h.handoff_id = :handoffId', { handoffId });
  if (forUpdate) query.setLock('pessimistic_write');
  const row = await query.getOne();
  return row ? toDomain(row) : null;
}

/** Loads the records of the handoffs, locked until the transaction ends (taken in handoff id order). */
export async function lockHandoffRecords(manager: EntityManager, handoffIds: string[]): Promise<Map<string, HandoffRecord>> {
  if (handoffIds.length === 0) return new Map();
  const rows = await manager
    .getRepository(HandoffRecordEntity)
    .createQueryBuilder('h')
    .where('h.handoff_id = ANY(:handoffIds)', { handoffIds })
    .orderBy('h.handoff_id')
    .setLock('pessimistic_write')
    .getMany();
  return new Map(rows.map((r) => [r.handoffId, toDomain(r)]));
}

/**
 * handoff_record's column for each HandoffRecord field: the one list `saveHandoffRecords` writes
 * (every field must be named here; the integration spec checks it against the entity's columns).
 */
export const HANDOFF_RECORD_COLUMNS = {
  handoffId: 'handoff_id',
  accountId: 'account_id',
  ownerRepId: 'owner_rep_id',
  backupRepId: 'backup_rep_id',
  ownerName: 'owner_name',
  ownerTeam: 'owner_team',
  ownerTimeZone: 'owner_time_zone',
  territoryId: 'territory_id',
  territoryName: 'territory_name',
  modelVersion: 'model_version',
  topContributor: 'top_contributor',
  playbookRuleId: 'playbook_rule_id',
  createdAt: 'created_at',
  deliveredAt: 'delivered_at',
  queueDate: 'queue_date',
  correlationId: 'correlation_id',
} as const satisfies Record<keyof HandoffRecord, string>;

const FIELDS = Object.keys(HANDOFF_RECORD_COLUMNS) as (keyof HandoffRecord)[];
const COLUMNS = Object.values(HANDOFF_RECORD_COLUMNS).join(', ');
const UPSERT_RECORDS = `
  INSERT INTO handoff_record (${COLUMNS})
  SELECT ${COLUMNS} FROM jsonb_populate_recordset(NULL::handoff_record, $1::jsonb) WITH ORDINALITY AS r ORDER BY ordinality
  ON CONFLICT (handoff_id) DO UPDATE SET
    ${FIELDS.filter((f) => f !== 'handoffId').map((f) => `${HANDOFF_RECORD_COLUMNS[f]} = EXCLUDED.${HANDOFF_RECORD_COLUMNS[f]}`).join(', ')}`;

/**
 * Inserts the records, or overwrites every column of the ones already stored: one statement, one
 * parameter (the rows as JSON, in the given order; dates as ISO UTC strings, which timestamptz
 * reads back exactly). TypeORM's `upsert` of the same rows built 16 parameters per record, which
 * was feedback-svc's largest CPU cost in the pipeline benchmark. Several records of one handoff:
 * the last one is stored, at the place of the first (PostgreSQL refuses an ON CONFLICT DO UPDATE
 * that touches a row twice, so `upsert` failed the whole call).
 */
export async function saveHandoffRecords(manager: EntityManager, records: readonly HandoffRecord[]): Promise<void> {
  if (records.length === 0) return;
  const latest = new Map(records.map((r) => [r.handoffId, r]));
  const rows = [...latest.values()].map((r) => Object.fromEntries(FIELDS.map((f) => [HANDOFF_RECORD_COLUMNS[f], r[f]])));
  await manager.query(UPSERT_RECORDS, [JSON.stringify(rows)]);
}
