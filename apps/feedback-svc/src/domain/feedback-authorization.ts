import type { HandoffRecord } from './handoff-record';

/**
 * Who may give feedback on a handoff: its current owner or its backup, nobody else. Pure, so issue 7
 * can put the verified identity (and the OPS role) in front of it without touching the rule.
 * Rep ids compare exactly (case matters: `rep-ana` is not `REP-ANA`). After a re-route the new
 * owner and backup are the ones named on the record.
 */
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
