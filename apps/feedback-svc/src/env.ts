import { serviceEnvSchema } from '@handoff-graph/config';
import type { z } from 'zod';

/** Everything feedback-svc reads from its environment, parsed once in main.ts (and by the migration CLI's data source). */
export const envSchema = serviceEnvSchema({ schema: 'feedback', port: 4104 });
export type FeedbackEnv = z.infer<typeof envSchema>;
