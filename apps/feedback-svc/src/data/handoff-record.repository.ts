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

/** One statement for all of them. */
export async function saveHandoffRecords(manager: EntityManager, records: HandoffRecord[]): Promise<void> {
  if (records.length > 0) await manager.upsert(HandoffRecordEntity, records.map((r) => ({ ...r })), ['handoffId']);
}
