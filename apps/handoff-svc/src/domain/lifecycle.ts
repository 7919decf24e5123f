import type { HandoffStatus } from '@handoff-graph/contracts';

/**
 * The handoff lifecycle (contract HANDOFF_STATUSES):
 *
 *     CREATED → DELIVERED → ACCEPTED → FIRST_TOUCH → MEETING_BOOKED
 *                   │           │            │
 *                   ├───────────┴────────────┴──▶ REJECTED
 *                   └───────────┴──▶ EXPIRED
 *     INCOMPLETE (never delivered)
 *
 * TRANSITIONS is the whole table: anything not in it is refused. Rejection is allowed after
 * acceptance or a first touch too (feedback-svc records e.g. UNREACHABLE_AFTER_SLA after a touch).
 * REJECTED, MEETING_BOOKED, EXPIRED and INCOMPLETE are terminal.
 *
 * Feedback arrives as events, which may be late or repeated, so `planFeedback` never fails: it
 * turns a feedback event into the legal steps it implies, or into an *ignored* record with the
 * reason — never a dead letter.
 * - A step forward that skips states fills them in, each recorded as implied: a first touch without
 *   an accept implies the accept; a meeting without a first touch implies the touch (and the accept).
 * - A repeat, or an event that would move backwards (an accept after the first touch), is ignored:
 *   the handoff is already past it.
 * - Anything after a terminal state (a touch on a rejected or expired handoff, a rejection after the
 *   meeting was booked) is ignored with the terminal state named.
 */
export const TRANSITIONS: Record<HandoffStatus, readonly HandoffStatus[]> = {
  CREATED: ['DELIVERED'],
  DELIVERED: ['ACCEPTED', 'REJECTED', 'EXPIRED'],
  ACCEPTED: ['FIRST_TOUCH', 'REJECTED', 'EXPIRED'],
  FIRST_TOUCH: ['MEETING_BOOKED', 'REJECTED'],
  MEETING_BOOKED: [],
  REJECTED: [],
  EXPIRED: [],
  INCOMPLETE: [],
};

export const TERMINAL_STATUSES: readonly HandoffStatus[] = ['MEETING_BOOKED', 'REJECTED', 'EXPIRED', 'INCOMPLETE'];

/** Open: still in someone's hands (re-routing and the SLA sweep look at these). */
export const OPEN_STATUSES: readonly HandoffStatus[] = ['CREATED', 'DELIVERED', 'ACCEPTED', 'FIRST_TOUCH'];

export function canTransition(from: HandoffStatus, to: HandoffStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The working path, in order; REJECTED and EXPIRED branch off it. */
const PATH: readonly HandoffStatus[] = ['CREATED', 'DELIVERED', 'ACCEPTED', 'FIRST_TOUCH', 'MEETING_BOOKED'];

export type FeedbackKind = 'ACCEPTED' | 'REJECTED' | 'FIRST_TOUCH' | 'MEETING_BOOKED';

export interface LifecycleStep {
  from: HandoffStatus;
  to: HandoffStatus;
  reason: string;
}

export type LifecyclePlan = { kind: 'apply'; steps: LifecycleStep[] } | { kind: 'ignore'; reason: string };

const WHAT: Record<FeedbackKind, string> = {
  ACCEPTED: 'accepted the handoff',
  REJECTED: 'rejected the handoff',
  FIRST_TOUCH: 'recorded the first touch',
  MEETING_BOOKED: 'booked a meeting',
};

/**
 * The steps a feedback event implies from the current status. `who` names the rep ("Ana Ortiz"
 * or "rep-ana"), `detail` is appended to the reason of the final step ("reason NO_NEED").
 */
export function planFeedback(current: HandoffStatus, kind: FeedbackKind, who: string, detail?: string): LifecyclePlan {
  const said = `${who} ${WHAT[kind]}${detail ? ` (${detail})` : ''}`;
  if (current === 'INCOMPLETE') return { kind: 'ignore', reason: `${said}, but the handoff is INCOMPLETE and was never delivered` };
  if (current === 'CREATED') return { kind: 'ignore', reason: `${said}, but the handoff is not delivered yet` };
  if (TERMINAL_STATUSES.includes(current)) return { kind: 'ignore', reason: `${said}, but the handoff is already ${current} (final)` };

  if (kind === 'REJECTED') return { kind: 'apply', steps: [{ from: current, to: 'REJECTED', reason: said }] };

  const at = PATH.indexOf(current);
  const target = PATH.indexOf(kind);
  if (target === at) return { kind: 'ignore', reason: `${said} again; the handoff is already ${current}` };
  if (target < at) return { kind: 'ignore', reason: `${said}, but the handoff is already ${current}; a status never moves backwards` };

  const steps: LifecycleStep[] = [];
  for (let i = at; i < target; i++) {
    const to = PATH[i + 1];
    steps.push({ from: PATH[i], to, reason: i + 1 === target ? said : `implied: ${said} before ${to} was recorded` });
  }
  for (const s of steps) if (!canTransition(s.from, s.to)) throw new Error(`lifecycle table refuses ${s.from} → ${s.to}`);
  return { kind: 'apply', steps };
}

/** EXPIRED from the sweep: only a handoff nobody has touched yet can expire. */
export function planExpiry(current: HandoffStatus, reason: string): LifecyclePlan {
  if (!canTransition(current, 'EXPIRED')) return { kind: 'ignore', reason: `cannot expire a ${current} handoff` };
  return { kind: 'apply', steps: [{ from: current, to: 'EXPIRED', reason }] };
}
