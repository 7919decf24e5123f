import { baseEnvSchema, kafkaEnvSchema, portEnv, postgresEnvSchema } from '@handoff-graph/config';
import { z } from 'zod';

/** Everything scoring-svc reads from its environment (parsed once, in main.ts). */
export const scoringEnvSchema = z.object({
  ...baseEnvSchema.shape,
  ...postgresEnvSchema.shape,
  DATABASE_SCHEMA: postgresEnvSchema.shape.DATABASE_SCHEMA.default('scoring'),
  ...kafkaEnvSchema.shape,
  ...portEnv(4101).shape,
});
export type ScoringEnv = z.infer<typeof scoringEnvSchema>;
