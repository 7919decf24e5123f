import { parseEnvOrExit } from '@handoff-graph/config';
import { runStandaloneService } from '@handoff-graph/runtime';
import { envSchema } from './env';
import { feedbackEntities, feedbackMigrations, startFeedbackService } from './service';

runStandaloneService({
  name: 'feedback-svc',
  env: parseEnvOrExit(envSchema),
  entities: feedbackEntities,
  migrations: feedbackMigrations,
  start: startFeedbackService,
});
