import type { HandoffStatus } from '@handoff-graph/contracts';
import { addBusinessDays, addWorkingMinutes, endOfBusinessDay, startOfBusinessDay, workingMinutesBetween, type RepCalendar } from './rep-calendar';
import { localDate, formatLocal } from './zoned-time';

/**
 * The SLA clocks of a delivered handoff, all in the current owner's working time (their time zone,
 * working days and hours, out-of-office taken away):
 *
 * - the clock starts when the handoff is in the owner's queue *and* the owner is working: the later
 *   of the time it joined the queue and the start of its queue day (a handoff deferred to Monday
 *   starts Monday 09:00; one delivered at 20:00 starts the next business morning);
 * - ACCEPTANCE is due `acceptanceWindowMinutes` (default 15) working minutes after the clock starts;
 *   missed → offered to the backup (`handoff-escalated` BACKUP + `sla-breached` ACCEPTANCE);
 * - FIRST_TOUCH is due at the end of the owner's first business day: the end of the working day on
 *   which acceptance falls due (a handoff arriving at 16:55 gets tomorrow, not five minutes); missed
 *   → escalated to the team manager (`handoff-escalated` MANAGER + `sla-breached` FIRST_TOUCH);
 * - a handoff still untouched at the end of the `expireAfterBusinessDays`-th (default 5) business
 *   day, counting the first, EXPIRES.
 * Acceptance is met by ACCEPTED or anything after it, or a rejection (the rep acted); the first
 * touch by FIRST_TOUCH, MEETING_BOOKED or a rejection. Expiry stops both clocks.
 * Re-routing to a new owner restarts the clocks in the new owner's calendar.
 */
export interface SlaPolicy {
  acceptanceWindowMinutes: number;
  expireAfterBusinessDays: number;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = { acceptanceWindowMinutes: 15, expireAfterBusinessDays: 5 };

export interface SlaTimes {
  clockStartsAt: Date;
  acceptanceDueAt: Date;
  firstTouchDueAt: Date;
  expiresAt: Date;
}

export function slaTimes(cal: RepCalendar, queueDate: string, queuedAt: Date, policy: SlaPolicy): SlaTimes {
  const dayStart = startOfBusinessDay(cal, queueDate);
  const clockStartsAt = dayStart && dayStart > queuedAt ? dayStart : queuedAt;
  const acceptanceDueAt = addWorkingMinutes(cal, clockStartsAt, policy.acceptanceWindowMinutes);
  const firstDay = localDate(acceptanceDueAt, cal.timezone);
  const firstTouchDueAt = endOfBusinessDay(cal, firstDay) ?? acceptanceDueAt;
  const lastDay = addBusinessDays(cal, firstDay, Math.max(0, policy.expireAfterBusinessDays - 1));
  const expiresAt = endOfBusinessDay(cal, lastDay) ?? firstTouchDueAt;
  return { clockStartsAt, acceptanceDueAt, firstTouchDueAt, expiresAt: expiresAt < firstTouchDueAt ? firstTouchDueAt : expiresAt };
}

export type SlaName = 'ACCEPTANCE' | 'FIRST_TOUCH';

/** What the rep's status history says about the clocks. */
export interface SlaProgress {
  /** When acceptance was met (accepted, touched, or rejected), or null. */
  acceptanceMetAt: Date | null;
  /** When the first touch was met (touched, or rejected), or null. */
  firstTouchMetAt: Date | null;
  /** When the clocks stopped without being met (EXPIRED), or null. */
  stoppedAt: Date | null;
}

export function slaProgress(status: HandoffStatus, history: { to: HandoffStatus; at: Date }[]): SlaProgress {
  const first = (statuses: HandoffStatus[]) => history.find((t) => statuses.includes(t.to))?.at ?? null;
  return {
    acceptanceMetAt: first(['ACCEPTED', 'FIRST_TOUCH', 'MEETING_BOOKED', 'REJECTED']),
    firstTouchMetAt: first(['FIRST_TOUCH', 'MEETING_BOOKED', 'REJECTED']),
    stoppedAt: status === 'EXPIRED' ? first(['EXPIRED']) : null,
  };
}

export interface SlaClock extends SlaTimes {
  /** The clock running now: ACCEPTANCE until accepted, then FIRST_TOUCH until touched; null when both are met or stopped. */
  running: SlaName | null;
  /** Working minutes left on the running clock (0 once it ran out); null when none runs. */
  minutesLeft: number | null;
  /** The clocks that ran out before they were met. */
  breaches: SlaName[];
  breached: boolean;
}

export function slaClock(times: SlaTimes, progress: SlaProgress, cal: RepCalendar, now: Date): SlaClock {
  const end = progress.stoppedAt ?? now;
  // Met at the due instant is on time; unmet, the clock has run out from the due instant on (when the sweep escalates).
  const breachedBy = (metAt: Date | null, due: Date) => (metAt ? metAt > due : end >= due);
  const breaches: SlaName[] = [];
  if (breachedBy(progress.acceptanceMetAt, times.acceptanceDueAt)) breaches.push('ACCEPTANCE');
  if (breachedBy(progress.firstTouchMetAt, times.firstTouchDueAt)) breaches.push('FIRST_TOUCH');
  const running: SlaName | null = progress.stoppedAt
    ? null
    : !progress.acceptanceMetAt
      ? 'ACCEPTANCE'
      : !progress.firstTouchMetAt
        ? 'FIRST_TOUCH'
        : null;
  const due = running === 'ACCEPTANCE' ? times.acceptanceDueAt : running === 'FIRST_TOUCH' ? times.firstTouchDueAt : null;
  const minutesLeft = due ? Math.floor(workingMinutesBetween(cal, now, due)) : null;
  return { ...times, running, minutesLeft, breaches, breached: breaches.length > 0 };
}

export type SweepAction =
  | { kind: 'ESCALATE_BACKUP'; sla: 'ACCEPTANCE'; dueAt: Date; toRepId: string; reason: string }
  | { kind: 'ESCALATE_MANAGER'; sla: 'FIRST_TOUCH'; dueAt: Date; toRepId: string | null; reason: string }
  | { kind: 'EXPIRE'; dueAt: Date; reason: string };

export interface SweepInput {
  status: HandoffStatus;
  times: SlaTimes;
  policy: SlaPolicy;
  owner: { repId: string; name: string };
  backup: { repId: string; name: string };
  /** The owner's calendar (time zone for the reasons; manager). */
  calendar: RepCalendar;
  managerName: string | null;
  /** Escalation levels already made for the current owner. */
  escalated: ('BACKUP' | 'MANAGER')[];
}

/**
 * What the SLA sweep does to one handoff at `now`: nothing, or escalations (each once per owner) and
 * expiry, in the order they fell due.
 */
export function decideSweep(input: SweepInput, now: Date): SweepAction[] {
  const { status, times, owner, backup, calendar: cal } = input;
  const local = (d: Date) => formatLocal(d, cal.timezone);
  const untouched = status === 'DELIVERED' || status === 'ACCEPTED';
  const actions: SweepAction[] = [];
  if (status === 'DELIVERED' && now >= times.acceptanceDueAt && !input.escalated.includes('BACKUP')) {
    actions.push({
      kind: 'ESCALATE_BACKUP',
      sla: 'ACCEPTANCE',
      dueAt: times.acceptanceDueAt,
      toRepId: backup.repId,
      reason:
        `Not accepted by ${owner.name} within ${input.policy.acceptanceWindowMinutes} working minutes (due ${local(times.acceptanceDueAt)}); ` +
        `offered to the backup ${backup.name}.`,
    });
  }
  if (untouched && now >= times.firstTouchDueAt && !input.escalated.includes('MANAGER')) {
    const manager = cal.managerRepId;
    actions.push({
      kind: 'ESCALATE_MANAGER',
      sla: 'FIRST_TOUCH',
      dueAt: times.firstTouchDueAt,
      toRepId: manager,
      reason:
        `Not touched by the end of ${owner.name}'s first business day (due ${local(times.firstTouchDueAt)}); ` +
        (manager
          ? `escalated to the team manager ${input.managerName ?? manager}.`
          : `no team manager is on file for ${owner.name}${cal.known ? '' : ' (no rep profile yet)'}: ops are alerted by sla-breached.`),
    });
  }
  if (untouched && now >= times.expiresAt) {
    actions.push({
      kind: 'EXPIRE',
      dueAt: times.expiresAt,
      reason: `Not touched within ${input.policy.expireAfterBusinessDays} business days of delivery (by ${local(times.expiresAt)}); expired.`,
    });
  }
  return actions;
}
