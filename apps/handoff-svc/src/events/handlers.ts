import type { Clock } from '@handoff-graph/config';
import { Topics, type Topic } from '@handoff-graph/contracts';
import type { EventHandlers } from '@handoff-graph/data';
import { onCrmAccountChanged, onCrmContactChanged } from './crm-changes.consumer';
import { onFirstTouchRecorded, onHandoffAccepted, onHandoffRejected, onMeetingBooked } from './feedback-events.consumer';
import { onOwnershipChanged, onOwnershipOutcomes, onRepUpserted } from './ownership-events.consumer';
import { onScoringEvents } from './scoring-events.consumer';

/** What handoff-svc consumes. */
export const CONSUMED_TOPICS: Topic[] = [Topics.crmChanges, Topics.scoringEvents, Topics.ownershipEvents, Topics.feedbackEvents];

/** What handoff-svc publishes. */
export const PRODUCED_TOPICS: Topic[] = [Topics.accountEvents, Topics.handoffEvents];

export function handoffEventHandlers(clock: Clock): EventHandlers {
  // One handler object for two types: a run mixing them is applied in one call.
  const scoringEvents = onScoringEvents(clock);
  const ownershipOutcomes = onOwnershipOutcomes(clock);
  return {
    'crm-account-changed': onCrmAccountChanged(clock),
    'crm-contact-changed': onCrmContactChanged(clock),
    'contact-engaged': scoringEvents,
    'account-qualified': scoringEvents,
    'ownership-resolved': ownershipOutcomes,
    'ownership-unresolved': ownershipOutcomes,
    'ownership-changed': onOwnershipChanged(clock),
    'rep-upserted': onRepUpserted(clock),
    'handoff-accepted': onHandoffAccepted(clock),
    'handoff-rejected': onHandoffRejected(clock),
    'first-touch-recorded': onFirstTouchRecorded(clock),
    'meeting-booked': onMeetingBooked(clock),
  };
}
