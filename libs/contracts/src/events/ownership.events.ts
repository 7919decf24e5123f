import { z } from 'zod';
import { accountId, isoDateTime, ownerAssignmentSchema } from './shared.schema';

/** `ownership-resolved` v1 — a named owner and a named backup for a qualified account. */
export const ownershipResolvedV1 = z.strictObject({
  qualificationId: z.uuid(),
  accountId,
  resolvedAt: isoDateTime,
  ownerAssignment: ownerAssignmentSchema,
});

/** `ownership-unresolved` v1 — no territory rule names an owner and a backup for the account. */
export const ownershipUnresolvedV1 = z.strictObject({
  qualificationId: z.uuid(),
  accountId,
  resolvedAt: isoDateTime,
  reason: z.string().min(1),
});
