import { AccountProfileEntity } from './account-profile.entity';
import { CreateOwnershipTables1764201000000 } from './migrations/1764201000000-CreateOwnershipTables';
import { AllowManagerRole1764202000000 } from './migrations/1764202000000-AllowManagerRole';
import { OwnerAssignmentEntity } from './owner-assignment.entity';
import { QualificationEntity } from './qualification.entity';
import { RepEntity } from './rep.entity';
import { TerritoryEntity } from './territory.entity';

/** The service's own entities (createServiceDataSource adds the outbox and inbox). */
export const ownershipEntities = [RepEntity, TerritoryEntity, AccountProfileEntity, QualificationEntity, OwnerAssignmentEntity];

/** In order. */
export const ownershipMigrations = [CreateOwnershipTables1764201000000, AllowManagerRole1764202000000];
