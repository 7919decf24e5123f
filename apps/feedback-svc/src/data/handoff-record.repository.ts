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

export async function saveHandoffRecord(manager: EntityManager, record: HandoffRecord): Promise<void> {
  await manager.upsert(HandoffRecordEntity, { ...record }, ['handoffId']);
}
