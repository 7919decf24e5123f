import { Topics } from '@handoff-graph/contracts';
import { runService, type RunningService, type ServiceDeps } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { createFeedbackLoader } from './data/feedback-loader';
import { handoffEventHandlers } from './events/handoff-events.consumer';
import { resolvers, type FeedbackContext } from './resolvers';

export { feedbackEntities, feedbackMigrations } from './data';

export const FEEDBACK_SERVICE = 'feedback-svc';

/** Rep feedback and the three weekly metrics: consumes handoff-events, publishes feedback-events. */
export async function startFeedbackService(deps: ServiceDeps): Promise<RunningService> {
  return runService<FeedbackContext>(deps, {
    name: FEEDBACK_SERVICE,
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers,
    // Issue 6: the verified identity from the request replaces the repId argument here.
    context: async (_req, relay) => ({
      dataSource: deps.dataSource,
      relay,
      clock: deps.clock,
      feedbackLoader: createFeedbackLoader(deps.dataSource),
    }),
    produces: [Topics.feedbackEvents],
    consumer: { groupId: FEEDBACK_SERVICE, topics: [Topics.handoffEvents], handlers: handoffEventHandlers },
  });
}
