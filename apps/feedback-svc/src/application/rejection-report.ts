import type { Logger } from '@handoff-graph/config';
import { enqueueEvents } from '@handoff-graph/data';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { findOutcomesDeliveredBetween } from '../data/handoff-outcome.repository';
import {
  findRejectionPatternReport,
  insertRejectionPatternReport,
  type PublishedBy,
  type StoredRejectionPatternReport,
} from '../data/rejection-pattern-report.repository';
import type { IsoWeek } from '../domain/iso-week';
import { rejectionPatternReport, reportDueWeek, type RejectionPatternReport } from '../domain/rejection-patterns';
import { rejectionPatternEvent } from '../events/rejection-pattern.producer';
import type { FeedbackSettings } from './settings';

/** The week's report from what is stored now (late rejections included). */
export async function currentRejectionPatterns(manager: EntityManager, week: IsoWeek): Promise<RejectionPatternReport> {
  return rejectionPatternReport(week, await findOutcomesDeliveredBetween(manager, week.start, week.end, week.timeZone));
}

/**
 * Publishes the week's report once: computed, stored (one per week) and its event enqueued in one
 * transaction. When the week was published before, nothing is written and the stored report is
 * returned with `newlyPublished: false`. The caller checks that the week has closed.
 */
export async function publishRejectionPatternReport(
  dataSource: DataSource,
  week: IsoWeek,
  { now, publishedBy, publishedBySubject = null }: { now: Date; publishedBy: PublishedBy; publishedBySubject?: string | null },
): Promise<{ report: StoredRejectionPatternReport; newlyPublished: boolean }> {
  const already = await findRejectionPatternReport(dataSource.manager, week.label);
  if (already) return { report: already, newlyPublished: false };
  return dataSource.transaction(async (manager) => {
    const computed = await currentRejectionPatterns(manager, week);
    const report: StoredRejectionPatternReport = {
      week: week.label,
      timeZone: week.timeZone,
      startsAt: week.start,
      endsAt: week.end,
      generatedAt: now,
      deliveredCount: computed.deliveredCount,
      rejectedCount: computed.rejectedCount,
      patterns: computed.patterns,
      eventId: randomUUID(),
      publishedBy,
      publishedBySubject: publishedBy === 'SCHEDULE' ? null : publishedBySubject,
    };
    if (await insertRejectionPatternReport(manager, report)) {
      await enqueueEvents(manager, [rejectionPatternEvent(report)]);
      return { report, newlyPublished: true };
    }
    // Someone else published it between the check and the insert.
    return { report: (await findRejectionPatternReport(manager, week.label))!, newlyPublished: false };
  });
}

/**
 * The background job: once the previous week closed (team time zone) and the grace period passed,
 * publish its report — once; later runs find it stored and do nothing.
 */
export function scheduledRejectionReportJob(deps: {
  dataSource: DataSource;
  clock: () => Date;
  logger: Logger;
  settings: FeedbackSettings;
}): () => Promise<void> {
  return async () => {
    const now = deps.clock();
    const week = reportDueWeek(now, deps.settings.metricsTimeZone, deps.settings.reportGraceMs);
    if (!week) return;
    const { report, newlyPublished } = await publishRejectionPatternReport(deps.dataSource, week, { now, publishedBy: 'SCHEDULE' });
    if (newlyPublished) {
      deps.logger.info('published the weekly rejection-pattern report', { week: report.week, patterns: report.patterns.length });
    }
  };
}
