import { forbidden, unauthenticated } from '@handoff-graph/graphql';
import type { Identity, Role } from './identity';

/**
 * The authorization rules every subgraph enforces in its resolvers (including entity resolution):
 * - REP: handoffs where they are the owner or the backup;
 * - MANAGER: their team's handoffs (the owner's team), and their own;
 * - OPS: everything, and alone edits models, thresholds, territories and playbooks;
 * - PARTNER: event schemas only — nothing personal.
 */
export interface HandoffParties {
  ownerRepId: string;
  backupRepId: string | null;
  /** The owner's team (from the owner assignment). */
  ownerTeam: string | null;
}

export function requireViewer(viewer: Identity | null): Identity {
  if (!viewer) throw unauthenticated('no identity: call the graph through the gateway with a bearer token');
  return viewer;
}

export function requireRole(viewer: Identity | null, roles: Role[], what: string): Identity {
  const v = requireViewer(viewer);
  if (!roles.includes(v.role)) throw forbidden(`${what} needs role ${roles.join(' or ')}; you are ${v.role}`);
  return v;
}

export function canSeeHandoff(viewer: Identity, parties: HandoffParties): boolean {
  switch (viewer.role) {
    case 'OPS':
      return true;
    case 'MANAGER':
      return (parties.ownerTeam !== null && parties.ownerTeam === viewer.team) || isParty(viewer, parties);
    case 'REP':
      return isParty(viewer, parties);
    case 'PARTNER':
      return false;
  }
}

/** Feedback and other actions on a handoff: its owner or backup (or ops). */
export function canActOnHandoff(viewer: Identity, parties: HandoffParties): boolean {
  return viewer.role === 'OPS' || isParty(viewer, parties);
}

/** What a rep may list: REP their own, MANAGER anyone in their team (checked by the caller), OPS anyone. */
export function canSeeRepQueue(viewer: Identity, repId: string, repTeam: string | null): boolean {
  if (viewer.role === 'OPS') return true;
  if (viewer.repId === repId) return true;
  return viewer.role === 'MANAGER' && repTeam !== null && repTeam === viewer.team;
}

function isParty(viewer: Identity, parties: HandoffParties): boolean {
  return viewer.repId !== null && (viewer.repId === parties.ownerRepId || viewer.repId === parties.backupRepId);
}
