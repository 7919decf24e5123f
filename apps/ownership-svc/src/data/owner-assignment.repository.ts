import type { EntityManager } from 'typeorm';
import { OwnerAssignmentEntity } from './owner-assignment.entity';

export function findOwnerAssignment(manager: EntityManager, qualificationId: string): Promise<OwnerAssignmentEntity | null> {
  return manager.findOneBy(OwnerAssignmentEntity, { qualificationId });
}
