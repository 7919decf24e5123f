import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { parseInput } from './errors';

const input = z.strictObject({
  signals: z.array(z.strictObject({ signalId: z.string().min(1), occurredAt: z.iso.datetime() })).min(1),
});

describe('parseInput', () => {
  it('returns the parsed value when it is valid', () => {
    const value = { signals: [{ signalId: 's1', occurredAt: '2026-11-24T10:00:00Z' }] };
    expect(parseInput(input, value, 'input')).toEqual(value);
  });

  it('throws BAD_USER_INPUT naming the dotted field path and the rule of every problem', () => {
    let error: GraphQLError | undefined;
    try {
      parseInput(input, { signals: [{ signalId: 's1', occurredAt: '2026-11-24T10:00:00Z' }, { signalId: '', occurredAt: 'noon' }] }, 'input');
    } catch (e) {
      error = e as GraphQLError;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.signals.1.signalId',
      rule: 'Too small: expected string to have >=1 characters',
      problems: [
        { field: 'input.signals.1.signalId', rule: 'Too small: expected string to have >=1 characters' },
        { field: 'input.signals.1.occurredAt', rule: 'Invalid ISO datetime' },
      ],
    });
    expect(error!.message).toBe('input.signals.1.signalId: Too small: expected string to have >=1 characters (and 1 more)');
  });
});
