import { baseEnvSchema, kafkaEnvSchema } from '@handoff-graph/config';
import { timeZoneSchema } from '@handoff-graph/contracts';
import { z } from 'zod';

/** `npm start`: unset DATABASE_URL / KAFKA_BROKERS mean embedded PostgreSQL and the in-process bus. */
export const devStackEnvSchema = z.object({
  ...baseEnvSchema.shape,
  ...kafkaEnvSchema.shape,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/test')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  /** HS256 secret for bearer tokens; unset = a fresh one each start (the printed demo tokens change). */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The team's time zone for the weekly metrics (feedback-svc). */
  METRICS_TIME_ZONE: timeZoneSchema.default('UTC'),
  DEMO_DATA: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
export type DevStackEnv = z.infer<typeof devStackEnvSchema>;
