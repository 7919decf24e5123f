import { serviceEnvSchema } from '@handoff-graph/config';
import { timeZoneSchema } from '@handoff-graph/contracts';
import { z } from 'zod';
import type { FeedbackSettings } from './application/settings';

/** Everything feedback-svc reads from its environment, parsed once in main.ts (and by the migration CLI's data source). */
export const envSchema = serviceEnvSchema({ schema: 'feedback', port: 4104 }).extend({
  /** The team's IANA time zone: ISO weeks of the metrics run from its local Monday 00:00. */
  METRICS_TIME_ZONE: timeZoneSchema.default('UTC'),
  /** Hours after a week closes (team time zone) before the background job publishes its rejection-pattern report. */
  REJECTION_REPORT_AFTER_HOURS: z.coerce.number().min(0, 'must be 0 to 72 hours').max(72, 'must be 0 to 72 hours').default(6),
  /** How often the background job checks whether the previous week's report is due. */
  REJECTION_REPORT_CHECK_SECONDS: z.coerce.number().int().min(1, 'must be 1 to 3600 seconds').max(3600, 'must be 1 to 3600 seconds').default(300),
});
export type FeedbackEnv = z.infer<typeof envSchema>;

export function feedbackSettingsFromEnv(env: FeedbackEnv): FeedbackSettings {
  return {
    metricsTimeZone: env.METRICS_TIME_ZONE,
    reportGraceMs: env.REJECTION_REPORT_AFTER_HOURS * 60 * 60 * 1000,
    reportCheckEveryMs: env.REJECTION_REPORT_CHECK_SECONDS * 1000,
  };
}
