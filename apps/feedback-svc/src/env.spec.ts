import { parseEnv } from '@handoff-graph/config';
import { envSchema, feedbackSettingsFromEnv } from './env';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };

describe('feedback-svc environment', () => {
  it('defaults to UTC weeks and a report 6 hours after the week closed, checked every 5 minutes', () => {
    expect(feedbackSettingsFromEnv(parseEnv(envSchema, base))).toEqual({ metricsTimeZone: 'UTC', reportGraceMs: 21_600_000, reportCheckEveryMs: 300_000 });
  });

  it('reads the team time zone and the report timing', () => {
    const env = parseEnv(envSchema, { ...base, METRICS_TIME_ZONE: 'Europe/Berlin', REJECTION_REPORT_AFTER_HOURS: '1.5', REJECTION_REPORT_CHECK_SECONDS: '60' });
    expect(feedbackSettingsFromEnv(env)).toEqual({ metricsTimeZone: 'Europe/Berlin', reportGraceMs: 5_400_000, reportCheckEveryMs: 60_000 });
  });

  it('lists every bad setting by name', () => {
    expect(() => parseEnv(envSchema, { ...base, METRICS_TIME_ZONE: 'Berlin', REJECTION_REPORT_AFTER_HOURS: '100', REJECTION_REPORT_CHECK_SECONDS: '0' })).toThrow(
      /METRICS_TIME_ZONE: must be an IANA time zone such as Europe\/Berlin[\s\S]*REJECTION_REPORT_AFTER_HOURS: must be 0 to 72 hours[\s\S]*REJECTION_REPORT_CHECK_SECONDS: must be 1 to 3600 seconds/,
    );
  });
});
