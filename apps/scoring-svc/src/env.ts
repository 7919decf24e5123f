import { serviceEnvSchema } from '@handoff-graph/config';
import type { z } from 'zod';

/** Everything scoring-svc reads from its environment, parsed once in main.ts (and by the migration CLI's data source). */
export const scoringEnvSchema = serviceEnvSchema({ schema: 'scoring', port: 4101 });
export type ScoringEnv = z.infer<typeof scoringEnvSchema>;
