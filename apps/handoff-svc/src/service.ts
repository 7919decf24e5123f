import type { RunningService, ServiceDeps } from '@handoff-graph/runtime';
import { runService } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { CONSUMED_TOPICS, PRODUCED_TOPICS, handoffEventHandlers } from './events/handlers';
import { resolvers, type HandoffContext } from './resolvers';

export { handoffEntities, handoffMigrations } from './data/index';

/**
 * handoff-svc: the CRM mirror, assembly of the five-element handoff, next-action playbooks and the
 * rep queue. Migrates, relays its outbox, consumes crm-changes / scoring-events / ownership-events
 * (consumer group `handoff-svc`) and serves its subgraph.
 */
export async function startHandoffService(deps: ServiceDeps): Promise<RunningService> {
  return runService<HandoffContext>(deps, {
    name: 'handoff-svc',
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers,
    context: async (_req, relay) => ({ dataSource: deps.dataSource, relay, clock: deps.clock }),
    produces: PRODUCED_TOPICS,
    consumer: { groupId: 'handoff-svc', topics: CONSUMED_TOPICS, handlers: handoffEventHandlers(deps.clock) },
  });
}
