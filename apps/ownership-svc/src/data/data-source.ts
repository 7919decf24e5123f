/**
 * For the TypeORM CLI only (Nx targets `migrate` / `migrate:revert`): the service's data source
 * built from the environment. The service itself gets its data source from main.ts.
 */
import { parseEnvOrExit } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
import { ownershipEnvSchema } from '../env';
import { ownershipEntities, ownershipMigrations } from './ownership-data';

export { ownershipEntities, ownershipMigrations };

const env = parseEnvOrExit(ownershipEnvSchema);

export const dataSource = createServiceDataSource({
  url: env.DATABASE_URL,
  schema: env.DATABASE_SCHEMA,
  entities: ownershipEntities,
  migrations: ownershipMigrations,
  logging: true,
});
