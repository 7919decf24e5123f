import { z } from 'zod';
import {
  accountId,
  committeeRoleSchema,
  firmographicsSchema,
  handoffElementSchema,
  handoffStatusSchema,
  isoDate,
  isoDateTime,
  ownerAssignmentSchema,
  repId,
  scoringSnapshotSchema,
} from './shared.schema';

export const namedAccountSchema = z.strictObject({
  accountId,
  crmId: z.string().min(1),
  name: z.string().min(1),
  domain: z.string().min(1),
  firmographics: firmographicsSchema,
});

export const primaryContactSchema = z.strictObject({
  contactId: z.string().min(1),
  name: z.string().min(1),
  title: z.string().nullable(),
  email: z.email(),
  committeeRole: committeeRoleSchema,
  /** What they did and when: "Attended webinar 'Pricing ops' on 2026-11-20; replied to email on 2026-11-22". */
  engagementEvidence: z.string().min(1),
  engagementScore: z.number().nonnegative(),
});

/** The written next action: one imperative primary touch and one fallback, with the trigger reason. */
export const nextActionSchema = z.strictObject({
  primary: z.string().min(1),
  fallback: z.string().min(1),
  triggerReason: z.string().min(1),
  playbookRuleId: z.string().min(1),
});

/** `handoff-created` v1 — all five elements, as they were at handoff. */
export const handoffCreatedV1 = z.strictObject({
  handoffId: z.uuid(),
  qualificationId: z.uuid(),
  createdAt: isoDateTime,
  account: namedAccountSchema,
  primaryContact: primaryContactSchema,
  scoringSnapshot: scoringSnapshotSchema,
  nextAction: nextActionSchema,
  ownerAssignment: ownerAssignmentSchema,
});

/** `handoff-incomplete` v1 — not delivered: the missing elements are named (an ops alert). */
export const handoffIncompleteV1 = z.strictObject({
  handoffId: z.uuid(),
  qualificationId: z.uuid(),
  accountId,
  detectedAt: isoDateTime,
  missingElements: z.array(handoffElementSchema).min(1),
  /** One readable line per missing element. */
  reasons: z.array(z.string().min(1)).min(1),
});

/** `handoff-delivered` v1 — placed in the owner's queue (today's, or a later day's when over the cap). */
export const handoffDeliveredV1 = z.strictObject({
  handoffId: z.uuid(),
  accountId,
  ownerRepId: repId,
  backupRepId: repId,
  deliveredAt: isoDateTime,
  /** The owner's business day whose queue holds it (the owner's time zone). */
  queueDate: isoDate,
  /** 1 = first in that day's queue. */
  priorityRank: z.number().int().positive(),
});

/** `handoff-status-changed` v1 — one lifecycle transition, timestamped, with the event or rule that caused it. */
export const handoffStatusChangedV1 = z.strictObject({
  handoffId: z.uuid(),
  accountId,
  from: handoffStatusSchema,
  to: handoffStatusSchema,
  at: isoDateTime,
  reason: z.string().min(1),
});

/**
 * `handoff-escalated` v1 — the owner did not act: offered to the backup (not accepted within the
 * acceptance window) or escalated to the team manager (not touched by the end of the first business day).
 */
export const handoffEscalatedV1 = z.strictObject({
  handoffId: z.uuid(),
  accountId,
  escalatedAt: isoDateTime,
  level: z.enum(['BACKUP', 'MANAGER']),
  fromRepId: repId,
  toRepId: repId,
  reason: z.string().min(1),
});

/** `sla-breached` v1 — an SLA clock ran out (acceptance window, or first touch within the first business day). */
export const slaBreachedV1 = z.strictObject({
  handoffId: z.uuid(),
  accountId,
  ownerRepId: repId,
  sla: z.enum(['ACCEPTANCE', 'FIRST_TOUCH']),
  dueAt: isoDateTime,
  breachedAt: isoDateTime,
});

/** `handoff-rerouted` v1 — an open handoff followed an ownership change (per the ownership policy). */
export const handoffReroutedV1 = z.strictObject({
  handoffId: z.uuid(),
  accountId,
  reroutedAt: isoDateTime,
  previousOwnerRepId: repId,
  ownerAssignment: ownerAssignmentSchema,
  policy: z.enum(['STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER']),
  reason: z.string().min(1),
});
