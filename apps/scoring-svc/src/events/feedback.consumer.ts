import type { EventHandler } from '@handoff-graph/data';
import { FeedbackOutcomeEntity } from '../data/feedback-outcome.entity';
import { insertFeedbackOutcome } from '../data/feedback-outcome.repository';

/** `meeting-booked` on `feedback-events`: a converted handoff, for simulateThreshold. */
export const meetingBookedHandler: EventHandler<'meeting-booked'> = async (event, manager) => {
  await insertFeedbackOutcome(
    manager,
    Object.assign(new FeedbackOutcomeEntity(), {
      eventId: event.eventId,
      kind: 'MEETING_BOOKED',
      handoffId: event.payload.handoffId,
      accountId: event.payload.accountId,
      at: new Date(event.payload.at),
      reason: null,
    }),
  );
};

/** `handoff-rejected` on `feedback-events`: a rejected handoff with its structured reason, for simulateThreshold. */
export const handoffRejectedHandler: EventHandler<'handoff-rejected'> = async (event, manager) => {
  await insertFeedbackOutcome(
    manager,
    Object.assign(new FeedbackOutcomeEntity(), {
      eventId: event.eventId,
      kind: 'HANDOFF_REJECTED',
      handoffId: event.payload.handoffId,
      accountId: event.payload.accountId,
      at: new Date(event.payload.at),
      reason: event.payload.reason,
    }),
  );
};
