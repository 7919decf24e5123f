import { Topics } from '@handoff-graph/contracts';
import { runService, type RunningService, type ServiceDeps } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { signalReceivedHandler } from './events/signal-received.consumer';
import { scoringResolvers, type ScoringContext } from './resolvers';

export { scoringEntities, scoringMigrations } from './data';

/** scoring-svc: signals in (GraphQL and the `signals` topic), scores and qualifications out (`scoring-events`). */
export async function startScoringService(deps: ServiceDeps): Promise<RunningService> {
  return runService<ScoringContext>(deps, {
    name: 'scoring-svc',
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers: scoringResolvers,
    context: async (_req, relay) => ({ dataSource: deps.dataSource, clock: deps.clock, logger: deps.logger, relay }),
    produces: [Topics.scoringEvents],
    consumer: {
      groupId: 'scoring-svc',
      topics: [Topics.signals],
      handlers: { 'signal-received': signalReceivedHandler(deps.clock) },
    },
  });
}
