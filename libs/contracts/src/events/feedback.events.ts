import { z } from 'zod';
import { accountId, isoDateTime, rejectionReasonSchema, repId, touchChannelSchema } from './shared.schema';

const feedbackBase = {
  feedbackId: z.uuid(),
  handoffId: z.uuid(),
  accountId,
  /** The rep who gave the feedback (owner or backup). */
  repId,
  at: isoDateTime,
};

/** `handoff-accepted` v1 */
export const handoffAcceptedV1 = z.strictObject({ ...feedbackBase });

/** `handoff-rejected` v1 — with a structured RejectionReason (a note is required for OTHER). */
export const handoffRejectedV1 = z
  .strictObject({ ...feedbackBase, reason: rejectionReasonSchema, note: z.string().max(2000).nullable() })
  .refine((p) => p.reason !== 'OTHER' || (p.note !== null && p.note.trim().length > 0), {
    message: 'a note is required when the reason is OTHER',
    path: ['note'],
  });

/** `first-touch-recorded` v1 */
export const firstTouchRecordedV1 = z.strictObject({ ...feedbackBase, channel: touchChannelSchema });

/** `meeting-booked` v1 */
export const meetingBookedV1 = z.strictObject({ ...feedbackBase });
