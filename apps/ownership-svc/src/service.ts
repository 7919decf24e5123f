import { Topics } from '@handoff-graph/contracts';
import { runService, type RunningService, type ServiceDeps } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { ownershipHandlers } from './events/ownership.consumer';
import { createContext, resolvers, type OwnershipContext } from './resolvers';

export { ownershipEntities, ownershipMigrations } from './data/ownership-data';

export const OWNERSHIP_SERVICE = 'ownership-svc';

/** Reps, territories and the owner + backup of every qualified account (see README). */
export async function startOwnershipService(deps: ServiceDeps): Promise<RunningService> {
  return runService<OwnershipContext>(deps, {
    name: OWNERSHIP_SERVICE,
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers,
    context: async (_req, relay) => createContext(deps.dataSource, deps.clock, relay),
    produces: [Topics.ownershipEvents],
    consumer: {
      groupId: OWNERSHIP_SERVICE,
      topics: [Topics.scoringEvents, Topics.accountEvents],
      handlers: ownershipHandlers({ clock: deps.clock, logger: deps.logger }),
    },
  });
}
