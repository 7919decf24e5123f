import type { EntityManager } from 'typeorm';
import { findOutcomesDeliveredBetween } from '../data/handoff-outcome.repository';
import type { IsoWeek } from '../domain/iso-week';
import { trendWeeks, weeklyMetrics, type MetricsGroupBy, type WeeklyMetrics } from '../domain/weekly-metrics';

/** The metrics of a run of consecutive weeks (`count` ending with `endingWeek`), from one query over their deliveries. */
export async function loadWeeklyMetrics(
  manager: EntityManager,
  endingWeek: IsoWeek,
  count: number,
  { groupBy, now }: { groupBy: MetricsGroupBy; now: Date },
): Promise<WeeklyMetrics[]> {
  const weeks = trendWeeks(endingWeek, count);
  const outcomes = await findOutcomesDeliveredBetween(manager, weeks[0].start, endingWeek.end, endingWeek.timeZone);
  return weeks.map((week) => weeklyMetrics(week, outcomes, { groupBy, now }));
}
