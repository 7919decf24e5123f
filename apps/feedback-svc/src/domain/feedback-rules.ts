import type { RejectionReason, TOUCH_CHANNELS } from '@handoff-graph/contracts';
import { authorizeFeedback } from './feedback-authorization';
import type { HandoffRecord } from './handoff-record';

/**
 * The rep feedback loop's rules, pure: given the handoff, its feedback so far, the command and the
 * clock's now, either the feedback to store or the reason it is refused.
 *
 * - The handoff must be known (seen on handoff-events).
 * - Only its owner or its backup may give feedback (feedback-authorization.ts; the rep is the
 *   verified identity's, or the one OPS records for — resolved before this by `actingRep`).
 * - At most one of each kind per handoff. A rejected handoff is closed: it cannot be accepted, touched
 *   or get a meeting. A handoff may be rejected after it was accepted or touched (e.g.
 *   UNREACHABLE_AFTER_SLA), and a rejection after a meeting is recorded too.
 * - A meeting needs a first touch first; it is not recorded implicitly.
 * - Times: `at` defaults to now; never in the future, never before the handoff reached the rep
 *   (delivery, or creation while the delivery is not known yet), a meeting never before the first touch.
 */
export const FEEDBACK_KINDS = ['ACCEPTED', 'REJECTED', 'FIRST_TOUCH', 'MEETING_BOOKED'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export type TouchChannel = (typeof TOUCH_CHANNELS)[number];

export interface Feedback {
  feedbackId: string;
  handoffId: string;
  kind: FeedbackKind;
  repId: string;
  /** REJECTED only. */
  reason: RejectionReason | null;
  note: string | null;
  /** FIRST_TOUCH only. */
  channel: TouchChannel | null;
  /** When it happened (the rep's word for touches and meetings; now for accept/reject). */
  at: Date;
  /** When feedback-svc stored it. */
  recordedAt: Date;
  /** The verified subject that recorded it: the rep, or an ops user for the rep (null: before identities). */
  recordedBy: string | null;
}

interface CommandBase {
  handoffId: string;
  /** The rep whose feedback it is (actingRep: the viewer's rep id, or the rep OPS records for). */
  repId: string;
  /** The verified subject recording it. */
  recordedBy: string | null;
}
export type FeedbackCommand =
  | (CommandBase & { kind: 'ACCEPTED' })
  | (CommandBase & { kind: 'REJECTED'; reason: RejectionReason; note: string | null })
  | (CommandBase & { kind: 'FIRST_TOUCH'; channel: TouchChannel; at: Date | null })
  | (CommandBase & { kind: 'MEETING_BOOKED'; at: Date | null });

export interface FeedbackRefusal {
  code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT';
  /** The input field at fault, dotted from the argument: `input.handoffId`. */
  field?: string;
  message: string;
}

export type FeedbackDecision = { ok: true; feedback: Feedback } | { ok: false; refusal: FeedbackRefusal };

export interface FeedbackState {
  handoff: HandoffRecord | null;
  /** The handoff's feedback so far. */
  history: Feedback[];
}

const refuse = (code: FeedbackRefusal['code'], message: string, field?: string): FeedbackDecision => ({
  ok: false,
  refusal: { code, message, ...(field ? { field } : {}) },
});

const iso = (d: Date) => d.toISOString();

function describe(f: Feedback): string {
  const detail = f.reason ?? f.channel;
  return `${detail ? `${detail} ` : ''}by ${f.repId} at ${iso(f.at)}`;
}

export function decideFeedback(
  command: FeedbackCommand,
  state: FeedbackState,
  { now, feedbackId }: { now: Date; feedbackId: string },
): FeedbackDecision {
  const at = 'at' in command && command.at ? command.at : now;
  if (at.getTime() > now.getTime()) {
    return refuse('BAD_USER_INPUT', `cannot be in the future (now is ${iso(now)})`, 'input.at');
  }
  const note = command.kind === 'REJECTED' ? (command.note?.trim() || null) : null;
  if (command.kind === 'REJECTED' && command.reason === 'OTHER' && note === null) {
    return refuse('BAD_USER_INPUT', 'a note is required when the reason is OTHER', 'input.note');
  }

  const { handoff, history } = state;
  if (!handoff) {
    return refuse('NOT_FOUND', `handoff ${command.handoffId} does not exist (no handoff-created or handoff-delivered seen)`, 'input.handoffId');
  }
  const authorization = authorizeFeedback({ repId: command.repId }, handoff);
  if (!authorization.allowed) return refuse('FORBIDDEN', authorization.message, 'input.repId');

  const find = (kind: FeedbackKind) => history.find((f) => f.kind === kind);
  const rejected = find('REJECTED');
  const id = handoff.handoffId;
  switch (command.kind) {
    case 'ACCEPTED': {
      if (rejected) return refuse('CONFLICT', `handoff ${id} was rejected (${describe(rejected)}); a rejected handoff cannot be accepted`);
      const accepted = find('ACCEPTED');
      if (accepted) return refuse('CONFLICT', `handoff ${id} was already accepted (${describe(accepted)})`);
      break;
    }
    case 'REJECTED':
      if (rejected) return refuse('CONFLICT', `handoff ${id} was already rejected (${describe(rejected)})`);
      break;
    case 'FIRST_TOUCH': {
      if (rejected) return refuse('CONFLICT', `handoff ${id} was rejected (${describe(rejected)}); no touch can be recorded on a rejected handoff`);
      const touched = find('FIRST_TOUCH');
      if (touched) return refuse('CONFLICT', `the first touch on handoff ${id} was already recorded (${describe(touched)})`);
      break;
    }
    case 'MEETING_BOOKED': {
      if (rejected) return refuse('CONFLICT', `handoff ${id} was rejected (${describe(rejected)}); no meeting can be recorded on a rejected handoff`);
      const meeting = find('MEETING_BOOKED');
      if (meeting) return refuse('CONFLICT', `a meeting was already booked on handoff ${id} (${describe(meeting)})`);
      const touched = find('FIRST_TOUCH');
      if (!touched) return refuse('CONFLICT', `record the first touch before the meeting: handoff ${id} has no first touch yet`);
      if (at.getTime() < touched.at.getTime()) {
        return refuse('BAD_USER_INPUT', `cannot be before the first touch (${iso(touched.at)})`, 'input.at');
      }
      break;
    }
  }

  const reachedRep = handoff.deliveredAt ?? handoff.createdAt;
  if ('at' in command && command.at && reachedRep && at.getTime() < reachedRep.getTime()) {
    const what = handoff.deliveredAt ? 'delivered' : 'created';
    return refuse('BAD_USER_INPUT', `cannot be before the handoff was ${what} (${iso(reachedRep)})`, 'input.at');
  }

  return {
    ok: true,
    feedback: {
      feedbackId,
      handoffId: id,
      kind: command.kind,
      repId: command.repId,
      reason: command.kind === 'REJECTED' ? command.reason : null,
      note,
      channel: command.kind === 'FIRST_TOUCH' ? command.channel : null,
      at,
      recordedAt: now,
      recordedBy: command.recordedBy,
    },
  };
}
