import { createServiceDataSource } from '@handoff-graph/data';
import { parseEnvOrExit } from '@handoff-graph/config';
import { envSchema } from '../env';
import { feedbackEntities, feedbackMigrations } from './index';

export { feedbackEntities, feedbackMigrations };

/** For the TypeORM CLI (migration:run / migration:revert): DATABASE_URL and DATABASE_SCHEMA from the environment. */
const env = parseEnvOrExit(envSchema);
export const dataSource = createServiceDataSource({
  url: env.DATABASE_URL,
  schema: env.DATABASE_SCHEMA,
  entities: feedbackEntities,
  migrations: feedbackMigrations,
});
