import type { HandoffStatus, OwnerAssignment } from '@handoff-graph/contracts';
import { OPEN_STATUSES } from './lifecycle';
import { formatLocal } from './zoned-time';

/**
 * Re-routing on `ownership-changed`: what one handoff of the account does.
 *
 * ownership-svc has already applied the mid-period policy (and cover, which beats the policy: an
 * owner who went on leave or inactive is replaced whatever the policy says), so `current` is where
 * an open handoff belongs now:
 * - Closed handoffs (REJECTED, MEETING_BOOKED, EXPIRED, INCOMPLETE) never move.
 * - `current` equal to the handoff's owner and backup: it stays (STAY_WITH_OWNER_AT_HANDOFF, or a
 *   change that did not touch this account's people) — recorded, no event.
 * - Otherwise it adopts `current`: a new owner takes it (re-queued in their queue, SLA clocks restart
 *   in their calendar), or the owner keeps it with the new backup.
 * - No current owner (the account fell out of every territory): it stays, with the reason.
 */
export interface RouteChange {
  previous: OwnerAssignment | null;
  current: OwnerAssignment | null;
  policy: 'STAY_WITH_OWNER_AT_HANDOFF' | 'MOVE_TO_NEW_OWNER';
  reason: string;
}

export type ReroutePlan =
  | { kind: 'move'; assignment: OwnerAssignment; ownerChanged: boolean; reason: string }
  | { kind: 'stay'; reason: string }
  | { kind: 'closed'; reason: string };

export function planReroute(status: HandoffStatus, assignment: OwnerAssignment, change: RouteChange): ReroutePlan {
  if (!OPEN_STATUSES.includes(status)) return { kind: 'closed', reason: `the handoff is ${status}; closed handoffs never move` };
  const { owner, backup } = assignment;
  const next = change.current;
  if (!next) {
    return { kind: 'stay', reason: `ownership-svc names no owner for the account now (${change.reason}); the handoff stays with ${owner.name}` };
  }
  if (next.owner.repId === owner.repId && next.backup.repId === backup.repId) {
    return { kind: 'stay', reason: `${change.reason}; policy ${change.policy}: ${owner.name} and ${backup.name} keep it` };
  }
  if (next.owner.repId === owner.repId) {
    return {
      kind: 'move',
      assignment: next,
      ownerChanged: false,
      reason: `${change.reason}; policy ${change.policy}: ${owner.name} keeps it, ${next.backup.name} now backs up`,
    };
  }
  return {
    kind: 'move',
    assignment: next,
    ownerChanged: true,
    reason: `${change.reason}; policy ${change.policy}: moved from ${owner.name} to ${next.owner.name}, ${next.backup.name} backs up`,
  };
}

export interface RerouteRecord {
  at: Date;
  fromRepName: string;
  policy: RouteChange['policy'];
  reason: string;
}

/**
 * The card's "why me": who owns the handoff and the rule that made them the owner — the ownership
 * rule's explanation from ownership-svc, and, after a re-route, when and why it moved.
 */
export function whyMe(assignment: OwnerAssignment, lastMove: RerouteRecord | null): string {
  const { owner, backup } = assignment;
  const rule = `${assignment.explanation.replace(/\.?\s*$/, '')} (territory ${assignment.territoryName}).`;
  const moved = lastMove
    ? ` Re-routed to ${owner.name} from ${lastMove.fromRepName} on ${formatLocal(lastMove.at, owner.timezone)}: ${lastMove.reason}.`
    : '';
  return `${owner.name} owns this handoff: ${rule}${moved} Backup: ${backup.name}.`;
}
