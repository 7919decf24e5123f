import { z } from 'zod';
import { accountId, isoDateTime, scoringSnapshotSchema, signalTypeSchema } from './shared.schema';

/** `account-qualified` v1 — the account's score crossed the MQA threshold. */
export const accountQualifiedV1 = z.strictObject({
  qualificationId: z.uuid(),
  accountId,
  qualifiedAt: isoDateTime,
  scoringSnapshot: scoringSnapshotSchema,
});

/** `contact-engaged` v1 — a signal named a contact; handoff-svc uses it to pick the primary contact. */
export const contactEngagedV1 = z.strictObject({
  accountId,
  contactEmail: z.email(),
  signalId: z.string().min(1),
  signalType: signalTypeSchema,
  occurredAt: isoDateTime,
  /** The points this signal carried in the active scoring model (its engagement weight). */
  points: z.number().nonnegative(),
  detail: z.string().nullable(),
});
