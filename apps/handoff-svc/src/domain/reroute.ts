import type { HandoffStatus, OwnerAssignment } from '@handoff-graph/contracts';
import { OPEN_STATUSES } from './lifecycle';
import { formatLocal } from './zoned-time';

/**
 * Re-routing on `ownership-changed`: what one handoff of the account does.
 *
 * - Closed handoffs (REJECTED, MEETING_BOOKED, EXPIRED, INCOMPLETE) never move.
 * - STAY_WITH_OWNER_AT_HANDOFF: the handoff stays with the owner it has (recorded, no event).
 * - MOVE_TO_NEW_OWNER: the new owner takes it and the old owner becomes the backup; it is
 *   re-queued in the new owner's queue (their current business day, their cap) and its SLA clocks
 *   restart in their calendar. When only the backup changed, the owner keeps it with the new backup.
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
  const owner = assignment.owner;
  const next = change.current;
  if (!next) {
    return { kind: 'stay', reason: `ownership-svc names no owner for the account now (${change.reason}); the handoff stays with ${owner.name}` };
  }
  if (change.policy === 'STAY_WITH_OWNER_AT_HANDOFF') {
    return {
      kind: 'stay',
      reason: `${change.reason}; policy STAY_WITH_OWNER_AT_HANDOFF keeps the handoff with ${owner.name}${next.owner.repId !== owner.repId ? ` (new owner: ${next.owner.name})` : ''}`,
    };
  }
  if (next.owner.repId === owner.repId) {
    if (next.backup.repId === assignment.backup.repId) return { kind: 'stay', reason: `${change.reason}; ${owner.name} and ${assignment.backup.name} already hold it` };
    return {
      kind: 'move',
      assignment: { ...next, owner },
      ownerChanged: false,
      reason: `${change.reason}; policy MOVE_TO_NEW_OWNER: ${owner.name} keeps it, ${next.backup.name} now backs up`,
    };
  }
  return {
    kind: 'move',
    assignment: { ...next, backup: owner },
    ownerChanged: true,
    reason: `${change.reason}; policy MOVE_TO_NEW_OWNER: moved from ${owner.name} to ${next.owner.name}, ${owner.name} backs up`,
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
