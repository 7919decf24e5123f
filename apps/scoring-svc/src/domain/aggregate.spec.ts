import { SIGNAL_TYPES } from '@handoff-graph/contracts';
import {
  addSignals,
  advanceAggregate,
  aggregateScore,
  buildAggregate,
  countedSignals,
  decayedSum,
  isCrossingCandidate,
  typePoints,
  windowMove,
  type AccountAggregate,
  type AggregateSignal,
} from './aggregate';
import { contributionsByType, score } from './score';
import { V1_MODEL as model, signal } from './scoring-model.fixture';
import type { ScoringSignal } from './signal';
import { DAY_MS } from './time';

const T0 = new Date('2026-09-01T00:00:00Z');
const day = (d: number) => new Date(T0.getTime() + d * DAY_MS);
const iso = (d: number) => day(d).toISOString();

/** What the service does: query the stored signals that crossed the window, move it, then add the new ones. */
function moveTo(agg: AccountAggregate, stored: AggregateSignal[], to: Date): AccountAggregate {
  const { leaving, entering } = windowMove(agg, to);
  const crossing = stored.filter((s) => {
    const t = s.occurredAt.getTime();
    return (t >= leaving.from.getTime() && t < leaving.before.getTime()) || (t > entering.after.getTime() && t <= entering.through.getTime());
  });
  return advanceAggregate(agg, model, to, crossing);
}

describe('incremental aggregates: exponential decay composes', () => {
  it('pricing visits at day 0 and day 7: the sum moved to day 7 is 9 × 0.5 + 9 = 13.5, the full recomputation says the same', () => {
    const first = signal('PRICING_PAGE_VISIT', iso(0));
    let agg = addSignals(buildAggregate([], model, day(0)), model, [first]);
    expect(agg.types.PRICING_PAGE_VISIT).toEqual({ sum: 9, count: 1, refTime: day(0) });
    agg = moveTo(agg, [first], day(7));
    const second = signal('PRICING_PAGE_VISIT', iso(7));
    agg = addSignals(agg, model, [second]);
    expect(agg.types.PRICING_PAGE_VISIT).toEqual({ sum: 13.5, count: 2, refTime: day(7) });
    expect(aggregateScore(agg, model, day(7), 0)).toBe(13.5);
    expect(score([first, second], model, day(7))).toBe(13.5);
  });

  it('decays without a new signal: 13.5 at day 7 is 6.75 at day 14 (= 9 × 0.25 + 9 × 0.5), shown 6.8', () => {
    const signals = [signal('PRICING_PAGE_VISIT', iso(0)), signal('PRICING_PAGE_VISIT', iso(7))];
    const agg = addSignals(buildAggregate([], model, day(7)), model, signals);
    expect(typePoints(agg, model, day(14)).PRICING_PAGE_VISIT).toBeCloseTo(6.75, 12);
    expect(aggregateScore(agg, model, day(14), 0)).toBe(6.8);
    expect(score(signals, model, day(14))).toBe(6.8);
  });

  it('the cap applies to the decayed sum, not before decay: 5 visits at day 0 = 45 (capped 30 then); at day 7 the sum is 22.5, under the cap', () => {
    const signals = Array.from({ length: 5 }, () => signal('PRICING_PAGE_VISIT', iso(0)));
    const agg = addSignals(buildAggregate([], model, day(0)), model, signals);
    expect(aggregateScore(agg, model, day(0), 0)).toBe(30);
    const later = moveTo(agg, signals, day(7));
    expect(decayedSum(later.types.PRICING_PAGE_VISIT!, 7, day(7))).toBeCloseTo(22.5, 12);
    expect(aggregateScore(later, model, day(7), 0)).toBe(22.5);
    expect(score(signals, model, day(7))).toBe(22.5);
  });

  it('adds the fit points and clamps at 100 like score()', () => {
    const signals = [
      ...Array.from({ length: 4 }, () => signal('PRICING_PAGE_VISIT', iso(0))),
      signal('INTENT_SURGE', iso(0)),
      signal('WEBINAR_ATTENDED', iso(0)),
      signal('EMAIL_REPLY', iso(0)),
    ];
    const agg = addSignals(buildAggregate([], model, day(0)), model, signals);
    // 30 + 25 + 20 + 15 = 90, + fit 8 = 98; + fit 12 = 102 → 100
    expect(aggregateScore(agg, model, day(0), 8)).toBe(98);
    expect(aggregateScore(agg, model, day(0), 12)).toBe(100);
  });
});

describe('incremental aggregates: the 90-day cut-off stays exact', () => {
  const surge = signal('INTENT_SURGE', iso(0));
  const start = addSignals(buildAggregate([], model, day(0)), model, [surge]);

  it('an intent surge exactly 90 days old still counts: 25 × 0.5^(90/14) = 0.29 → 0.3', () => {
    const agg = moveTo(start, [surge], day(90));
    expect(agg.types.INTENT_SURGE!.count).toBe(1);
    expect(aggregateScore(agg, model, day(90), 0)).toBe(0.3);
  });

  it('90 days and 1 second later it has left: subtracted once, the sum is exactly 0 and the count 0', () => {
    const agg = moveTo(start, [surge], new Date(day(90).getTime() + 1000));
    expect(agg.types.INTENT_SURGE).toEqual({ sum: 0, count: 0, refTime: new Date(day(90).getTime() + 1000) });
    expect(aggregateScore(agg, model, agg.windowTo, 0)).toBe(0);
    expect(countedSignals(agg)).toBe(0);
  });

  it('of two surges (day 0 and day 50) at day 100 only the second counts: 25 × 0.5^(50/14) = 2.1', () => {
    const second = signal('INTENT_SURGE', iso(50));
    const agg = moveTo(addSignals(moveTo(start, [surge], day(50)), model, [second]), [surge, second], day(100));
    expect(agg.types.INTENT_SURGE!.count).toBe(1);
    expect(agg.types.INTENT_SURGE!.sum).toBeCloseTo(25 * 0.5 ** (50 / 14), 12);
    expect(aggregateScore(agg, model, day(100), 0)).toBe(2.1);
    expect(score([surge, second], model, day(100))).toBe(2.1);
  });

  it('a signal dated in the future is not added when recorded; it enters when the window reaches it (visit dated day 3, recorded day 1 → 9 at day 3)', () => {
    const future = signal('PRICING_PAGE_VISIT', iso(3));
    const recorded = addSignals(buildAggregate([], model, day(1)), model, [future]);
    expect(countedSignals(recorded)).toBe(0);
    expect(aggregateScore(moveTo(recorded, [future], day(2)), model, day(2), 0)).toBe(0);
    const reached = moveTo(recorded, [future], day(3));
    expect(reached.types.PRICING_PAGE_VISIT).toEqual({ sum: 9, count: 1, refTime: day(3) });
  });

  it('a future signal that entered and left while nobody looked counts nothing (dated day 3, next look day 100)', () => {
    const future = signal('PRICING_PAGE_VISIT', iso(3));
    const recorded = addSignals(buildAggregate([], model, day(1)), model, [future]);
    expect(countedSignals(moveTo(recorded, [future], day(100)))).toBe(0);
  });

  it('a signal older than 90 days on arrival is never added (and so never subtracted)', () => {
    const stale = signal('WEBINAR_ATTENDED', iso(0));
    const agg = addSignals(buildAggregate([], model, day(95)), model, [stale]);
    expect(countedSignals(agg)).toBe(0);
    expect(countedSignals(moveTo(agg, [stale], day(120)))).toBe(0);
  });

  it('never moves back: a clock behind the last evaluation leaves the aggregate as it is', () => {
    const agg = moveTo(start, [surge], day(10));
    expect(moveTo(agg, [surge], day(5))).toBe(agg);
  });

  it('rebuilding from the counted signals equals the incremental result', () => {
    const signals = [signal('EMAIL_REPLY', iso(0)), signal('EMAIL_REPLY', iso(30)), signal('FORM_FILL', iso(60))];
    let agg = buildAggregate([], model, day(0));
    agg = addSignals(agg, model, [signals[0]]);
    agg = addSignals(moveTo(agg, signals.slice(0, 1), day(30)), model, [signals[1]]);
    agg = addSignals(moveTo(agg, signals.slice(0, 2), day(60)), model, [signals[2]]);
    agg = moveTo(agg, signals, day(95));
    const rebuilt = buildAggregate(signals, model, day(95));
    for (const type of ['EMAIL_REPLY', 'FORM_FILL'] as const) {
      expect(agg.types[type]!.count).toBe(rebuilt.types[type]!.count);
      const halfLife = model.rules[type].halfLifeDays;
      expect(decayedSum(agg.types[type]!, halfLife, day(95))).toBeCloseTo(decayedSum(rebuilt.types[type]!, halfLife, day(95)), 10);
    }
  });
});

describe('what the read before scoring returns for moving an aggregate (isCrossingCandidate)', () => {
  // The window [day 0, day 90], looked at again on day 100.
  const agg = buildAggregate([], model, day(90));
  const candidate = (d: number, now = 100) => isCrossingCandidate(agg, day(d), day(now));

  it('a signal that left the window since (day 0 … before day 10) is read; one still inside it (day 10 … day 90) is not', () => {
    expect([candidate(0), candidate(5), candidate(9.99)]).toEqual([true, true, true]);
    expect([candidate(10), candidate(50), candidate(90)]).toEqual([false, false, false]);
  });

  it('every signal dated after the old window is read (entering, or later than now: advanceAggregate leaves that one alone); one before it is not', () => {
    expect([candidate(90.01), candidate(100), candidate(130)]).toEqual([true, true, true]);
    expect(candidate(-1)).toBe(false);
    const later = signal('PRICING_PAGE_VISIT', iso(130));
    expect(advanceAggregate(agg, model, day(100), [later])).toEqual(advanceAggregate(agg, model, day(100), []));
  });

  it('with the clock behind the window (now day 80) nothing leaves: only signals after day 90 are read', () => {
    expect([candidate(0, 80), candidate(89, 80), candidate(91, 80)]).toEqual([false, false, true]);
  });
});

/** A small deterministic PRNG (mulberry32), so the randomized check is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('incremental aggregates against the full recomputation (randomized, seeded)', () => {
  it('over 4 accounts × 250 evaluations in 400 days, with late, future and stale signals, every score is equal and every type sum within 1e-9', () => {
    const random = prng(20261124);
    let compared = 0;
    for (let account = 0; account < 4; account++) {
      const stored: ScoringSignal[] = [];
      let now = 0;
      let agg = buildAggregate([], model, day(0));
      for (let step = 0; step < 250; step++) {
        now += random() * 2.7; // days; sometimes several evaluations a day, sometimes a gap
        const at = day(now);
        // What the service does: move it with every stored signal the read returns — the same aggregate as with windowMove's exact ranges.
        const moved = advanceAggregate(agg, model, at, stored.filter((s) => isCrossingCandidate(agg, s.occurredAt, at)));
        expect(moved).toEqual(moveTo(agg, stored, at));
        agg = moved;
        const batch = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
          const type = SIGNAL_TYPES[Math.floor(random() * SIGNAL_TYPES.length)];
          // mostly recent; some late (up to 120 days old, some beyond the window), some dated up to 5 days ahead
          const offset = random() < 0.1 ? random() * 5 : -(random() < 0.15 ? random() * 120 : random() * 3);
          return signal(type, day(now + offset).toISOString());
        });
        agg = addSignals(agg, model, batch);
        stored.push(...batch);
        const full = contributionsByType(stored, model, at);
        const incremental = typePoints(agg, model, at);
        for (const c of full) expect(Math.abs(c.points - (incremental[c.signalType] ?? 0))).toBeLessThan(1e-9);
        expect(Object.keys(incremental).filter((t) => (incremental[t as keyof typeof incremental] ?? 0) > 1e-9).sort()).toEqual(
          full.filter((c) => c.points > 1e-9).map((c) => c.signalType).sort(),
        );
        expect(aggregateScore(agg, model, at, 0)).toBe(score(stored, model, at));
        compared++;
      }
    }
    expect(compared).toBe(1000);
  });
});
