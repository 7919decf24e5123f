import { verifyIdentityHeaders, type Identity } from '@handoff-graph/auth';
import type { Clock, Logger } from '@handoff-graph/config';
import type { HttpRoute } from '@handoff-graph/graphql';
import type { ServiceDeps } from '@handoff-graph/runtime';
import type { IncomingMessage } from 'node:http';
import type { DataSource } from 'typeorm';
import { loadWeeklyMetrics } from '../application/metrics';
import type { FeedbackSettings } from '../application/settings';
import { isoWeekSpan } from '../domain/iso-week';
import { metricsRowsScopeFor, type MetricsRowsScope } from '../domain/metrics-scope';
import { parseExportParams, weeklyMetricsCsv } from '../domain/weekly-metrics-export';

export const WEEKLY_METRICS_CSV_PATH = '/exports/weekly-metrics.csv';

/** Team numbers with rep names: for ops and managers, never reps or partner tools. */
export const EXPORT_ROLES: readonly Identity['role'][] = ['OPS', 'MANAGER'];

export type ExportAccess = { ok: true; viewer: Identity; scope: MetricsRowsScope } | { ok: false; status: 401 | 403; message: string };

/**
 * Who may download the export: a request carrying a gateway-signed OPS or MANAGER identity (401
 * without a valid one — also when the service runs without a gateway secret, like every GraphQL
 * resolver; 403 for REP and PARTNER). A MANAGER's grouped records cover their team's handoffs (and
 * their own), like their weeklyMetrics rows (domain/metrics-scope.ts); OVERALL records are the
 * whole week. The gateway does not forward this path yet (it serves /graphql only), so in a stack
 * that requires the gateway identity only a caller holding the gateway secret can reach it.
 */
export function exportAccess(headers: IncomingMessage['headers'], auth: ServiceDeps['auth'], now: Date = new Date()): ExportAccess {
  if (!auth) return { ok: false, status: 401, message: 'no gateway identity: this service runs without a gateway secret, so nobody may download the export' };
  const check = verifyIdentityHeaders(headers, auth.gatewaySecret, now);
  if (!check.ok) return { ok: false, status: 401, message: check.reason };
  const scope = metricsRowsScopeFor(check.identity);
  if (!EXPORT_ROLES.includes(check.identity.role) || !scope) {
    return { ok: false, status: 403, message: `the weekly metrics export needs role ${EXPORT_ROLES.join(' or ')}; you are ${check.identity.role}` };
  }
  return { ok: true, viewer: check.identity, scope };
}

/**
 * GET /exports/weekly-metrics.csv?from=2026-W40&to=2026-W52&groupBy=REP — the weekly metrics as
 * RFC 4180 CSV for the quarterly business review (domain/weekly-metrics-export.ts). A bad parameter
 * is a 400 with a plain-text message naming it; nothing else is ever echoed back.
 */
export function weeklyMetricsCsvRoute(deps: {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  settings: FeedbackSettings;
  auth?: ServiceDeps['auth'];
}): HttpRoute {
  return async (req, res, url) => {
    const access = exportAccess(req.headers, deps.auth);
    if (!access.ok) {
      res.writeHead(access.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${access.message}\n`);
      return;
    }
    const now = deps.clock();
    const params = parseExportParams(url.searchParams, { now, timeZone: deps.settings.metricsTimeZone });
    if (!params.ok) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${params.message}\n`);
      return;
    }
    let csv: string;
    try {
      const weeks = await loadWeeklyMetrics(deps.dataSource.manager, params.to, isoWeekSpan(params.from, params.to), {
        groupBy: params.groupBy,
        now,
        scope: access.scope,
      });
      csv = weeklyMetricsCsv(weeks);
    } catch (e) {
      deps.logger.error('weekly metrics export failed', { error: (e as Error).message });
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the weekly metrics could not be exported; try again\n');
      return;
    }
    const filename = `weekly-metrics_${params.from.label}_${params.to.label}_${params.groupBy.toLowerCase()}.csv`;
    res
      .writeHead(200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      })
      .end(csv);
  };
}
