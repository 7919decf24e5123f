import { serviceEnvSchema } from '@handoff-graph/config';
import type { z } from 'zod';

/** Everything handoff-svc reads from its environment, parsed once in main.ts (and by the migration CLI's data source). */
export const handoffEnvSchema = serviceEnvSchema({ schema: 'handoff', port: 4103 });
export type HandoffEnv = z.infer<typeof handoffEnvSchema>;
