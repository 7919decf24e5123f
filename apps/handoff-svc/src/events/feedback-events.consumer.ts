import type { Clock } from '@handoff-graph/config';
import type { EventHandler } from '@handoff-graph/data';
import { applyFeedback } from '../application/lifecycle';

/** handoff-accepted / handoff-rejected / first-touch-recorded / meeting-booked → the handoff's lifecycle (application/lifecycle.ts). */
export function onHandoffAccepted(clock: Clock): EventHandler<'handoff-accepted'> {
  return (event, manager) => applyFeedback(manager, event, clock());
}

export function onHandoffRejected(clock: Clock): EventHandler<'handoff-rejected'> {
  return (event, manager) => applyFeedback(manager, event, clock());
}

export function onFirstTouchRecorded(clock: Clock): EventHandler<'first-touch-recorded'> {
  return (event, manager) => applyFeedback(manager, event, clock());
}

export function onMeetingBooked(clock: Clock): EventHandler<'meeting-booked'> {
  return (event, manager) => applyFeedback(manager, event, clock());
}
