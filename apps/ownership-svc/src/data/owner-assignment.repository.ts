import type { EntityManager } from 'typeorm';
import { OwnerAssignmentEntity } from './owner-assignment.entity';

export async function insertOwnerAssignment(manager: EntityManager, row: OwnerAssignmentEntity): Promise<void> {
  await manager.insert(OwnerAssignmentEntity, row);
}

export function findOwnerAssignment(manager: EntityManager, qualificationId: string): Promise<OwnerAssignmentEntity | null> {
  return manager.findOneBy(OwnerAssignmentEntity, { qualificationId });
}
