import type { RunningService, ServiceDeps } from '@handoff-graph/runtime';
import { runService } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { runSlaSweep } from './application/sla-sweep';
import { createHandoffLoaders } from './data/request-loaders';
import { CONSUMED_TOPICS, PRODUCED_TOPICS, handoffEventHandlers } from './events/handlers';
import { resolvers, type HandoffContext } from './resolvers';

export { handoffEntities, handoffMigrations } from './data/index';
export { runSlaSweep } from './application/sla-sweep';

export interface HandoffServiceOptions {
  /** How often the SLA sweep runs (default 30 000 ms); 0 turns it off (tests call runSlaSweep themselves). */
  slaSweepEveryMs?: number;
}

/**
 * handoff-svc: the CRM mirror, assembly of the five-element handoff, next-action playbooks, the
 * capped rep queues, the lifecycle, SLA escalation and re-routing. Migrates, relays its outbox,
 * consumes crm-changes / scoring-events / ownership-events / feedback-events (consumer group
 * `handoff-svc`), runs the SLA sweep in the background and serves its subgraph.
 */
export async function startHandoffService(deps: ServiceDeps, options: HandoffServiceOptions = {}): Promise<RunningService> {
  const everyMs = options.slaSweepEveryMs ?? 30_000;
  return runService<HandoffContext>(deps, {
    name: 'handoff-svc',
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers,
    context: async (_req, relay, viewer) => ({
      dataSource: deps.dataSource,
      relay,
      clock: deps.clock,
      memo: new Map(),
      loaders: createHandoffLoaders(deps.dataSource.manager),
      viewer,
    }),
    produces: PRODUCED_TOPICS,
    consumer: { groupId: 'handoff-svc', topics: CONSUMED_TOPICS, handlers: handoffEventHandlers(deps.clock) },
    background:
      everyMs > 0
        ? [
            {
              name: 'sla-sweep',
              everyMs,
              run: async () => {
                const result = await runSlaSweep(deps.dataSource, deps.clock());
                if (result.escalatedToBackup + result.escalatedToManager + result.expired > 0) deps.logger.info('sla sweep', { ...result });
              },
            },
          ]
        : [],
  });
}
