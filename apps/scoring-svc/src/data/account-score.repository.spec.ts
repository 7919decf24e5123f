import type { AccountAggregate } from '../domain/aggregate';
import { changedAggregateTypes, combineStatements } from './account-score.repository';

const T = new Date('2026-11-24T09:00:00Z');
const aggregate = (types: AccountAggregate['types']): AccountAggregate => ({ modelVersion: 'v1', windowFrom: new Date(T.getTime() - 90 * 86_400_000), windowTo: T, types });

describe('combineStatements: several writes sent as one statement', () => {
  it('one statement stays as it is; none is empty', () => {
    expect(combineStatements(['INSERT INTO a VALUES (1)'])).toBe('INSERT INTO a VALUES (1)');
    expect(combineStatements([])).toBe('');
  });

  it('the others become data-modifying WITH entries before the last', () => {
    expect(combineStatements(['INSERT INTO a VALUES ($1)', 'DELETE FROM b WHERE x = $2', 'INSERT INTO c VALUES ($3)'])).toBe(
      'WITH s0 AS (INSERT INTO a VALUES ($1)),\ns1 AS (DELETE FROM b WHERE x = $2)\nINSERT INTO c VALUES ($3)',
    );
  });
});

describe('changedAggregateTypes: only the sums an evaluation changed are written', () => {
  const intent = { sum: 25, count: 1, refTime: T };
  const pricing = { sum: 9, count: 1, refTime: T };

  it('a type whose sum object is the stored one is left alone; a new or re-based one is written', () => {
    const before = aggregate({ INTENT_SURGE: intent, PRICING_PAGE_VISIT: pricing });
    const after = aggregate({ INTENT_SURGE: intent, PRICING_PAGE_VISIT: { sum: 18, count: 2, refTime: T }, EMAIL_REPLY: { sum: 15, count: 1, refTime: T } });
    expect(changedAggregateTypes([{ accountId: 'acc-a', aggregate: after, before }])).toEqual([
      { accountId: 'acc-a', signalType: 'PRICING_PAGE_VISIT', sum: 18, count: 2, refTime: T },
      { accountId: 'acc-a', signalType: 'EMAIL_REPLY', sum: 15, count: 1, refTime: T },
    ]);
  });

  it('after a rebuild (nothing stored under the model) every type is written, for each account', () => {
    const rebuilt = aggregate({ INTENT_SURGE: intent });
    const unchanged = aggregate({ PRICING_PAGE_VISIT: pricing });
    expect(
      changedAggregateTypes([
        { accountId: 'acc-a', aggregate: rebuilt, before: null },
        { accountId: 'acc-b', aggregate: unchanged, before: unchanged },
      ]),
    ).toEqual([{ accountId: 'acc-a', signalType: 'INTENT_SURGE', sum: 25, count: 1, refTime: T }]);
  });
});
