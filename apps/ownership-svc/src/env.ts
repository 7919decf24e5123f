import { baseEnvSchema, kafkaEnvSchema, portEnv, postgresEnvSchema } from '@handoff-graph/config';
import { z } from 'zod';

/** ownership-svc's environment: parsed once in main.ts (and by the migration CLI's data source). */
export const ownershipEnvSchema = z.object({
  ...baseEnvSchema.shape,
  ...postgresEnvSchema.shape,
  DATABASE_SCHEMA: postgresEnvSchema.shape.DATABASE_SCHEMA.unwrap().default('ownership'),
  ...kafkaEnvSchema.shape,
  ...portEnv(4102).shape,
});

export type OwnershipEnv = z.infer<typeof ownershipEnvSchema>;
