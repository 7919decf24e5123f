import { Topics } from '@handoff-graph/contracts';
import { runService, type RunningService, type ServiceDeps } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { scheduledRejectionReportJob } from './application/rejection-report';
import { DEFAULT_FEEDBACK_SETTINGS, type FeedbackSettings } from './application/settings';
import { createFeedbackLoader } from './data/feedback-loader';
import { createHandoffPartiesLoader } from './data/handoff-parties.repository';
import { isValidTimeZone } from './domain/time-zone';
import { handoffEventHandlers } from './events/handoff-events.consumer';
import { ownershipEventHandlers } from './events/ownership-events.consumer';
import { WEEKLY_METRICS_CSV_PATH, weeklyMetricsCsvRoute } from './http/weekly-metrics-csv.route';
import { resolvers, type FeedbackContext } from './resolvers';

export { feedbackEntities, feedbackMigrations } from './data';
export type { FeedbackSettings } from './application/settings';

export const FEEDBACK_SERVICE = 'feedback-svc';

/**
 * Rep feedback, the three weekly metrics and the weekly rejection-pattern report: consumes
 * handoff-events and ownership-events (rep profiles), publishes feedback-events, serves
 * /exports/weekly-metrics.csv, and publishes the previous week's report once it closed.
 * `settings` default to UTC weeks (the dev stack); main.ts passes them from the environment.
 */
export async function startFeedbackService(deps: ServiceDeps, settings: Partial<FeedbackSettings> = {}): Promise<RunningService> {
  const resolved: FeedbackSettings = { ...DEFAULT_FEEDBACK_SETTINGS, ...settings };
  if (!isValidTimeZone(resolved.metricsTimeZone)) {
    throw new Error(`feedback-svc: metricsTimeZone ${resolved.metricsTimeZone} is not an IANA time zone such as Europe/Berlin`);
  }
  if (!(resolved.reportCheckEveryMs > 0) || !(resolved.reportGraceMs >= 0)) {
    throw new Error('feedback-svc: reportCheckEveryMs must be positive and reportGraceMs must not be negative');
  }
  return runService<FeedbackContext>(deps, {
    name: FEEDBACK_SERVICE,
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers,
    // The identity the gateway verified (null without one: every resolver then answers UNAUTHENTICATED).
    context: async (_req, relay, viewer) => ({
      dataSource: deps.dataSource,
      relay,
      clock: deps.clock,
      feedbackLoader: createFeedbackLoader(deps.dataSource),
      handoffParties: createHandoffPartiesLoader(deps.dataSource),
      settings: resolved,
      viewer,
    }),
    produces: [Topics.feedbackEvents],
    consumer: {
      groupId: FEEDBACK_SERVICE,
      topics: [Topics.handoffEvents, Topics.ownershipEvents],
      handlers: { ...handoffEventHandlers, ...ownershipEventHandlers },
    },
    routes: {
      [WEEKLY_METRICS_CSV_PATH]: weeklyMetricsCsvRoute({
        dataSource: deps.dataSource,
        clock: deps.clock,
        logger: deps.logger,
        settings: resolved,
        auth: deps.auth,
      }),
    },
    background: [
      {
        name: 'rejection-pattern-report',
        everyMs: resolved.reportCheckEveryMs,
        run: scheduledRejectionReportJob({
          dataSource: deps.dataSource,
          clock: deps.clock,
          logger: deps.logger,
          settings: resolved,
        }),
      },
    ],
  });
}
