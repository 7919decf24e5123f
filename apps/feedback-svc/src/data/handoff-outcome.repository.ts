import type { RejectionReason, SignalType } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { toHandoffOutcome, type HandoffOutcome } from '../domain/handoff-outcome';

interface OutcomeRow {
  handoff_id: string;
  account_id: string;
  owner_rep_id: string;
  backup_rep_id: string;
  owner_name: string | null;
  owner_team: string | null;
  owner_time_zone: string | null;
  territory_id: string | null;
  territory_name: string | null;
  model_version: string | null;
  top_contributor: SignalType | null;
  playbook_rule_id: string | null;
  created_at: Date | null;
  delivered_at: Date;
  queue_date: string | null;
  correlation_id: string | null;
  accepted_at: Date | null;
  first_touch_at: Date | null;
  meeting_at: Date | null;
  rejected_at: Date | null;
  rejection_reason: RejectionReason | null;
  profile_name: string | null;
  profile_team: string | null;
  profile_time_zone: string | null;
  profile_working_days: number[] | null;
  profile_working_start: string | null;
  profile_working_end: string | null;
  profile_updated_at: Date | null;
}

/**
 * Every handoff delivered in [from, to) with its feedback folded in and its current owner's profile:
 * the input of the metrics and the rejection-pattern report. The filter is on delivered_at only, so
 * feedback recorded later still lands in the delivery week.
 */
export async function findOutcomesDeliveredBetween(manager: EntityManager, from: Date, to: Date, metricsTimeZone: string): Promise<HandoffOutcome[]> {
  const rows: OutcomeRow[] = await manager.query(
    `SELECT h.handoff_id, h.account_id, h.owner_rep_id, h.backup_rep_id, h.owner_name, h.owner_team, h.owner_time_zone,
            h.territory_id, h.territory_name, h.model_version, h.top_contributor, h.playbook_rule_id,
            h.created_at, h.delivered_at, h.queue_date::text AS queue_date, h.correlation_id,
            f.accepted_at, f.first_touch_at, f.meeting_at, f.rejected_at, f.rejection_reason,
            p.name AS profile_name, p.team AS profile_team, p.time_zone AS profile_time_zone,
            p.working_days AS profile_working_days, p.working_start AS profile_working_start,
            p.working_end AS profile_working_end, p.updated_at AS profile_updated_at
       FROM handoff_record h
       LEFT JOIN LATERAL (
         SELECT min(at) FILTER (WHERE kind = 'ACCEPTED') AS accepted_at,
                min(at) FILTER (WHERE kind = 'FIRST_TOUCH') AS first_touch_at,
                min(at) FILTER (WHERE kind = 'MEETING_BOOKED') AS meeting_at,
                min(at) FILTER (WHERE kind = 'REJECTED') AS rejected_at,
                min(reason) FILTER (WHERE kind = 'REJECTED') AS rejection_reason
           FROM feedback WHERE feedback.handoff_id = h.handoff_id
       ) f ON true
       LEFT JOIN rep_profile p ON p.rep_id = h.owner_rep_id
      WHERE h.delivered_at >= $1 AND h.delivered_at < $2
      ORDER BY h.delivered_at, h.handoff_id`,
    [from.toISOString(), to.toISOString()],
  );
  return rows.map((r) =>
    toHandoffOutcome(
      {
        record: {
          handoffId: r.handoff_id,
          accountId: r.account_id,
          ownerRepId: r.owner_rep_id,
          backupRepId: r.backup_rep_id,
          ownerName: r.owner_name,
          ownerTeam: r.owner_team,
          ownerTimeZone: r.owner_time_zone,
          territoryId: r.territory_id,
          territoryName: r.territory_name,
          modelVersion: r.model_version,
          topContributor: r.top_contributor,
          playbookRuleId: r.playbook_rule_id,
          createdAt: r.created_at,
          deliveredAt: r.delivered_at,
          queueDate: r.queue_date,
          correlationId: r.correlation_id,
        },
        ownerProfile:
          r.profile_name !== null
            ? {
                repId: r.owner_rep_id,
                name: r.profile_name,
                team: r.profile_team!,
                timeZone: r.profile_time_zone!,
                workingDays: r.profile_working_days!.map(Number),
                workingHours: { start: r.profile_working_start!, end: r.profile_working_end! },
                updatedAt: r.profile_updated_at!,
              }
            : null,
        acceptedAt: r.accepted_at,
        firstTouchAt: r.first_touch_at,
        meetingAt: r.meeting_at,
        rejection: r.rejection_reason && r.rejected_at ? { reason: r.rejection_reason, at: r.rejected_at } : null,
      },
      metricsTimeZone,
    ),
  );
}
