import type { Identity } from '@handoff-graph/auth';
import type { HandoffRecord } from './handoff-record';

/**
 * Who may give feedback on a handoff, in two pure steps:
 * 1. `actingRep`: whose feedback it is, from the verified identity. A REP or MANAGER gives feedback
 *    as themselves (their token's repId; naming anyone else in `input.repId` is FORBIDDEN); OPS
 *    records feedback for a rep and must name them (`input.repId`); a PARTNER tool never gives feedback.
 * 2. `authorizeFeedback`: that rep must be the handoff's current owner or its backup, nobody else.
 * Rep ids compare exactly (case matters: `rep-ana` is not `REP-ANA`). After a re-route the new
 * owner and backup are the ones named on the record.
 */
export type ActingRep =
  | { ok: true; repId: string; onBehalf: boolean }
  | { ok: false; code: 'FORBIDDEN' | 'BAD_USER_INPUT'; field?: 'input.repId'; message: string };

export function actingRep(viewer: Identity, requestedRepId: string | null): ActingRep {
  switch (viewer.role) {
    case 'OPS':
      if (requestedRepId === null) {
        return {
          ok: false,
          code: 'BAD_USER_INPUT',
          field: 'input.repId',
          message: 'required for OPS: name the rep (the handoff\'s owner or backup) you record this feedback for',
        };
      }
      return { ok: true, repId: requestedRepId, onBehalf: true };
    case 'REP':
    case 'MANAGER':
      if (viewer.repId === null) {
        return { ok: false, code: 'FORBIDDEN', message: `${viewer.subject} (${viewer.role}) has no rep id, so cannot give feedback` };
      }
      if (requestedRepId !== null && requestedRepId !== viewer.repId) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          field: 'input.repId',
          message: `you are ${viewer.repId}: a ${viewer.role} gives feedback only as themselves, not as ${requestedRepId} (only OPS records feedback for another rep)`,
        };
      }
      return { ok: true, repId: viewer.repId, onBehalf: false };
    case 'PARTNER':
      return { ok: false, code: 'FORBIDDEN', message: 'a PARTNER identity cannot give feedback on a handoff' };
  }
}

export interface FeedbackActor {
  repId: string;
}

export type FeedbackAuthorization = { allowed: true; as: 'OWNER' | 'BACKUP' } | { allowed: false; message: string };

export function authorizeFeedback(actor: FeedbackActor, handoff: Pick<HandoffRecord, 'handoffId' | 'ownerRepId' | 'backupRepId'>): FeedbackAuthorization {
  if (actor.repId === handoff.ownerRepId) return { allowed: true, as: 'OWNER' };
  if (actor.repId === handoff.backupRepId) return { allowed: true, as: 'BACKUP' };
  return {
    allowed: false,
    message: `${actor.repId} is neither the owner (${handoff.ownerRepId}) nor the backup (${handoff.backupRepId}) of handoff ${handoff.handoffId}; only they may give feedback on it`,
  };
}
