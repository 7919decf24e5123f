import { Topics } from '@handoff-graph/contracts';
import { runService, type RunningService, type ServiceDeps } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { accountUpsertedHandler } from './events/account-upserted.consumer';
import { handoffRejectedHandler, meetingBookedHandler } from './events/feedback.consumer';
import { signalReceivedHandler } from './events/signal-received.consumer';
import { scoringResolvers, type ScoringContext } from './resolvers';

export { scoringEntities, scoringMigrations } from './data';
/** For tools/bench: the ingest path and the full recomputation, driven without HTTP. */
export { recordSignals } from './use-cases/record-signals.use-case';
export { explainScoreAt } from './use-cases/explain-score.use-case';
export { findActiveModel } from './data/scoring-model.repository';

/**
 * scoring-svc: signals in (GraphQL and the `signals` topic), the account directory in
 * (`account-events`), reps' verdicts in (`feedback-events`, for threshold simulation); scores and
 * qualifications out (`scoring-events`).
 */
export async function startScoringService(deps: ServiceDeps): Promise<RunningService> {
  return runService<ScoringContext>(deps, {
    name: 'scoring-svc',
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers: scoringResolvers,
    context: async (_req, relay, viewer) => ({ dataSource: deps.dataSource, clock: deps.clock, logger: deps.logger, relay, viewer }),
    produces: [Topics.scoringEvents],
    consumer: {
      groupId: 'scoring-svc',
      topics: [Topics.signals, Topics.accountEvents, Topics.feedbackEvents],
      handlers: {
        'signal-received': signalReceivedHandler(deps.clock),
        'account-upserted': accountUpsertedHandler(deps.clock),
        'meeting-booked': meetingBookedHandler,
        'handoff-rejected': handoffRejectedHandler,
      },
    },
  });
}
