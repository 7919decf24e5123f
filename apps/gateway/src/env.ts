import { baseEnvSchema, portEnv } from '@handoff-graph/config';
import { z } from 'zod';

const url = z.url({ message: 'must be the subgraph URL, e.g. http://127.0.0.1:4101/graphql' });

export const gatewayEnvSchema = z.object({
  ...baseEnvSchema.shape,
  ...portEnv(4000).shape,
  SCORING_SVC_URL: url.default('http://127.0.0.1:4101/graphql'),
  OWNERSHIP_SVC_URL: url.default('http://127.0.0.1:4102/graphql'),
  HANDOFF_SVC_URL: url.default('http://127.0.0.1:4103/graphql'),
  FEEDBACK_SVC_URL: url.default('http://127.0.0.1:4104/graphql'),
});
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
