import { z } from 'zod';

/**
 * Who is asking. REP sees and acts on handoffs where they are owner or backup; MANAGER on their
 * team's; OPS on everything, and alone edits models, thresholds, territories and playbooks; PARTNER
 * reads event schemas and nothing personal.
 */
export const ROLES = ['REP', 'MANAGER', 'OPS', 'PARTNER'] as const;
export type Role = (typeof ROLES)[number];

export const identitySchema = z.strictObject({
  /** The token's subject (a person or a partner tool). */
  subject: z.string().min(1),
  role: z.enum(ROLES),
  /** The rep this identity acts as (REP and MANAGER). */
  repId: z.string().min(1).nullable(),
  /** The sales team (MANAGER: the team they manage). */
  team: z.string().min(1).nullable(),
});
export type Identity = z.infer<typeof identitySchema>;
