/** feedback-svc's own settings (from env.ts in main.ts; defaults for the dev stack and tests). */
export interface FeedbackSettings {
  /** The team's IANA time zone: ISO weeks run from its local Monday 00:00 (METRICS_TIME_ZONE). */
  metricsTimeZone: string;
  /** The rejection-pattern report goes out this long after the week closed (REJECTION_REPORT_AFTER_HOURS). */
  reportGraceMs: number;
  /** How often the background job checks whether the previous week's report is due (REJECTION_REPORT_CHECK_SECONDS). */
  reportCheckEveryMs: number;
}

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = {
  metricsTimeZone: 'UTC',
  reportGraceMs: 6 * 60 * 60 * 1000,
  reportCheckEveryMs: 5 * 60 * 1000,
};
