import { roundsByKey } from './rounds';

type E = { key: string; type: 'x' | 'y'; id: string };
const e = (key: string, type: 'x' | 'y', id: string): E => ({ key, type, id });
const ids = (rounds: E[][]) => rounds.map((round) => round.map((x) => x.id));

describe('roundsByKey', () => {
  it("puts each key's k-th event in round k, keeping the run's order inside a round", () => {
    const run = [e('a', 'x', 'a1'), e('b', 'x', 'b1'), e('a', 'x', 'a2'), e('c', 'x', 'c1'), e('a', 'x', 'a3'), e('b', 'x', 'b2')];
    expect(ids(roundsByKey(run, (x) => x.key))).toEqual([['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']]);
  });

  it('keeps a run of distinct keys in one round, and an empty run in none', () => {
    const run = ['a', 'b', 'c'].map((k) => e(k, 'x', `${k}1`));
    expect(roundsByKey(run, (x) => x.key)).toEqual([run]);
    expect(roundsByKey([], (x: E) => x.key)).toEqual([]);
  });

  it("with `together`, a key's consecutive events of one type stay one stretch, other keys' events in between", () => {
    // a: x x y x — three stretches; b: y x; c: x.
    const run = [e('a', 'x', 'a1'), e('b', 'y', 'b1'), e('a', 'x', 'a2'), e('b', 'x', 'b2'), e('a', 'y', 'a3'), e('c', 'x', 'c1'), e('a', 'x', 'a4')];
    const rounds = roundsByKey(run, (x) => x.key, (previous, next) => previous.type === next.type);
    expect(ids(rounds)).toEqual([['a1', 'b1', 'a2', 'c1'], ['b2', 'a3'], ['a4']]);
    // Every key's events, read round by round, are in the run's order.
    for (const key of ['a', 'b', 'c']) expect(rounds.flat().filter((x) => x.key === key)).toEqual(run.filter((x) => x.key === key));
  });
});
