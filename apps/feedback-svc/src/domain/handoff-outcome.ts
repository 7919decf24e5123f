import type { RejectionReason, SignalType } from '@handoff-graph/contracts';
import { defaultSchedule, firstBusinessDayEnd, type WorkingSchedule } from './business-day';
import type { HandoffRecord } from './handoff-record';

/**
 * A delivered handoff with its feedback folded in and everything the metrics group by resolved:
 * the input of the weekly metrics and of the rejection-pattern report.
 */
export interface HandoffOutcome {
  handoffId: string;
  deliveredAt: Date;
  ownerRepId: string;
  /** The owner's name (rep profile, else the RepRef at handoff); null when neither is known. */
  ownerName: string | null;
  /** The owner's team as it was at handoff (RepRef), else the rep profile's; null when neither is known. */
  ownerTeam: string | null;
  backupRepId: string;
  territoryId: string | null;
  territoryName: string | null;
  modelVersion: string | null;
  topContributor: SignalType | null;
  playbookRuleId: string | null;
  queueDate: string | null;
  /** When the owner's first business day with the handoff ends (domain/business-day.ts). */
  firstBusinessDayEndsAt: Date;
  acceptedAt: Date | null;
  firstTouchAt: Date | null;
  meetingAt: Date | null;
  rejection: { reason: RejectionReason; at: Date } | null;
}

/** A rep's profile from `rep-upserted` (only what the metrics read). */
export interface RepProfile {
  repId: string;
  name: string;
  team: string;
  timeZone: string;
  workingDays: number[];
  workingHours: { start: string; end: string };
  updatedAt: Date;
}

/** What the database hands over for one delivered handoff. */
export interface OutcomeFacts {
  record: HandoffRecord & { deliveredAt: Date };
  /** The current owner's profile, if `rep-upserted` named them. */
  ownerProfile: RepProfile | null;
  acceptedAt: Date | null;
  firstTouchAt: Date | null;
  meetingAt: Date | null;
  rejection: { reason: RejectionReason; at: Date } | null;
}

/** The schedule the first business day is read in: the owner's profile, else Mon–Fri 09:00–17:00 (see business-day.ts). */
export function ownerSchedule(record: HandoffRecord, profile: RepProfile | null, metricsTimeZone: string): WorkingSchedule {
  if (profile) return { timeZone: profile.timeZone, workingDays: profile.workingDays, ...profile.workingHours };
  return defaultSchedule(record.ownerTimeZone ?? metricsTimeZone);
}

export function toHandoffOutcome(facts: OutcomeFacts, metricsTimeZone: string): HandoffOutcome {
  const { record, ownerProfile } = facts;
  return {
    handoffId: record.handoffId,
    deliveredAt: record.deliveredAt,
    ownerRepId: record.ownerRepId,
    ownerName: ownerProfile?.name ?? record.ownerName,
    ownerTeam: record.ownerTeam ?? ownerProfile?.team ?? null,
    backupRepId: record.backupRepId,
    territoryId: record.territoryId,
    territoryName: record.territoryName,
    modelVersion: record.modelVersion,
    topContributor: record.topContributor,
    playbookRuleId: record.playbookRuleId,
    queueDate: record.queueDate,
    firstBusinessDayEndsAt: firstBusinessDayEnd(record.deliveredAt, record.queueDate, ownerSchedule(record, ownerProfile, metricsTimeZone)),
    acceptedAt: facts.acceptedAt,
    firstTouchAt: facts.firstTouchAt,
    meetingAt: facts.meetingAt,
    rejection: facts.rejection,
  };
}
