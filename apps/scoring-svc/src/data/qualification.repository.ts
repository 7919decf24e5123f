import type { EntityManager } from 'typeorm';
import { QualificationEntity } from './qualification.entity';

export async function insertQualification(manager: EntityManager, row: QualificationEntity): Promise<void> {
  await manager.insert(QualificationEntity, row);
}

/** The account's qualifications, newest first. */
export async function listQualifications(manager: EntityManager, accountId: string, limit: number): Promise<QualificationEntity[]> {
  return manager.find(QualificationEntity, { where: { accountId }, order: { qualifiedAt: 'DESC' }, take: limit });
}
