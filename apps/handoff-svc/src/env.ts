import { baseEnvSchema, kafkaEnvSchema, portEnv, postgresEnvSchema } from '@handoff-graph/config';
import { z } from 'zod';

/** Everything handoff-svc reads from the environment, parsed once in main.ts. */
export const handoffEnvSchema = z.object({
  ...baseEnvSchema.shape,
  ...postgresEnvSchema.shape,
  DATABASE_SCHEMA: postgresEnvSchema.shape.DATABASE_SCHEMA.unwrap().default('handoff'),
  ...kafkaEnvSchema.shape,
  ...portEnv(4103).shape,
});

export type HandoffEnv = z.infer<typeof handoffEnvSchema>;
