import { REJECTION_REASONS } from '@handoff-graph/contracts';
import { toCsv, type CsvCell } from './csv';
import { isoWeekOf, isoWeekSpan, parseIsoWeek, shiftIsoWeek, type IsoWeek } from './iso-week';
import { DAY_MS, localDate } from './time-zone';
import { METRICS_GROUP_BY, type MetricsGroupBy, type WeeklyMetrics } from './weekly-metrics';

/**
 * The quarterly business review's export: `GET /exports/weekly-metrics.csv?from=2026-W40&to=2026-W52&groupBy=REP`.
 * One record per week and group, oldest week first; the columns are fixed (one count and one rate
 * per rejection reason, whether or not it occurred) so a spreadsheet can pivot them.
 */
export const EXPORT_PARAMETERS = ['from', 'to', 'groupBy'] as const;
/** A quarter is 13 weeks; two years of weeks is the most one export returns. */
export const DEFAULT_EXPORT_WEEKS = 13;
export const MAX_EXPORT_WEEKS = 106;

export type ExportParams = { ok: true; from: IsoWeek; to: IsoWeek; groupBy: MetricsGroupBy } | { ok: false; parameter: string; message: string };

/**
 * Reads the query string. `to` defaults to the current week (team time zone), `from` to 12 weeks
 * before `to`, `groupBy` to OVERALL (case does not matter). Any problem names its parameter.
 */
export function parseExportParams(search: URLSearchParams, { now, timeZone }: { now: Date; timeZone: string }): ExportParams {
  const bad = (parameter: string, rule: string): ExportParams => ({ ok: false, parameter, message: `parameter '${parameter}': ${rule}` });
  for (const name of new Set(search.keys())) {
    if (!(EXPORT_PARAMETERS as readonly string[]).includes(name)) {
      return bad(name, `unknown parameter; use ${EXPORT_PARAMETERS.join(', ')}`);
    }
    if (search.getAll(name).length > 1) return bad(name, 'given more than once');
  }
  const week = (name: 'from' | 'to', fallback: () => IsoWeek): IsoWeek | string => {
    const raw = search.get(name);
    if (raw === null) return fallback();
    const parsed = parseIsoWeek(raw, timeZone);
    return parsed.ok ? parsed.week : parsed.rule;
  };
  const to = week('to', () => isoWeekOf(now, timeZone));
  if (typeof to === 'string') return bad('to', to);
  const from = week('from', () => shiftIsoWeek(to, -(DEFAULT_EXPORT_WEEKS - 1)));
  if (typeof from === 'string') return bad('from', from);
  const span = isoWeekSpan(from, to);
  if (span < 1) return bad('from', `must not be after 'to' (${from.label} is after ${to.label})`);
  if (span > MAX_EXPORT_WEEKS) return bad('from', `at most ${MAX_EXPORT_WEEKS} weeks per export (${from.label} to ${to.label} is ${span})`);
  const rawGroupBy = search.get('groupBy');
  const groupBy = rawGroupBy === null ? 'OVERALL' : METRICS_GROUP_BY.find((g) => g === rawGroupBy.trim().toUpperCase());
  if (!groupBy) return bad('groupBy', `must be one of ${METRICS_GROUP_BY.join(', ')}`);
  return { ok: true, from, to, groupBy };
}

const round = (value: number | null, places: number): number | null => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);
const rate = (value: number | null) => round(value, 4);

export const WEEKLY_METRICS_CSV_HEADER = [
  'week',
  'week_start',
  'week_end',
  'time_zone',
  'group_by',
  'group_key',
  'group_label',
  'delivered',
  'accepted',
  'first_touched',
  'median_minutes_to_first_touch',
  'first_business_day_due',
  'touched_in_first_business_day',
  'first_business_day_touch_share',
  'meetings',
  'mqa_to_meeting_conversion',
  'rejected',
  'rejection_rate',
  ...REJECTION_REASONS.flatMap((r) => [`rejected_${r.toLowerCase()}`, `rejection_rate_${r.toLowerCase()}`]),
] as const;

/**
 * The CSV of a run of weeks. `week_start` / `week_end` are the local Monday and Sunday; minutes are
 * rounded to 2 decimals and rates (0..1) to 4.
 */
export function weeklyMetricsCsv(weeks: readonly WeeklyMetrics[]): string {
  const records: CsvCell[][] = [];
  for (const w of weeks) {
    const monday = localDate(w.week.start, w.timeZone);
    const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10);
    for (const row of w.rows) {
      const byReason = new Map(row.rejectionRateByReason.map((r) => [r.reason, r]));
      records.push([
        w.week.label,
        monday,
        sunday,
        w.timeZone,
        row.groupBy,
        row.key,
        row.label,
        row.deliveredCount,
        row.acceptedCount,
        row.firstTouchedCount,
        round(row.medianMinutesToFirstTouch, 2),
        row.firstBusinessDayDueCount,
        row.touchedInFirstBusinessDayCount,
        rate(row.firstBusinessDayTouchShare),
        row.meetingCount,
        rate(row.mqaToMeetingConversion),
        row.rejectedCount,
        rate(row.rejectionRate),
        ...REJECTION_REASONS.flatMap((r) => [byReason.get(r)?.count ?? 0, row.deliveredCount === 0 ? null : rate(byReason.get(r)?.rate ?? 0)]),
      ]);
    }
  }
  return toCsv(WEEKLY_METRICS_CSV_HEADER, records);
}
