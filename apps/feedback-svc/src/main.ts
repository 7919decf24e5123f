import { parseEnvOrExit } from '@handoff-graph/config';
import { runStandaloneService } from '@handoff-graph/runtime';
import { envSchema, feedbackSettingsFromEnv } from './env';
import { feedbackEntities, feedbackMigrations, startFeedbackService } from './service';

const env = parseEnvOrExit(envSchema);
runStandaloneService({
  name: 'feedback-svc',
  env,
  entities: feedbackEntities,
  migrations: feedbackMigrations,
  start: (deps) => startFeedbackService(deps, feedbackSettingsFromEnv(env)),
});
