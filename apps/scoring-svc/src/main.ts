import { parseEnvOrExit } from '@handoff-graph/config';
import { runStandaloneService } from '@handoff-graph/runtime';
import { scoringEnvSchema } from './env';
import { scoringEntities, scoringMigrations, startScoringService } from './service';

runStandaloneService({
  name: 'scoring-svc',
  env: parseEnvOrExit(scoringEnvSchema),
  entities: scoringEntities,
  migrations: scoringMigrations,
  start: startScoringService,
});
