import type { OwnerAssignment } from '@handoff-graph/contracts';
import { repAvailability } from './availability';
import type { MidPeriodPolicy, Rep } from './ownership.types';
import { repRef, toOwnerAssignment, type OwnershipResolution } from './resolve-ownership';

/**
 * Mid-period moves: how an in-flight qualification (its handoff may be open) follows a change of
 * the map, written once and applied the same way every time:
 *  1. It had nobody (unresolved) and the map now names someone → the map's owner and backup.
 *  2. The map now names nobody → it stays with its owner and backup while both can serve; otherwise nobody (ops must act).
 *  3. The map names the same owner → the map's answer (only the backup, or the cover, moved).
 *  4. The owner at handoff is away now (inactive, out of office) → the map's answer, whatever the policy: cover beats policy.
 *  5. MOVE_TO_NEW_OWNER → the new owner, with the owner at handoff as backup.
 *  6. STAY_WITH_OWNER_AT_HANDOFF → stays with the owner at handoff and its backup (the new owner backs up when that
 *     backup is away); new qualifications go to the new owner.
 */

export type MoveRule = 'NEWLY_RESOLVED' | 'NOW_UNRESOLVED_KEPT' | 'NOW_UNRESOLVED' | 'SAME_OWNER' | 'OWNER_AWAY_COVER' | 'MOVED' | 'STAYED';

export interface InFlightRouting {
  /** What the open handoff carries after the change (null: nobody). */
  current: OwnerAssignment | null;
  rule: MoveRule;
}

const sameRouting = (a: OwnerAssignment | null, b: OwnerAssignment | null) =>
  a === null || b === null ? a === b : a.owner.repId === b.owner.repId && a.backup.repId === b.backup.repId && a.territoryId === b.territoryId;

export { sameRouting };

export function routeInFlight(args: {
  previous: OwnerAssignment | null;
  next: OwnershipResolution;
  policy: MidPeriodPolicy;
  repsById: ReadonlyMap<string, Rep>;
  at: Date;
}): InFlightRouting {
  const { previous, next, policy, repsById, at } = args;
  if (previous === null) return next.resolved ? { current: toOwnerAssignment(next.ownership), rule: 'NEWLY_RESOLVED' } : { current: null, rule: 'NOW_UNRESOLVED' };

  const available = (repId: string) => repAvailability(repId, repsById.get(repId), at);
  const prevOwner = available(previous.owner.repId);
  if (!next.resolved) {
    const prevBackup = available(previous.backup.repId);
    if (prevOwner.available && prevBackup.available) {
      return {
        current: {
          ...previous,
          owner: repRef(prevOwner.rep),
          backup: repRef(prevBackup.rep),
          explanation: `${next.reason} The open handoff stays with ${prevOwner.rep.name}, ${prevBackup.rep.name} backing up, until the map names an owner.`,
        },
        rule: 'NOW_UNRESOLVED_KEPT',
      };
    }
    return { current: null, rule: 'NOW_UNRESOLVED' };
  }

  const o = next.ownership;
  const mapAnswer = toOwnerAssignment(o);
  if (o.owner.id === previous.owner.repId) return { current: mapAnswer, rule: 'SAME_OWNER' };
  if (!prevOwner.available) {
    return {
      current: { ...mapAnswer, explanation: `${o.explanation} ${prevOwner.label}, the owner at handoff, ${prevOwner.why}, so cover applies whatever the mid-period policy.` },
      rule: 'OWNER_AWAY_COVER',
    };
  }
  if (policy === 'MOVE_TO_NEW_OWNER') {
    return {
      current: {
        ...mapAnswer,
        backup: repRef(prevOwner.rep),
        explanation:
          `${o.explanation} By the mid-period policy MOVE_TO_NEW_OWNER the open handoff moves to ${o.owner.name} and ` +
          `${prevOwner.rep.name}, the owner at handoff, backs up.`,
      },
      rule: 'MOVED',
    };
  }
  const prevBackup = available(previous.backup.repId);
  const backup = prevBackup.available && prevBackup.rep.id !== prevOwner.rep.id ? prevBackup.rep : o.owner;
  return {
    current: {
      ...previous,
      owner: repRef(prevOwner.rep),
      backup: repRef(backup),
      explanation:
        `${o.explanation} By the mid-period policy STAY_WITH_OWNER_AT_HANDOFF the open handoff stays with ${prevOwner.rep.name} ` +
        `(owner at handoff) and ${backup.name} backs up; new qualifications go to ${o.owner.name}.`,
    },
    rule: 'STAYED',
  };
}
