import type { RejectionReason } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { HandoffOutcome } from '../domain/weekly-metrics';

interface OutcomeRow {
  handoff_id: string;
  delivered_at: Date;
  owner_rep_id: string;
  backup_rep_id: string;
  territory_id: string | null;
  model_version: string | null;
  queue_date: string | null;
  accepted_at: Date | null;
  first_touch_at: Date | null;
  meeting_at: Date | null;
  rejected_at: Date | null;
  rejection_reason: RejectionReason | null;
}

/**
 * Every handoff delivered in [from, to) with its feedback folded in: the input of the metrics. The
 * filter is on delivered_at only, so feedback recorded later still lands in the delivery week.
 */
export async function findOutcomesDeliveredBetween(manager: EntityManager, from: Date, to: Date): Promise<HandoffOutcome[]> {
  const rows: OutcomeRow[] = await manager.query(
    `SELECT h.handoff_id, h.delivered_at, h.owner_rep_id, h.backup_rep_id, h.territory_id, h.model_version,
            h.queue_date::text AS queue_date,
            min(f.at) FILTER (WHERE f.kind = 'ACCEPTED') AS accepted_at,
            min(f.at) FILTER (WHERE f.kind = 'FIRST_TOUCH') AS first_touch_at,
            min(f.at) FILTER (WHERE f.kind = 'MEETING_BOOKED') AS meeting_at,
            min(f.at) FILTER (WHERE f.kind = 'REJECTED') AS rejected_at,
            min(f.reason) FILTER (WHERE f.kind = 'REJECTED') AS rejection_reason
       FROM handoff_record h
       LEFT JOIN feedback f ON f.handoff_id = h.handoff_id
      WHERE h.delivered_at >= $1 AND h.delivered_at < $2
      GROUP BY h.handoff_id
      ORDER BY h.delivered_at, h.handoff_id`,
    [from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({
    handoffId: r.handoff_id,
    deliveredAt: r.delivered_at,
    ownerRepId: r.owner_rep_id,
    backupRepId: r.backup_rep_id,
    territoryId: r.territory_id,
    modelVersion: r.model_version,
    queueDate: r.queue_date,
    acceptedAt: r.accepted_at,
    firstTouchAt: r.first_touch_at,
    meetingAt: r.meeting_at,
    rejection: r.rejection_reason && r.rejected_at ? { reason: r.rejection_reason, at: r.rejected_at } : null,
  }));
}
