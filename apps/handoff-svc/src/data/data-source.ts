/**
 * The data source for the TypeORM CLI, built from the environment, e.g.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx typeorm-ts-node-commonjs migration:show -d apps/handoff-svc/src/data/data-source.ts
 * The service itself builds its data source in main.ts (the runtime migrates it at start).
 */
import { parseEnv } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
import { handoffEnvSchema } from '../env';
import { handoffEntities, handoffMigrations } from './index';

export { handoffEntities, handoffMigrations };

const env = parseEnv(handoffEnvSchema);

export const dataSource = createServiceDataSource({
  url: env.DATABASE_URL,
  schema: env.DATABASE_SCHEMA,
  entities: handoffEntities,
  migrations: handoffMigrations,
});
