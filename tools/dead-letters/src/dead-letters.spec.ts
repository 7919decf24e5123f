import { EVENT_EXAMPLES, createEvent, toMessage, type DeadLetter } from '@handoff-graph/contracts';
import { parseArgs, kafkaTargetFromEnv } from './cli';
import { REPLAYED_FROM_HEADER, formatLetters, parseDeadLetters, replayMessages, selectLetters } from './dead-letters';

function letter(overrides: Partial<DeadLetter>): DeadLetter {
  const event = createEvent('meeting-booked', EVENT_EXAMPLES['meeting-booked'], { aggregateId: 'acc-northwind', producer: 'spec' });
  return {
    originalTopic: 'feedback-events',
    partition: 1,
    offset: '41',
    key: 'acc-northwind',
    consumerGroup: 'scoring-svc',
    errorKind: 'processing',
    error: 'meeting-booked failed 5 times: connection reset',
    value: toMessage(event).value,
    headers: {},
    failedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

const stored = (l: DeadLetter, offset: string) => ({ partition: 0, offset, value: JSON.stringify(l) });

describe('parseDeadLetters', () => {
  it('reads letters with the original event id and type, oldest first, and sets aside what is not a letter', () => {
    const late = letter({ failedAt: '2026-11-25T11:00:00.000Z' });
    const early = letter({ failedAt: '2026-11-25T09:00:00.000Z', consumerGroup: 'feedback-svc' });
    const { entries, unreadable } = parseDeadLetters([stored(late, '0'), { partition: 0, offset: '1', value: 'not json' }, stored(early, '2'), { partition: 0, offset: '3', value: '{"originalTopic":""}' }]);
    expect(entries.map((e) => e.letter.consumerGroup)).toEqual(['feedback-svc', 'scoring-svc']);
    expect(entries[0]).toMatchObject({ offset: '2', type: 'meeting-booked', eventId: JSON.parse(early.value).eventId });
    expect(unreadable).toEqual([
      { partition: 0, offset: '1', problem: 'not JSON' },
      expect.objectContaining({ partition: 0, offset: '3', problem: expect.stringContaining('originalTopic') }),
    ]);
  });

  it('keeps a letter whose original value is not an envelope (a validation failure), without id or type', () => {
    const { entries } = parseDeadLetters([stored(letter({ errorKind: 'validation', value: '{oops' }), '0')]);
    expect(entries[0]).toMatchObject({ eventId: null, type: null });
  });
});

describe('selectLetters', () => {
  const { entries } = parseDeadLetters([
    stored(letter({ consumerGroup: 'scoring-svc', failedAt: '2026-11-25T08:00:00.000Z' }), '0'),
    stored(letter({ consumerGroup: 'feedback-svc', errorKind: 'validation', failedAt: '2026-11-25T09:00:00.000Z' }), '1'),
    stored(letter({ consumerGroup: 'scoring-svc', failedAt: '2026-11-25T10:00:00.000Z' }), '2'),
  ]);

  it('filters by group, error kind, event id and time', () => {
    expect(selectLetters(entries, { group: 'scoring-svc' }).map((e) => e.offset)).toEqual(['0', '2']);
    expect(selectLetters(entries, { errorKind: 'validation' }).map((e) => e.offset)).toEqual(['1']);
    expect(selectLetters(entries, { eventIds: [entries[2].eventId!] }).map((e) => e.offset)).toEqual(['2']);
    expect(selectLetters(entries, { since: new Date('2026-11-25T09:00:00.000Z') }).map((e) => e.offset)).toEqual(['1', '2']);
    expect(selectLetters(entries, {})).toHaveLength(3);
  });
});

describe('replayMessages', () => {
  it('republishes the original bytes under the original key, once per original message, naming the letter', () => {
    const original = letter({ headers: { traceparent: 't-1' } });
    const { entries } = parseDeadLetters([stored(original, '7'), { ...stored({ ...original, consumerGroup: 'feedback-svc' }, '8') }]);
    expect(replayMessages(entries)).toEqual([
      { topic: 'feedback-events', key: 'acc-northwind', value: original.value, headers: { traceparent: 't-1', [REPLAYED_FROM_HEADER]: '0:7' } },
    ]);
  });
});

describe('formatLetters', () => {
  it('prints one line per letter with its group, origin, kind and error', () => {
    const { entries } = parseDeadLetters([stored(letter({ error: 'meeting-booked failed\n5 times' }), '3')]);
    const lines = formatLetters(entries).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('scoring-svc');
    expect(lines[1]).toContain('feedback-events[1]@41');
    expect(lines[1]).toContain('processing');
    expect(lines[1]).toContain('meeting-booked failed 5 times');
    expect(formatLetters([])).toBe('no dead letters match');
  });
});

describe('the command line', () => {
  it('parses filters and refuses a replay without a selection', () => {
    expect(parseArgs(['list', '--group', 'scoring-svc', '--error-kind', 'processing', '--json'])).toMatchObject({ command: 'list', json: true, filter: { group: 'scoring-svc', errorKind: 'processing' } });
    expect(parseArgs(['replay', '--event-id', 'a', '--event-id', 'b', '--dry-run'])).toMatchObject({ dryRun: true, filter: { eventIds: ['a', 'b'] } });
    expect(() => parseArgs(['replay'])).toThrow('replay needs --group, --event-id or --all');
    expect(() => parseArgs(['list', '--error-kind', 'other'])).toThrow('--error-kind must be validation or processing');
    expect(() => parseArgs(['list', '--since', 'last week'])).toThrow('--since must be an ISO date-time');
    expect(() => parseArgs(['list', '--group'])).toThrow('--group needs a value');
    expect(() => parseArgs(['purge'])).toThrow('the first argument must be list or replay');
  });

  it('needs KAFKA_BROKERS and explains where the embedded stack keeps its dead letters', () => {
    expect(() => kafkaTargetFromEnv({})).toThrow('KAFKA_BROKERS is not set');
    expect(kafkaTargetFromEnv({ KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094', KAFKA_TOPIC_PREFIX: 'staging' })).toEqual({ brokers: ['127.0.0.1:9092', '127.0.0.1:9094'], prefix: 'staging' });
  });
});
