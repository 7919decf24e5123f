import { canSeeHandoff, canSeeRepQueue, type HandoffParties, type Identity } from '@handoff-graph/auth';
import type { OwnerAssignment } from './handoff.types';

/**
 * Who may read a handoff, on top of the shared policy (`libs/auth/src/policy.ts`):
 * - the parties are the CURRENT owner and backup (after any re-route: a moved handoff's old owner
 *   backs up, so still sees it; the backup before the move no longer does), and the owner's team
 *   is the team on the owner's RepRef in that assignment;
 * - a handoff with no owner ever named (ownership unresolved, so INCOMPLETE) has no parties: OPS only;
 * - a rep the SLA sweep escalated the handoff to (the backup offered it, the owner's manager on the
 *   owner's profile) may read it even when the policy alone would not (a manager on file for a rep
 *   of another team) — the escalation brought them into it.
 */
export interface HandoffAssignments {
  ownerAssignment: OwnerAssignment | null;
  currentAssignment: OwnerAssignment | null;
}

export function handoffParties(h: HandoffAssignments): HandoffParties | null {
  const a = h.currentAssignment ?? h.ownerAssignment;
  if (!a) return null;
  return { ownerRepId: a.owner.repId, backupRepId: a.backup.repId, ownerTeam: a.owner.team };
}

export function mayViewHandoff(viewer: Identity, parties: HandoffParties | null, escalatedTo: readonly string[] = []): boolean {
  if (viewer.role === 'OPS') return true;
  if (viewer.role === 'PARTNER') return false;
  if (parties && canSeeHandoff(viewer, parties)) return true;
  return viewer.repId !== null && escalatedTo.includes(viewer.repId);
}

/**
 * Whether the viewer may read one rep's queue, open handoffs, escalations or calendar: a REP their
 * own, a MANAGER their own and their team's (the rep's team from the rep's profile; a rep without a
 * profile has no known team), OPS anyone, PARTNER nobody.
 */
export function mayViewRep(viewer: Identity, repId: string, repTeam: string | null): boolean {
  return viewer.role !== 'PARTNER' && canSeeRepQueue(viewer, repId, repTeam);
}
