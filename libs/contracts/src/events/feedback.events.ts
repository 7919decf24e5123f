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

/**
 * `rejection-pattern-reported` v1 — the weekly report marketing operations and the scoring
 * recalibration read: rejection reasons concentrated on a contributor, a territory or a playbook rule.
 * Keyed by the ISO week (it is not about one account).
 */
export const rejectionPatternReportedV1 = z.strictObject({
  week: z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'an ISO week such as 2026-W48'),
  generatedAt: isoDateTime,
  deliveredCount: z.number().int().nonnegative(),
  rejectedCount: z.number().int().nonnegative(),
  patterns: z.array(
    z.strictObject({
      dimension: z.enum(['TOP_CONTRIBUTOR', 'TERRITORY', 'PLAYBOOK_RULE', 'MODEL_VERSION']),
      value: z.string().min(1),
      reason: rejectionReasonSchema,
      count: z.number().int().positive(),
      /** count / rejections in this dimension value. */
      share: z.number().min(0).max(1),
    }),
  ),
});
