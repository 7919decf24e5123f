import { addSignals, advanceAggregate, aggregateScore, buildAggregate, type AccountAggregate } from './aggregate';
import { evaluateAt, type EvaluationOutcome } from './evaluation';
import { NEVER_QUALIFIED, type QualificationState } from './qualification';
import { V1_MODEL as model, signal } from './scoring-model.fixture';
import type { ScoringSignal } from './signal';

interface Account {
  aggregate: AccountAggregate;
  state: QualificationState;
  all: ScoringSignal[];
}

/** Counts each group of signals at its instant, as the service does (aggregates moved, then added). */
function feed(account: Account, groups: ScoringSignal[][], now: string, m = model): { account: Account; outcomes: EvaluationOutcome[] } {
  const at = new Date(now);
  let { aggregate, state, all } = account;
  const outcomes = groups.map((group) => {
    const leaving = all.filter((s) => s.occurredAt.getTime() < at.getTime() - 90 * 86_400_000);
    aggregate = advanceAggregate(aggregate, m, at, leaving);
    const before = aggregateScore(aggregate, m, at, 0);
    aggregate = addSignals(aggregate, m, group);
    all = [...all, ...group];
    const outcome = evaluateAt(state, before, aggregateScore(aggregate, m, at, 0), m, at);
    state = outcome.state;
    return outcome;
  });
  return { account: { aggregate, state, all }, outcomes };
}

const DAY0 = '2026-11-01T12:00:00.000Z';
const fresh = (): Account => ({ aggregate: buildAggregate([], model, new Date(DAY0)), state: NEVER_QUALIFIED, all: [] });
/** Intent 25 + webinar 20 + 3 pricing visits 27 = 72, all at `at`. */
const burst = (at: string) => [
  signal('INTENT_SURGE', at),
  signal('WEBINAR_ATTENDED', at),
  signal('PRICING_PAGE_VISIT', at),
  signal('PRICING_PAGE_VISIT', at),
  signal('PRICING_PAGE_VISIT', at),
];
const oneByOne = (signals: ScoringSignal[]) => signals.map((s) => [s]);

describe('evaluateAt', () => {
  it('signals counted one evaluation each: 25, 45, 54, 63 → qualifies at 63 and only there (72 after)', () => {
    const { outcomes } = feed(fresh(), oneByOne(burst(DAY0)), DAY0);
    expect(outcomes.map((o) => [o.scoreAfter, o.qualified])).toEqual([
      [25, false],
      [45, false],
      [54, false],
      [63, true],
      [72, false],
    ]);
    expect(outcomes[4].state).toEqual({ qualified: true, lastQualifiedAt: new Date(DAY0) });
  });

  it('a batch counted at one instant is one evaluation: 0 → 72 qualifies once', () => {
    const { outcomes } = feed(fresh(), [burst(DAY0)], DAY0);
    expect(outcomes).toEqual([{ scoreBefore: 0, scoreAfter: 72, state: { qualified: true, lastQualifiedAt: new Date(DAY0) }, rearmed: false, qualified: true, coolingDown: false }]);
  });

  it('no second qualification while the score stays above the line: 3 days later 72 has decayed to 58.8, a product-page visit (+4) makes 62.8', () => {
    const { account } = feed(fresh(), [burst(DAY0)], DAY0);
    // intent 25 × 0.5^(3/14) = 21.549, webinar 20 × 0.5^(3/14) = 17.239, pricing 27 × 0.5^(3/7) = 20.061 → 58.85 → 58.8
    const { outcomes } = feed(account, [[signal('PRODUCT_PAGE_VISIT', '2026-11-04T12:00:00Z')]], '2026-11-04T12:00:00Z');
    expect(outcomes[0]).toMatchObject({ scoreBefore: 58.8, scoreAfter: 62.8, rearmed: false, qualified: false, state: { qualified: true } });
  });

  it('re-arms and qualifies again after decaying below 50 between signals: 45 days later 72 has decayed to 5.2, a new burst qualifies once', () => {
    const { account } = feed(fresh(), [burst(DAY0)], DAY0);
    const DAY45 = '2026-12-16T12:00:00.000Z';
    const { outcomes } = feed(account, oneByOne(burst(DAY45)), DAY45);
    // intent 25 × 0.5^(45/14) = 2.694, webinar 20 × 0.5^(45/14) = 2.155, pricing 27 × 0.5^(45/7) = 0.313 → 5.16 → 5.2
    expect(outcomes[0]).toMatchObject({ scoreBefore: 5.2, rearmed: true, qualified: false, state: { qualified: false } });
    expect(outcomes.map((o) => o.qualified)).toEqual([false, false, false, true, false]);
  });

  it('with a 30-day cooldown, re-armed 20 days after qualifying (72 → 20.4 < 50), a new burst reaching 75 is COOLING_DOWN; a burst at day 30 qualifies', () => {
    const cooled = { ...model, cooldownDays: 30 };
    const { account } = feed(fresh(), [burst(DAY0)], DAY0, cooled);
    const DAY20 = '2026-11-21T12:00:00.000Z';
    // before: intent 25 × 0.5^(20/14) = 9.275, webinar 7.420, pricing 27 × 0.5^(20/7) = 3.749 → 20.4;
    // after, capped per type: intent min(25, 34.3) + webinar min(20, 27.4) + pricing min(30, 30.7) = 75
    const { outcomes, account: later } = feed(account, [burst(DAY20)], DAY20, cooled);
    expect(outcomes[0]).toMatchObject({ scoreBefore: 20.4, scoreAfter: 75, rearmed: true, qualified: false, coolingDown: true });
    expect(later.state).toEqual({ qualified: false, lastQualifiedAt: new Date(DAY0) });
    // At DAY0 + 30 d the cooldown is over: another burst (capped again at 75) qualifies it.
    const DAY30 = '2026-12-01T12:00:00.000Z';
    const { outcomes: after } = feed(later, [burst(DAY30)], DAY30, cooled);
    expect(after[0]).toMatchObject({ qualified: true, coolingDown: false, state: { qualified: true, lastQualifiedAt: new Date(DAY30) } });
  });

  it('a signal in the future (relative to now) is kept out of the sums: it scores nothing yet', () => {
    const { outcomes } = feed(fresh(), [[signal('INTENT_SURGE', '2026-11-02T00:00:00Z')]], DAY0);
    expect(outcomes[0]).toMatchObject({ scoreBefore: 0, scoreAfter: 0, qualified: false });
  });
});
