import { baseEnvSchema, kafkaEnvSchema, portEnv, postgresEnvSchema } from '@handoff-graph/config';
import { z } from 'zod';

/** feedback-svc's configuration: the only place that knows the environment's variable names. */
export const envSchema = z.object({
  ...baseEnvSchema.shape,
  ...postgresEnvSchema.shape,
  DATABASE_SCHEMA: postgresEnvSchema.shape.DATABASE_SCHEMA.unwrap().default('feedback'),
  ...kafkaEnvSchema.shape,
  ...portEnv(4104).shape,
});

export type FeedbackEnv = z.infer<typeof envSchema>;
