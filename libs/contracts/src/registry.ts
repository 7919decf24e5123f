import type { z } from 'zod';
import { accountQualifiedV1, contactEngagedV1 } from './events/scoring.events';
import { accountUpsertedV1, crmAccountChangedV1, crmContactChangedV1 } from './events/crm.events';
import {
  firstTouchRecordedV1,
  handoffAcceptedV1,
  handoffRejectedV1,
  meetingBookedV1,
  rejectionPatternReportedV1,
} from './events/feedback.events';
import {
  handoffCreatedV1,
  handoffDeliveredV1,
  handoffEscalatedV1,
  handoffIncompleteV1,
  handoffReroutedV1,
  handoffStatusChangedV1,
  slaBreachedV1,
} from './events/handoff.events';
import { ownershipChangedV1, ownershipResolvedV1, ownershipUnresolvedV1, repUpsertedV1 } from './events/ownership.events';
import { signalReceivedV1 } from './events/signal.events';
import { Topics, type Topic } from './topics';

export interface EventContract<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  version: number;
  topic: Topic;
  description: string;
  payload: S;
}

function contract<T extends string, S extends z.ZodType>(c: EventContract<T, S>): EventContract<T, S> {
  return c;
}

/** The current version of every event. Older versions, once there are any, go in `LEGACY_CONTRACTS`. */
export const EVENT_CONTRACTS = {
  'signal-received': contract({
    type: 'signal-received',
    version: 1,
    topic: Topics.signals,
    description: 'A marketing signal about an account, from a marketing tool or the recordSignals mutation.',
    payload: signalReceivedV1,
  }),
  'account-qualified': contract({
    type: 'account-qualified',
    version: 1,
    topic: Topics.scoringEvents,
    description: "The account's score crossed the MQA threshold; carries the scoring snapshot.",
    payload: accountQualifiedV1,
  }),
  'contact-engaged': contract({
    type: 'contact-engaged',
    version: 1,
    topic: Topics.scoringEvents,
    description: 'A scored signal named a contact of the account.',
    payload: contactEngagedV1,
  }),
  'ownership-resolved': contract({
    type: 'ownership-resolved',
    version: 1,
    topic: Topics.ownershipEvents,
    description: 'A named owner and a named backup for a qualified account, with the deciding rule.',
    payload: ownershipResolvedV1,
  }),
  'ownership-unresolved': contract({
    type: 'ownership-unresolved',
    version: 1,
    topic: Topics.ownershipEvents,
    description: 'No territory rule gives the qualified account an owner and a backup.',
    payload: ownershipUnresolvedV1,
  }),
  'ownership-changed': contract({
    type: 'ownership-changed',
    version: 1,
    topic: Topics.ownershipEvents,
    description: 'A change to the ownership map moved an account to another owner or backup; open handoffs follow the policy.',
    payload: ownershipChangedV1,
  }),
  'rep-upserted': contract({
    type: 'rep-upserted',
    version: 1,
    topic: Topics.ownershipEvents,
    description: "A rep's profile: team, time zone, working hours, daily cap, out-of-office periods, manager (keyed by rep id).",
    payload: repUpsertedV1,
  }),
  'crm-account-changed': contract({
    type: 'crm-account-changed',
    version: 1,
    topic: Topics.crmChanges,
    description: 'Inbound from the CRM connector: an account record changed.',
    payload: crmAccountChangedV1,
  }),
  'crm-contact-changed': contract({
    type: 'crm-contact-changed',
    version: 1,
    topic: Topics.crmChanges,
    description: 'Inbound from the CRM connector: a contact record changed.',
    payload: crmContactChangedV1,
  }),
  'account-upserted': contract({
    type: 'account-upserted',
    version: 1,
    topic: Topics.accountEvents,
    description: "handoff-svc's CRM mirror stored an account (name, domain, firmographics).",
    payload: accountUpsertedV1,
  }),
  'handoff-created': contract({
    type: 'handoff-created',
    version: 1,
    topic: Topics.handoffEvents,
    description: 'A handoff with all five elements was assembled.',
    payload: handoffCreatedV1,
  }),
  'handoff-incomplete': contract({
    type: 'handoff-incomplete',
    version: 1,
    topic: Topics.handoffEvents,
    description: 'A handoff lacked one or more of the five elements and was not delivered (ops alert).',
    payload: handoffIncompleteV1,
  }),
  'handoff-delivered': contract({
    type: 'handoff-delivered',
    version: 1,
    topic: Topics.handoffEvents,
    description: "A handoff was placed in its owner's queue with a priority rank.",
    payload: handoffDeliveredV1,
  }),
  'handoff-status-changed': contract({
    type: 'handoff-status-changed',
    version: 1,
    topic: Topics.handoffEvents,
    description: "One lifecycle transition of a handoff, timestamped, with its reason.",
    payload: handoffStatusChangedV1,
  }),
  'handoff-escalated': contract({
    type: 'handoff-escalated',
    version: 1,
    topic: Topics.handoffEvents,
    description: 'The owner did not act: the handoff was offered to the backup, or escalated to the team manager.',
    payload: handoffEscalatedV1,
  }),
  'sla-breached': contract({
    type: 'sla-breached',
    version: 1,
    topic: Topics.handoffEvents,
    description: 'An SLA clock ran out: acceptance window, or first touch within the first business day.',
    payload: slaBreachedV1,
  }),
  'handoff-rerouted': contract({
    type: 'handoff-rerouted',
    version: 1,
    topic: Topics.handoffEvents,
    description: 'An open handoff followed an ownership change, per the ownership policy.',
    payload: handoffReroutedV1,
  }),
  'handoff-accepted': contract({
    type: 'handoff-accepted',
    version: 1,
    topic: Topics.feedbackEvents,
    description: 'The owner (or backup) accepted the handoff.',
    payload: handoffAcceptedV1,
  }),
  'handoff-rejected': contract({
    type: 'handoff-rejected',
    version: 1,
    topic: Topics.feedbackEvents,
    description: 'The owner (or backup) rejected the handoff with a structured RejectionReason.',
    payload: handoffRejectedV1,
  }),
  'first-touch-recorded': contract({
    type: 'first-touch-recorded',
    version: 1,
    topic: Topics.feedbackEvents,
    description: 'The first touch on the handoff (channel and time).',
    payload: firstTouchRecordedV1,
  }),
  'meeting-booked': contract({
    type: 'meeting-booked',
    version: 1,
    topic: Topics.feedbackEvents,
    description: 'A meeting was booked from the handoff.',
    payload: meetingBookedV1,
  }),
  'rejection-pattern-reported': contract({
    type: 'rejection-pattern-reported',
    version: 1,
    topic: Topics.feedbackEvents,
    description: 'The weekly rejection-pattern report: reasons concentrated on a contributor, territory, playbook rule or model version.',
    payload: rejectionPatternReportedV1,
  }),
} as const;

export type EventType = keyof typeof EVENT_CONTRACTS;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENT_CONTRACTS)[T]['payload']>;

/** Superseded versions still accepted from the wire, keyed `type@version`. Empty while everything is v1. */
export const LEGACY_CONTRACTS: Record<string, EventContract> = {};

export function findContract(type: string, version: number): EventContract | undefined {
  const current = (EVENT_CONTRACTS as Record<string, EventContract>)[type];
  if (current && current.version === version) return current;
  return LEGACY_CONTRACTS[`${type}@${version}`];
}

export function eventTypesOnTopic(topic: Topic): EventType[] {
  return (Object.keys(EVENT_CONTRACTS) as EventType[]).filter((t) => EVENT_CONTRACTS[t].topic === topic);
}
