import { parseEnvOrExit } from '@handoff-graph/config';
import { runStandaloneService } from '@handoff-graph/runtime';
import { handoffEnvSchema } from './env';
import { handoffEntities, handoffMigrations, startHandoffService } from './service';

runStandaloneService({
  name: 'handoff-svc',
  env: parseEnvOrExit(handoffEnvSchema),
  entities: handoffEntities,
  migrations: handoffMigrations,
  start: startHandoffService,
});
