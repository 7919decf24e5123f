import type { EntityManager } from 'typeorm';
import { findOutcomesDeliveredBetween } from '../data/handoff-outcome.repository';
import type { IsoWeek } from '../domain/iso-week';
import { inRowsScope, type MetricsRowsScope } from '../domain/metrics-scope';
import { trendWeeks, weeklyMetrics, type MetricsGroupBy, type WeeklyMetrics } from '../domain/weekly-metrics';

/**
 * The metrics of a run of consecutive weeks (`count` ending with `endingWeek`), from one query over
 * their deliveries; the grouped rows count only the handoffs in the viewer's `scope`.
 */
export async function loadWeeklyMetrics(
  manager: EntityManager,
  endingWeek: IsoWeek,
  count: number,
  { groupBy, now, scope }: { groupBy: MetricsGroupBy; now: Date; scope: MetricsRowsScope },
): Promise<WeeklyMetrics[]> {
  const weeks = trendWeeks(endingWeek, count);
  const outcomes = await findOutcomesDeliveredBetween(manager, weeks[0].start, endingWeek.end, endingWeek.timeZone);
  const rowsInclude = scope.scope === 'ALL' ? undefined : (o: Parameters<typeof inRowsScope>[1]) => inRowsScope(scope, o);
  return weeks.map((week) => weeklyMetrics(week, outcomes, { groupBy, now, rowsInclude }));
}
