import { serviceEnvSchema } from '@handoff-graph/config';
import type { z } from 'zod';

/** Everything ownership-svc reads from its environment, parsed once in main.ts (and by the migration CLI's data source). */
export const ownershipEnvSchema = serviceEnvSchema({ schema: 'ownership', port: 4102 });
export type OwnershipEnv = z.infer<typeof ownershipEnvSchema>;
