import { z } from 'zod';
import {
  accountId,
  clockTimeSchema,
  isoDateTime,
  isoWeekdaySchema,
  ownerAssignmentSchema,
  repRoleSchema,
  timeZoneSchema,
} from './shared.schema';

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

/**
 * `rep-upserted` v1 — a rep's profile as sales operations keeps it: team, time zone, working hours,
 * daily handoff cap, out-of-office periods, manager. Keyed by rep id (not an account event).
 */
export const repUpsertedV1 = z.strictObject({
  repId: z.string().min(1),
  name: z.string().min(1),
  email: z.email(),
  role: repRoleSchema,
  team: z.string().min(1),
  timezone: timeZoneSchema,
  /** ISO weekdays the rep works, e.g. [1,2,3,4,5]. */
  workingDays: z.array(isoWeekdaySchema).min(1),
  workingHours: z.strictObject({ start: clockTimeSchema, end: clockTimeSchema }),
  /** How many handoffs the rep takes per business day; the rest go to the next business day's queue. */
  dailyCapacity: z.number().int().nonnegative(),
  active: z.boolean(),
  /** The team manager who receives escalations (null for a manager or an unmanaged rep). */
  managerRepId: z.string().min(1).nullable(),
  outOfOffice: z.array(z.strictObject({ from: isoDateTime, to: isoDateTime })),
  updatedAt: isoDateTime,
});

/**
 * `ownership-changed` v1 — a change to the ownership map (territories, named accounts, reps, cover)
 * moved an account to another owner or backup. handoff-svc re-routes open handoffs by `policy`.
 */
export const ownershipChangedV1 = z.strictObject({
  accountId,
  changedAt: isoDateTime,
  previous: ownerAssignmentSchema.nullable(),
  current: ownerAssignmentSchema.nullable(),
  /** The map version that made the change. */
  mapVersion: z.number().int().positive(),
  /** What changed, in words: "Territory 'EMEA SaaS' now owned by Carla Reyes". */
  reason: z.string().min(1),
  /** How in-flight handoffs follow: stay with the owner at handoff time, or move (old owner becomes backup). */
  policy: z.enum(['STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER']),
});
