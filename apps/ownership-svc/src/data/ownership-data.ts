import { AccountProfileEntity } from './account-profile.entity';
import { AccountRoutingEntity, OwnershipMoveEntity } from './account-routing.entity';
import { MapRevisionEntity, MapVersionEntity, NamedAccountEntity, OwnershipSettingsEntity } from './map-version.entity';
import { CreateOwnershipTables1764201000000 } from './migrations/1764201000000-CreateOwnershipTables';
import { AllowManagerRole1764202000000 } from './migrations/1764202000000-AllowManagerRole';
import { VersionedOwnershipMap1764203000000 } from './migrations/1764203000000-VersionedOwnershipMap';
import { OwnerAssignmentEntity } from './owner-assignment.entity';
import { QualificationEntity } from './qualification.entity';
import { RepEntity } from './rep.entity';
import { TerritoryEntity } from './territory.entity';

/** The service's own entities (createServiceDataSource adds the outbox and inbox). */
export const ownershipEntities = [
  RepEntity,
  TerritoryEntity,
  AccountProfileEntity,
  QualificationEntity,
  OwnerAssignmentEntity,
  MapVersionEntity,
  MapRevisionEntity,
  NamedAccountEntity,
  OwnershipSettingsEntity,
  AccountRoutingEntity,
  OwnershipMoveEntity,
];

/** In order. */
export const ownershipMigrations = [CreateOwnershipTables1764201000000, AllowManagerRole1764202000000, VersionedOwnershipMap1764203000000];
