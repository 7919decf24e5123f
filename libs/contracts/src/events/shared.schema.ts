import { z } from 'zod';

export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const accountId = z.string().min(1).max(64);
export const repId = z.string().min(1).max(64);

/** The kinds of marketing signal the scoring model knows. */
export const SIGNAL_TYPES = [
  'INTENT_SURGE',
  'PRICING_PAGE_VISIT',
  'PRODUCT_PAGE_VISIT',
  'CONTENT_DOWNLOAD',
  'WEBINAR_ATTENDED',
  'EMAIL_REPLY',
  'FORM_FILL',
  'TRIAL_ACTIVITY',
] as const;
export const signalTypeSchema = z.enum(SIGNAL_TYPES);
export type SignalType = z.infer<typeof signalTypeSchema>;

/** Buying-committee roles, most senior first (this order is also the primary-contact tie-break). */
export const COMMITTEE_ROLES = [
  'ECONOMIC_BUYER',
  'DECISION_MAKER',
  'CHAMPION',
  'TECHNICAL_EVALUATOR',
  'INFLUENCER',
  'USER',
] as const;
export const committeeRoleSchema = z.enum(COMMITTEE_ROLES);
export type CommitteeRole = z.infer<typeof committeeRoleSchema>;

export const firmographicsSchema = z.strictObject({
  industry: z.string().min(1).nullable(),
  employeeCount: z.number().int().nonnegative().nullable(),
  annualRevenueUsd: z.number().nonnegative().nullable(),
  region: z.string().min(1).nullable(),
  country: z.string().length(2).nullable(),
});
export type Firmographics = z.infer<typeof firmographicsSchema>;

/** One named contributor to a score: "3 pricing-page visits in 7 days, +18". */
export const scoreContributorSchema = z.strictObject({
  signalType: signalTypeSchema,
  label: z.string().min(1),
  points: z.number(),
  evidence: z.string().min(1),
  signalIds: z.array(z.string().min(1)),
});
export type ScoreContributor = z.infer<typeof scoreContributorSchema>;

export const scoreTrendSchema = z.strictObject({
  /** One point per day, oldest first, 14 days ending on the snapshot day. */
  daily: z.array(z.strictObject({ date: isoDate, score: z.number().min(0).max(100) })).length(14),
  /** Score today minus score 13 days before. */
  delta: z.number(),
});

/** The explanation a rep reads in 30 seconds: the score, top three named contributors, 14-day trend. */
export const scoringSnapshotSchema = z.strictObject({
  score: z.number().min(0).max(100),
  threshold: z.number().min(0).max(100),
  contributors: z.array(scoreContributorSchema).min(1).max(3),
  trend: scoreTrendSchema,
  modelVersion: z.string().min(1),
  computedAt: isoDateTime,
});
export type ScoringSnapshot = z.infer<typeof scoringSnapshotSchema>;

/** SDRs and AEs own handoffs; a MANAGER leads a team and receives escalations. */
export const REP_ROLES = ['SDR', 'AE', 'MANAGER'] as const;
export const repRoleSchema = z.enum(REP_ROLES);
/** An IANA time zone name such as Europe/Berlin. */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' });

/** Zones already checked: building an Intl.DateTimeFormat per validation showed up in profiles (hot consumer path). */
const knownTimeZones = new Set<string>();
function isKnownTimeZone(tz: string): boolean {
  if (knownTimeZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return false;
  }
  knownTimeZones.add(tz);
  return true;
}
export const repRefSchema = z.strictObject({
  repId,
  name: z.string().min(1),
  email: z.email(),
  role: repRoleSchema,
  team: z.string().min(1),
  timezone: timeZoneSchema,
});
export type RepRef = z.infer<typeof repRefSchema>;

/** One accountable owner and a named backup, with the rule that decided and why. */
export const ownerAssignmentSchema = z.strictObject({
  owner: repRefSchema,
  backup: repRefSchema,
  territoryId: z.string().min(1),
  territoryName: z.string().min(1),
  explanation: z.string().min(1),
});
export type OwnerAssignment = z.infer<typeof ownerAssignmentSchema>;

/** The structured rejection reasons (after the SiriusDecisions disqualification reasons). */
export const REJECTION_REASONS = [
  'NO_FIT',
  'NO_NEED',
  'NO_BUDGET_OR_TIMING',
  'ACTIVE_CYCLE',
  'WRONG_CONTACT_OR_BAD_DATA',
  'WRONG_OWNER',
  'UNREACHABLE_AFTER_SLA',
  'DUPLICATE',
  'OTHER',
] as const;
export const rejectionReasonSchema = z.enum(REJECTION_REASONS);
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;

/** The five elements of a handoff, in the protocol's order. */
export const HANDOFF_ELEMENTS = [
  'NAMED_ACCOUNT',
  'PRIMARY_CONTACT',
  'SCORING_SNAPSHOT',
  'NEXT_ACTION',
  'OWNER_ASSIGNMENT',
] as const;
export const handoffElementSchema = z.enum(HANDOFF_ELEMENTS);
export type HandoffElement = z.infer<typeof handoffElementSchema>;

export const TOUCH_CHANNELS = ['EMAIL', 'PHONE', 'LINKEDIN', 'MEETING', 'OTHER'] as const;
export const touchChannelSchema = z.enum(TOUCH_CHANNELS);

/** A handoff's lifecycle: CREATED → DELIVERED → ACCEPTED | REJECTED → FIRST_TOUCH → MEETING_BOOKED, or EXPIRED; INCOMPLETE is never delivered. */
export const HANDOFF_STATUSES = [
  'CREATED',
  'DELIVERED',
  'ACCEPTED',
  'REJECTED',
  'FIRST_TOUCH',
  'MEETING_BOOKED',
  'EXPIRED',
  'INCOMPLETE',
] as const;
export const handoffStatusSchema = z.enum(HANDOFF_STATUSES);
export type HandoffStatus = z.infer<typeof handoffStatusSchema>;

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export const isoWeekdaySchema = z.number().int().min(1).max(7);
/** HH:MM, 24-hour. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 09:00');
