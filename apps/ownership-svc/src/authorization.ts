/**
 * Who may do what in ownership-svc (the table is apps/ownership-svc/authorization-matrix.json,
 * rendered into the root README; src/authorization.integration-spec.ts proves every row per role).
 *
 * - The ownership map — reps (names, teams, working time, leave), territories, the written conflict
 *   rules, the map's history, and who owns an account and why — is sales-operations data every sales
 *   role reads: reps learn the territory plan and the conflict rules, and hand off to and cover for
 *   each other. It is not handoff content (no contact, score or next action).
 * - Only OPS edits it (reps, leave, territories, settings) or runs the pre-save check on a proposed edit.
 * - A qualification's routing — an ownership decision and the moves of an in-flight account — is the
 *   routing of one handoff: REP sees it when routed to them (owner or backup, at any point: decided,
 *   now, or before/after a move), MANAGER when the owner is in their team (or they are a party), OPS always.
 * - A rep's leave (every out-of-office period, past and future, with its note) and their map history
 *   are personal: the rep, their team's manager and OPS read them; for anyone else they are null.
 *   Whether a rep is available at a moment stays readable (cover needs it), without the leave note.
 * - The map's change history (the audit trail: who changed what, leave included) is OPS's; anyone may
 *   still ask who owned an account at a moment (ownerAssignment with asOf).
 * - PARTNER (partner tools) gets nothing: every rep, owner and routing names a person.
 *
 * The rules are pure; the resolvers call them before touching any data, so a missing identity is
 * UNAUTHENTICATED and a role that may not is FORBIDDEN, with nothing read or written.
 */
import { canSeeHandoff, canSeeRepQueue, requireRole, type HandoffParties, type Identity, type Role } from '@handoff-graph/auth';
import type { OwnerAssignment } from '@handoff-graph/contracts';

/** The roles that read the ownership map. */
export const MAP_READERS: readonly Role[] = ['REP', 'MANAGER', 'OPS'];

/** REP, MANAGER or OPS; UNAUTHENTICATED without an identity, FORBIDDEN for PARTNER. */
export function requireMapReader(viewer: Identity | null, what: string): Identity {
  return requireRole(viewer, [...MAP_READERS], what);
}

/** OPS only: every edit of the map, and validating a proposed one. */
export function requireOps(viewer: Identity | null, what: string): Identity {
  return requireRole(viewer, ['OPS'], what);
}

/** The parties of one routing as the shared policy reads them (the owner's team from the RepRef, as handoff-svc does). */
export function partiesOfAssignment(a: OwnerAssignment | null): HandoffParties[] {
  return a ? [{ ownerRepId: a.owner.repId, backupRepId: a.backup.repId, ownerTeam: a.owner.team }] : [];
}

/**
 * Whether the viewer may see a handoff's routing, given every routing it had (decided, current,
 * before and after each move): OPS always; otherwise when the shared policy lets them see the handoff
 * under any of them. A routing with no parties (pending, unresolved) is OPS's alone.
 */
export function canSeeRouting(viewer: Identity, routings: readonly HandoffParties[]): boolean {
  return viewer.role === 'OPS' || routings.some((parties) => canSeeHandoff(viewer, parties));
}

/** One ownership move: visible to the parties (or their managers) of the routing before or after it. */
export function canSeeMove(viewer: Identity, move: { previous: OwnerAssignment | null; current: OwnerAssignment | null }): boolean {
  return canSeeRouting(viewer, [...partiesOfAssignment(move.previous), ...partiesOfAssignment(move.current)]);
}

/** A rep's personal record (leave, map history): the rep, a manager of the rep's team, OPS. */
export function canSeeRepPersonal(viewer: Identity, rep: { id: string; team: string }): boolean {
  return viewer.role !== 'PARTNER' && canSeeRepQueue(viewer, rep.id, rep.team);
}
