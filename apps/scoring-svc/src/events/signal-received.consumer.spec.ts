import { EVENT_EXAMPLES, createEvent } from '@handoff-graph/contracts';
import { roundsByAccount } from './signal-received.consumer';

const signal = (accountId: string, signalId: string) =>
  createEvent('signal-received', { ...EVENT_EXAMPLES['signal-received'], accountId, signalId }, { aggregateId: accountId, producer: 'spec' });

describe('roundsByAccount', () => {
  it("puts each account's k-th signal in round k, keeping the run's order inside a round", () => {
    const run = [signal('a', 'a1'), signal('b', 'b1'), signal('a', 'a2'), signal('c', 'c1'), signal('a', 'a3'), signal('b', 'b2')];
    expect(roundsByAccount(run).map((round) => round.map((e) => e.payload.signalId))).toEqual([['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']]);
  });

  it('keeps a run of distinct accounts in one round, and an empty run in none', () => {
    const run = ['a', 'b', 'c'].map((id) => signal(id, `${id}1`));
    expect(roundsByAccount(run)).toEqual([run]);
    expect(roundsByAccount([])).toEqual([]);
  });
});
