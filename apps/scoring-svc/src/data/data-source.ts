/**
 * The data source the TypeORM CLI uses (`typeorm migration:run -d apps/scoring-svc/src/data/data-source.ts`).
 * The service itself builds its data source in main.ts; this file is only for the CLI.
 */
import { createServiceDataSource } from '@handoff-graph/data';
import { parseEnvOrExit } from '@handoff-graph/config';
import { scoringEnvSchema } from '../env';
import { scoringEntities, scoringMigrations } from './index';

const env = parseEnvOrExit(scoringEnvSchema);

export const dataSource = createServiceDataSource({
  url: env.DATABASE_URL,
  schema: env.DATABASE_SCHEMA,
  entities: scoringEntities,
  migrations: scoringMigrations,
  logging: true,
});

export { scoringEntities, scoringMigrations };
