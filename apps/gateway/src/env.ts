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
  /** HS256 secret for bearer tokens (the embedded default)… */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** …or a JWKS file of RS256 public keys (production). */
  JWT_JWKS_FILE: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).default('handoff-graph'),
  JWT_AUDIENCE: z.string().min(1).default('handoff-graph-api'),
  /** Signs the verified identity passed to subgraphs; the subgraphs hold the same secret. */
  GATEWAY_SHARED_SECRET: z.string().min(16, 'must be at least 16 characters'),
}).refine((env) => env.JWT_SECRET || env.JWT_JWKS_FILE, {
  message: 'set JWT_SECRET (HS256) or JWT_JWKS_FILE (RS256) to verify bearer tokens',
  path: ['JWT_SECRET'],
});
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
