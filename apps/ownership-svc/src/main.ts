import { parseEnvOrExit } from '@handoff-graph/config';
import { runStandaloneService } from '@handoff-graph/runtime';
import { ownershipEnvSchema } from './env';
import { ownershipEntities, ownershipMigrations, startOwnershipService } from './service';

runStandaloneService({
  name: 'ownership-svc',
  env: parseEnvOrExit(ownershipEnvSchema),
  entities: ownershipEntities,
  migrations: ownershipMigrations,
  start: startOwnershipService,
});
