import { createLogger, parseEnvOrExit } from '@handoff-graph/config';
import { stopOnSignals } from '@handoff-graph/runtime';
import { gatewayEnvSchema } from './env';
import { startGateway } from './gateway';
import { loadSupergraph } from './supergraph';

async function main(): Promise<void> {
  const env = parseEnvOrExit(gatewayEnvSchema);
  const logger = createLogger('gateway', env.LOG_LEVEL);
  // Signals are handled from the start: a stop asked for while the gateway starts waits for it, then drains.
  const started = startGateway({
    supergraphSdl: loadSupergraph(),
    subgraphUrls: {
      scoring: env.SCORING_SVC_URL,
      ownership: env.OWNERSHIP_SVC_URL,
      handoff: env.HANDOFF_SVC_URL,
      feedback: env.FEEDBACK_SVC_URL,
    },
    port: env.PORT,
    logger,
    production: env.NODE_ENV === 'production',
    auth: {
      token: { hs256Secret: env.JWT_SECRET, jwksFile: env.JWT_JWKS_FILE, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
      gatewaySecret: env.GATEWAY_SHARED_SECRET,
    },
  });
  stopOnSignals(async () => (await started).close(), logger);
  await started;
}

void main();
