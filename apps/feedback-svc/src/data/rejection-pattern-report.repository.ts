import type { EntityManager } from 'typeorm';
import type { RejectionPattern } from '../domain/rejection-patterns';
import { RejectionPatternReportEntity } from './rejection-pattern-report.entity';

export type PublishedBy = 'SCHEDULE' | 'OPS';

/** A report as it was published for its week. */
export interface StoredRejectionPatternReport {
  week: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  generatedAt: Date;
  deliveredCount: number;
  rejectedCount: number;
  patterns: RejectionPattern[];
  eventId: string;
  publishedBy: PublishedBy;
  /** Who published it with the mutation (verified subject); null for SCHEDULE. */
  publishedBySubject: string | null;
}

function toDomain(row: RejectionPatternReportEntity): StoredRejectionPatternReport {
  return { ...row, patterns: row.patterns as RejectionPattern[], publishedBy: row.publishedBy as PublishedBy };
}

export async function findRejectionPatternReport(manager: EntityManager, week: string): Promise<StoredRejectionPatternReport | null> {
  const row = await manager.findOne(RejectionPatternReportEntity, { where: { week } });
  return row ? toDomain(row) : null;
}

/**
 * Stores the week's report unless one is there already (primary key = week; concurrent publishers,
 * e.g. the job and the mutation, cannot both win). Returns whether this one was stored.
 */
export async function insertRejectionPatternReport(manager: EntityManager, report: StoredRejectionPatternReport): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO rejection_pattern_report
       (week, time_zone, starts_at, ends_at, generated_at, delivered_count, rejected_count, patterns, event_id, published_by, published_by_subject)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
     ON CONFLICT (week) DO NOTHING
     RETURNING week`,
    [
      report.week,
      report.timeZone,
      report.startsAt.toISOString(),
      report.endsAt.toISOString(),
      report.generatedAt.toISOString(),
      report.deliveredCount,
      report.rejectedCount,
      JSON.stringify(report.patterns),
      report.eventId,
      report.publishedBy,
      report.publishedBySubject,
    ],
  );
  return rows.length > 0;
}
