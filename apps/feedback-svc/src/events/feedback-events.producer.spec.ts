import { Topics, parseEvent, toMessage } from '@handoff-graph/contracts';
import type { Feedback } from '../domain/feedback-rules';
import type { HandoffRecord } from '../domain/handoff-record';
import { feedbackEvent } from './feedback-events.producer';

const handoff: HandoffRecord = {
  handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
  accountId: 'acc-northwind',
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
  ownerName: 'Ana Ortiz',
  ownerTeam: 'EMEA',
  ownerTimeZone: 'Europe/Berlin',
  territoryId: 'terr-emea-saas',
  territoryName: 'EMEA SaaS',
  modelVersion: 'v1',
  topContributor: 'PRICING_PAGE_VISIT',
  playbookRuleId: 'pricing-intent',
  createdAt: new Date('2026-11-24T14:02:13.000Z'),
  deliveredAt: new Date('2026-11-24T14:02:13.000Z'),
  queueDate: '2026-11-24',
  correlationId: 'corr-northwind-1',
};
const base: Feedback = {
  feedbackId: '9a7e4c2b-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
  handoffId: handoff.handoffId,
  kind: 'ACCEPTED',
  repId: 'rep-ana',
  reason: null,
  note: null,
  channel: null,
  at: new Date('2026-11-24T14:30:00.000Z'),
  recordedAt: new Date('2026-11-24T14:31:00.000Z'),
  recordedBy: 'ana.ortiz@example.com',
};

describe('feedback events', () => {
  it.each([
    [{ ...base }, 'handoff-accepted', {}],
    [{ ...base, kind: 'REJECTED' as const, reason: 'OTHER' as const, note: 'Parent already a customer' }, 'handoff-rejected', { reason: 'OTHER', note: 'Parent already a customer' }],
    [{ ...base, kind: 'FIRST_TOUCH' as const, channel: 'PHONE' as const }, 'first-touch-recorded', { channel: 'PHONE' }],
    [{ ...base, kind: 'MEETING_BOOKED' as const }, 'meeting-booked', {}],
  ])('publishes %j as a valid %s on feedback-events, keyed by the account', (feedback, type, extra) => {
    const event = feedbackEvent(feedback, handoff);
    expect(event).toMatchObject({
      type,
      aggregateId: 'acc-northwind',
      producer: 'feedback-svc',
      correlationId: 'corr-northwind-1',
      occurredAt: '2026-11-24T14:31:00.000Z',
      payload: {
        feedbackId: base.feedbackId,
        handoffId: handoff.handoffId,
        accountId: 'acc-northwind',
        repId: 'rep-ana',
        at: '2026-11-24T14:30:00.000Z',
        ...extra,
      },
    });
    const message = toMessage(event);
    expect(message.topic).toBe(Topics.feedbackEvents);
    expect(message.key).toBe('acc-northwind');
    expect(parseEvent(message.value)).toEqual({ ok: true, event });
  });
});
