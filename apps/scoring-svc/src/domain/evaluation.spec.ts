import { applySignal, type SignalOutcome } from './apply-signal';
import type { QualificationState } from './qualification';
import { V1_MODEL as model, signal } from './scoring-model.fixture';
import type { ScoringSignal } from './signal';

/** Feeds signals one by one at `now`, as the service does, and returns every outcome. */
function feed(start: { signals: ScoringSignal[]; state: QualificationState }, added: ScoringSignal[], now: string): SignalOutcome[] {
  let { signals, state } = start;
  return added.map((s) => {
    const outcome = applySignal(signals, s, state, model, new Date(now));
    ({ signals, state } = outcome);
    return outcome;
  });
}

const DAY0 = '2026-11-01T12:00:00.000Z';
/** Intent 25 + webinar 20 + 3 pricing visits 27 = 72, all at DAY0. */
const burst = (at: string) => [
  signal('INTENT_SURGE', at),
  signal('WEBINAR_ATTENDED', at),
  signal('PRICING_PAGE_VISIT', at),
  signal('PRICING_PAGE_VISIT', at),
  signal('PRICING_PAGE_VISIT', at),
];

describe('applySignal', () => {
  it('qualifies on the signal that crosses 60 (25, 45, 54, 63 → qualifies at 63) and only there', () => {
    const outcomes = feed({ signals: [], state: { qualified: false } }, burst(DAY0), DAY0);
    expect(outcomes.map((o) => [o.scoreAfter, o.qualified])).toEqual([
      [25, false],
      [45, false],
      [54, false],
      [63, true],
      [72, false],
    ]);
    expect(outcomes[4].state).toEqual({ qualified: true });
  });

  it('no second qualification while the score stays above the line: 3 days later 72 has decayed to 58.8, a product-page visit (+4) makes 62.8', () => {
    const first = feed({ signals: [], state: { qualified: false } }, burst(DAY0), DAY0);
    const last = first[first.length - 1];
    // intent 25 × 0.5^(3/14) = 21.549, webinar 20 × 0.5^(3/14) = 17.239, pricing 27 × 0.5^(3/7) = 20.061 → 58.85 → 58.8
    const [later] = feed(last, [signal('PRODUCT_PAGE_VISIT', '2026-11-04T12:00:00Z')], '2026-11-04T12:00:00Z');
    expect(later).toMatchObject({ scoreBefore: 58.8, scoreAfter: 62.8, rearmed: false, qualified: false, state: { qualified: true } });
  });

  it('re-arms and qualifies again after decaying below 50 between signals: 45 days later 72 has decayed to 5.2, a new burst qualifies once', () => {
    const first = feed({ signals: [], state: { qualified: false } }, burst(DAY0), DAY0);
    const last = first[first.length - 1];
    const DAY45 = '2026-12-16T12:00:00.000Z';
    const again = feed(last, burst(DAY45), DAY45);
    // intent 25 × 0.5^(45/14) = 2.694, webinar 20 × 0.5^(45/14) = 2.155, pricing 27 × 0.5^(45/7) = 0.313 → 5.16 → 5.2
    expect(again[0]).toMatchObject({ scoreBefore: 5.2, rearmed: true, qualified: false, state: { qualified: false } });
    expect(again.map((o) => o.qualified)).toEqual([false, false, false, true, false]);
  });

  it('a signal in the future (relative to now) is kept but scores nothing yet', () => {
    const [o] = feed({ signals: [], state: { qualified: false } }, [signal('INTENT_SURGE', '2026-11-02T00:00:00Z')], DAY0);
    expect(o).toMatchObject({ scoreBefore: 0, scoreAfter: 0, qualified: false });
    expect(o.signals).toHaveLength(1);
  });
});
