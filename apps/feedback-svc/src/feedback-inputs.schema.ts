import { REJECTION_REASONS, TOUCH_CHANNELS } from '@handoff-graph/contracts';
import { z } from 'zod';

/** The shape of each mutation's input; the rules that need state or the clock live in domain/feedback-rules.ts. */
const handoffId = z.uuid({ error: 'must be a handoff id (a UUID)' });
/** Optional: the acting rep is the verified identity's (domain/feedback-authorization.ts `actingRep`); OPS names the rep. */
const repId = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .nullish()
  .transform((r) => r ?? null);
const at = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset, e.g. 2026-11-24T14:30:00Z' })
  .transform((s) => new Date(s))
  .nullish()
  .transform((d) => d ?? null);

export const acceptHandoffInput = z.object({ handoffId, repId });

export const rejectHandoffInput = z.object({
  handoffId,
  repId,
  reason: z.enum(REJECTION_REASONS),
  note: z
    .string()
    .max(2000, { error: 'must be at most 2000 characters' })
    .nullish()
    .transform((n) => n ?? null),
});

export const recordFirstTouchInput = z.object({ handoffId, repId, channel: z.enum(TOUCH_CHANNELS), at });

export const recordMeetingInput = z.object({ handoffId, repId, at });

export const trendWeeksArg = z
  .number()
  .int({ error: 'must be a whole number of weeks' })
  .min(1, { error: 'must be between 1 and 53' })
  .max(53, { error: 'must be between 1 and 53' });
