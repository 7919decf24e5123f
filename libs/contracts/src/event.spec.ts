import { ContractViolation, createEvent, parseEvent, toMessage } from './event';
import { EVENT_EXAMPLES } from './examples';
import { staleJsonSchemaFiles } from './export-json-schemas';
import { EVENT_CONTRACTS, type EventType } from './registry';
import { Topics } from './topics';

const meta = { aggregateId: 'acc-northwind', producer: 'spec' };

describe('event contracts', () => {
  it.each(Object.keys(EVENT_CONTRACTS) as EventType[])('the published example of %s satisfies its contract and round-trips', (type) => {
    const event = createEvent(type, EVENT_EXAMPLES[type] as never, meta);
    const message = toMessage(event);
    expect(message.topic).toBe(EVENT_CONTRACTS[type].topic);
    expect(message.key).toBe('acc-northwind');
    const parsed = parseEvent(message.value);
    expect(parsed).toEqual({ ok: true, event });
  });

  it('names the field path and the rule when a payload breaks the contract', () => {
    const bad = { ...EVENT_EXAMPLES['signal-received'], signalType: 'BILLBOARD', occurredAt: 'yesterday' };
    let error: unknown;
    try {
      createEvent('signal-received', bad as never, meta);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolation);
    const paths = (error as ContractViolation).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['payload.occurredAt', 'payload.signalType']);
  });

  it('keeps the correlation id and records the causation id of the event reacted to', () => {
    const origin = createEvent('account-qualified', EVENT_EXAMPLES['account-qualified'], meta);
    const reaction = createEvent('ownership-resolved', EVENT_EXAMPLES['ownership-resolved'], { ...meta, causedBy: origin });
    expect(origin.correlationId).toBe(origin.eventId);
    expect(origin.causationId).toBeNull();
    expect(reaction.correlationId).toBe(origin.eventId);
    expect(reaction.causationId).toBe(origin.eventId);
  });

  it('refuses a rejection with reason OTHER and no note', () => {
    expect(() =>
      createEvent('handoff-rejected', { ...EVENT_EXAMPLES['handoff-rejected'], reason: 'OTHER', note: ' ' }, meta),
    ).toThrow('payload.note: a note is required when the reason is OTHER');
  });

  it('tells an unknown event type apart from an invalid one', () => {
    const event = createEvent('meeting-booked', EVENT_EXAMPLES['meeting-booked'], meta);
    expect(parseEvent(JSON.stringify({ ...event, type: 'lunch-ordered' }))).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(parseEvent(JSON.stringify({ ...event, version: 9 }))).toMatchObject({
      ok: false,
      reason: 'invalid',
      error: 'meeting-booked version 9 is not a known contract version',
    });
    expect(parseEvent('{not json')).toMatchObject({ ok: false, reason: 'invalid' });
    const missingPayloadField = { ...event, payload: { ...event.payload, handoffId: undefined } };
    expect(parseEvent(JSON.stringify(missingPayloadField))).toMatchObject({ ok: false, error: expect.stringContaining('payload.handoffId') });
  });

  it('puts every topic except dead-letter to use', () => {
    const used = new Set(Object.values(EVENT_CONTRACTS).map((c) => c.topic));
    expect(Object.values(Topics).filter((t) => !used.has(t))).toEqual([Topics.deadLetter]);
  });

  it('has committed JSON Schemas that match the zod contracts (npm run contracts:export)', () => {
    expect(staleJsonSchemaFiles()).toEqual([]);
  });
});
