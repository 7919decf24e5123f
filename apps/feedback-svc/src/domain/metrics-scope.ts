import type { Identity } from '@handoff-graph/auth';
import type { HandoffOutcome } from './handoff-outcome';

/**
 * Which handoffs a viewer's metric ROWS may cover (the weekly metrics, the trend and the CSV
 * export). A row split by rep, team, territory or model version tells how named people worked
 * their handoffs, so it is limited like the handoffs themselves:
 * - OPS: ALL handoffs;
 * - MANAGER: TEAM — handoffs whose owner is on the manager's team (the owner's team at handoff,
 *   else the rep profile's: the same team the TEAM rows use), and handoffs the manager owns;
 * - REP: OWN — handoffs the rep owns (the metrics count a handoff for its owner; a handoff the rep
 *   only backs up is the owner's number);
 * - PARTNER: none (null) — no metrics at all.
 * The week's top-level numbers and OVERALL's single row are the whole team's aggregate (no person
 * in them) and are the same for everyone who may read metrics.
 */
export const METRICS_ROWS_SCOPES = ['ALL', 'TEAM', 'OWN'] as const;
export type MetricsRowsScopeKind = (typeof METRICS_ROWS_SCOPES)[number];

export type MetricsRowsScope =
  | { scope: 'ALL'; team: null; repId: null }
  | { scope: 'TEAM'; team: string | null; repId: string | null }
  | { scope: 'OWN'; team: null; repId: string | null };

export function metricsRowsScopeFor(viewer: Identity): MetricsRowsScope | null {
  switch (viewer.role) {
    case 'OPS':
      return { scope: 'ALL', team: null, repId: null };
    case 'MANAGER':
      return { scope: 'TEAM', team: viewer.team, repId: viewer.repId };
    case 'REP':
      return { scope: 'OWN', team: null, repId: viewer.repId };
    case 'PARTNER':
      return null;
  }
}

/** Whether a delivered handoff may be counted in the viewer's rows. */
export function inRowsScope(scope: MetricsRowsScope, o: Pick<HandoffOutcome, 'ownerRepId' | 'ownerTeam'>): boolean {
  switch (scope.scope) {
    case 'ALL':
      return true;
    case 'TEAM':
      return (scope.team !== null && o.ownerTeam === scope.team) || (scope.repId !== null && o.ownerRepId === scope.repId);
    case 'OWN':
      return scope.repId !== null && o.ownerRepId === scope.repId;
  }
}

/** The team (TEAM) or rep id (OWN) the rows are limited to; null for ALL. */
export function rowsScopeKey(scope: MetricsRowsScope): string | null {
  return scope.scope === 'TEAM' ? scope.team : scope.scope === 'OWN' ? scope.repId : null;
}
