import { scoringSnapshotSchema } from '@handoff-graph/contracts';
import { V1_MODEL as model, V2_MODEL, firmographics, signal } from './scoring-model.fixture';
import { decayedPoints, score, scoreComponents, scoringSnapshot, topContributors, trend } from './score';

const at = (iso: string) => new Date(iso);
const NOW = '2026-11-24T09:00:00.000Z';

describe('decay', () => {
  it('a pricing-page visit 7 days old (half-life 7 d) is worth 9 × 0.5 = 4.5', () => {
    expect(score([signal('PRICING_PAGE_VISIT', '2026-11-17T09:00:00Z')], model, at(NOW))).toBe(4.5);
  });

  it('pricing-page visits 0, 7 and 14 days old: 9 + 4.5 + 2.25 = 15.75 → 15.8', () => {
    const signals = ['2026-11-24T09:00:00Z', '2026-11-17T09:00:00Z', '2026-11-10T09:00:00Z'].map((t) => signal('PRICING_PAGE_VISIT', t));
    expect(score(signals, model, at(NOW))).toBe(15.8);
  });

  it('an intent surge 14 days old (half-life 14 d) is worth 25 × 0.5 = 12.5', () => {
    expect(score([signal('INTENT_SURGE', '2026-11-10T09:00:00Z')], model, at(NOW))).toBe(12.5);
  });

  it('a webinar 7 days old (half-life 14 d) is worth 20 × 0.5^(7/14) = 14.142… → 14.1', () => {
    expect(decayedPoints(20, 14, 7)).toBeCloseTo(14.1421356, 6);
    expect(score([signal('WEBINAR_ATTENDED', '2026-11-17T09:00:00Z')], model, at(NOW))).toBe(14.1);
  });

  it('decays by the hour, not by the day: a visit 12 h old is 9 × 0.5^(0.5/7) = 8.56 → 8.6', () => {
    expect(score([signal('PRICING_PAGE_VISIT', '2026-11-23T21:00:00Z')], model, at(NOW))).toBe(8.6);
  });

  it('two email replies 0 and 10 days old (half-life 10 d): 15 + 7.5 = 22.5', () => {
    const signals = [signal('EMAIL_REPLY', NOW), signal('EMAIL_REPLY', '2026-11-14T09:00:00Z')];
    expect(score(signals, model, at(NOW))).toBe(22.5);
  });

  it('is 0 with no signals', () => {
    expect(score([], model, at(NOW))).toBe(0);
  });
});

describe('window', () => {
  it('an intent surge exactly 90 days old still counts: 25 × 0.5^(90/14) = 0.29 → 0.3', () => {
    expect(score([signal('INTENT_SURGE', '2026-08-26T09:00:00Z')], model, at(NOW))).toBe(0.3);
  });

  it('an intent surge 90 days and 1 second old is ignored → 0', () => {
    expect(score([signal('INTENT_SURGE', '2026-08-26T08:59:59Z')], model, at(NOW))).toBe(0);
  });

  it('a signal after the as-of time is ignored: a visit 1 second in the future → 0', () => {
    expect(score([signal('PRICING_PAGE_VISIT', '2026-11-24T09:00:01Z')], model, at(NOW))).toBe(0);
  });
});

describe('caps and clamping', () => {
  it('5 pricing-page visits now: 5 × 9 = 45, capped at 30', () => {
    const signals = Array.from({ length: 5 }, () => signal('PRICING_PAGE_VISIT', NOW));
    expect(score(signals, model, at(NOW))).toBe(30);
  });

  it('caps per type, not in total: 5 visits (45 → 30) + 2 intent surges (50 → 25) = 55', () => {
    const signals = [
      ...Array.from({ length: 5 }, () => signal('PRICING_PAGE_VISIT', NOW)),
      signal('INTENT_SURGE', NOW),
      signal('INTENT_SURGE', NOW),
    ];
    expect(score(signals, model, at(NOW))).toBe(55);
  });

  it('applies the cap after decay: 3 trial activities now + 3 seven days old = 36 + 18 = 54, capped at 36', () => {
    const signals = [
      ...Array.from({ length: 3 }, () => signal('TRIAL_ACTIVITY', NOW)),
      ...Array.from({ length: 3 }, () => signal('TRIAL_ACTIVITY', '2026-11-17T09:00:00Z')),
    ];
    expect(score(signals, model, at(NOW))).toBe(36);
  });

  it('clamps the total at 100: pricing 30 + intent 25 + webinar 20 + 2 email replies 30 = 105 → 100', () => {
    const signals = [
      ...Array.from({ length: 4 }, () => signal('PRICING_PAGE_VISIT', NOW)),
      signal('INTENT_SURGE', NOW),
      signal('WEBINAR_ATTENDED', NOW),
      signal('EMAIL_REPLY', NOW),
      signal('EMAIL_REPLY', NOW),
    ];
    expect(score(signals, model, at(NOW))).toBe(100);
  });
});

describe('contributors', () => {
  it('names the top three types largest first and drops the fourth: pricing 27, intent 25, webinar 20 (form fill 15 dropped)', () => {
    const signals = [
      signal('FORM_FILL', NOW),
      signal('WEBINAR_ATTENDED', NOW),
      signal('PRICING_PAGE_VISIT', NOW),
      signal('INTENT_SURGE', NOW),
      signal('PRICING_PAGE_VISIT', NOW),
      signal('PRICING_PAGE_VISIT', NOW),
    ];
    const contributors = topContributors(signals, model, at(NOW));
    expect(contributors.map((c) => [c.signalType, c.label, c.points])).toEqual([
      ['PRICING_PAGE_VISIT', 'Pricing-page visits', 27],
      ['INTENT_SURGE', 'Intent surge', 25],
      ['WEBINAR_ATTENDED', 'Webinar attendance', 20],
    ]);
  });

  it('breaks a tie in points by the most recent signal: a form fill now (15) before 2 email replies 10 days old (7.5 + 7.5 = 15)', () => {
    const signals = [signal('EMAIL_REPLY', '2026-11-14T09:00:00Z'), signal('EMAIL_REPLY', '2026-11-14T09:00:00Z'), signal('FORM_FILL', NOW)];
    expect(topContributors(signals, model, at(NOW)).map((c) => [c.signalType, c.points])).toEqual([
      ['FORM_FILL', 15],
      ['EMAIL_REPLY', 15],
    ]);
  });

  it('breaks a tie in points and recency by type name: an email reply and a form fill both now (15 each)', () => {
    const signals = [signal('FORM_FILL', NOW), signal('EMAIL_REPLY', NOW)];
    expect(topContributors(signals, model, at(NOW)).map((c) => c.signalType)).toEqual(['EMAIL_REPLY', 'FORM_FILL']);
  });

  it('evidence for several signals: visits 6, 3 and 0 days old = 9 × (0.5^(6/7) + 0.5^(3/7) + 1) = 20.66 → "3 pricing-page visits in 7 days, +20.7"', () => {
    const signals = [
      signal('PRICING_PAGE_VISIT', '2026-11-18T09:00:00Z', { signalId: 'sig-a' }),
      signal('PRICING_PAGE_VISIT', '2026-11-21T09:00:00Z', { signalId: 'sig-b' }),
      signal('PRICING_PAGE_VISIT', NOW, { signalId: 'sig-c' }),
    ];
    const [c] = topContributors(signals, model, at(NOW));
    expect(c).toEqual({
      signalType: 'PRICING_PAGE_VISIT',
      label: 'Pricing-page visits',
      points: 20.7,
      evidence: '3 pricing-page visits in 7 days, +20.7',
      signalIds: ['sig-c', 'sig-b', 'sig-a'],
    });
  });

  it("evidence for one signal with a detail: \"Intent surge on 'revenue operations' (bombora) on 2026-11-20, +25\"", () => {
    const s = signal('INTENT_SURGE', '2026-11-20T09:00:00Z', { signalId: 'sig-95', source: 'bombora', detail: 'revenue operations' });
    expect(topContributors([s], model, at('2026-11-20T09:00:00Z'))).toEqual([
      {
        signalType: 'INTENT_SURGE',
        label: 'Intent surge',
        points: 25,
        evidence: "Intent surge on 'revenue operations' (bombora) on 2026-11-20, +25",
        signalIds: ['sig-95'],
      },
    ]);
  });

  it('evidence for one signal without a detail: "1 pricing-page visit (website) on 2026-11-24, +9"', () => {
    const [c] = topContributors([signal('PRICING_PAGE_VISIT', NOW)], model, at(NOW));
    expect(c.evidence).toBe('1 pricing-page visit (website) on 2026-11-24, +9');
  });

  it('a capped type shows the capped points and still lists every signal id: "5 pricing-page visits in 1 day, +30"', () => {
    const signals = Array.from({ length: 5 }, (_, i) => signal('PRICING_PAGE_VISIT', NOW, { signalId: `v${i}` }));
    const [c] = topContributors(signals, model, at(NOW));
    expect(c.evidence).toBe('5 pricing-page visits in 1 day, +30');
    expect(c.signalIds.sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  });

  it('leaves out signals outside the window from the evidence and the ids', () => {
    const signals = [signal('PRICING_PAGE_VISIT', NOW, { signalId: 'fresh' }), signal('PRICING_PAGE_VISIT', '2026-08-01T00:00:00Z', { signalId: 'stale' })];
    const [c] = topContributors(signals, model, at(NOW));
    expect(c.signalIds).toEqual(['fresh']);
    expect(c.evidence).toBe('1 pricing-page visit (website) on 2026-11-24, +9');
  });
});

describe('trend', () => {
  it('has 14 days, oldest first, ending on the as-of day', () => {
    const t = trend([signal('INTENT_SURGE', NOW)], model, at(NOW));
    expect(t.daily.map((d) => d.date)).toEqual([
      '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17',
      '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24',
    ]);
  });

  it('an intent surge at 2026-11-20T00:00Z seen at 2026-11-24T00:00Z: 0 until 11-19, end of 11-20 = 25 × 0.5^(1/14) = 23.8, today = 25 × 0.5^(4/14) = 20.5, delta +20.5', () => {
    const t = trend([signal('INTENT_SURGE', '2026-11-20T00:00:00Z')], model, at('2026-11-24T00:00:00Z'));
    expect(t.daily.map((d) => d.score)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 23.8, 22.6, 21.5, 20.5, 20.5]);
    expect(t.delta).toBe(20.5);
  });

  it('an intent surge at 2026-11-10T00:00Z seen at 2026-11-24T00:00Z: end of 11-11 = 25 × 0.5^(2/14) = 22.6, today = 12.5, delta −10.1', () => {
    const t = trend([signal('INTENT_SURGE', '2026-11-10T00:00:00Z')], model, at('2026-11-24T00:00:00Z'));
    expect(t.daily[0]).toEqual({ date: '2026-11-11', score: 22.6 });
    expect(t.daily[13]).toEqual({ date: '2026-11-24', score: 12.5 });
    expect(t.delta).toBe(-10.1);
  });

  it("scores today's point at the as-of time, not at the end of today (a visit later today is not counted yet)", () => {
    const t = trend([signal('PRICING_PAGE_VISIT', '2026-11-24T10:00:00Z')], model, at(NOW));
    expect(t.daily[13].score).toBe(0);
  });
});

describe('snapshot', () => {
  it('satisfies the scoringSnapshot contract with score, threshold, contributors, trend, version and computed-at', () => {
    const signals = [
      signal('PRICING_PAGE_VISIT', NOW),
      signal('PRICING_PAGE_VISIT', '2026-11-23T09:00:00Z'),
      signal('INTENT_SURGE', '2026-11-20T09:00:00Z', { source: 'bombora', detail: 'revenue operations' }),
      signal('WEBINAR_ATTENDED', '2026-11-19T09:00:00Z', { detail: 'Fixing the MQA handoff' }),
      signal('CONTENT_DOWNLOAD', '2026-11-01T09:00:00Z'),
    ];
    const snapshot = scoringSnapshot(signals, model, at(NOW));
    expect(scoringSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot).toMatchObject({ threshold: 60, modelVersion: 'v1', computedAt: NOW });
    expect(snapshot!.contributors).toHaveLength(3);
    expect(snapshot!.trend.daily[13].score).toBe(snapshot!.score);
  });

  it('is null when no signal counts at the as-of time', () => {
    expect(scoringSnapshot([], model, at(NOW))).toBeNull();
    expect(scoringSnapshot([signal('INTENT_SURGE', '2026-01-01T00:00:00Z')], model, at(NOW))).toBeNull();
  });

  it('is deterministic for (signals, model, as-of): the same inputs give the same snapshot', () => {
    const signals = [signal('EMAIL_REPLY', '2026-11-22T13:00:00Z'), signal('TRIAL_ACTIVITY', '2026-11-23T18:30:00Z')];
    expect(scoringSnapshot(signals, model, at(NOW))).toEqual(scoringSnapshot([...signals].reverse(), model, at(NOW)));
  });
});

describe('firmographic fit in the score (v2: Software +6, 200–1000 employees +4, EMEA +3, cap 12)', () => {
  const signals = [signal('INTENT_SURGE', NOW, { signalId: 'i1' }), signal('PRICING_PAGE_VISIT', NOW, { signalId: 'p1' })];

  it('adds the fit to the signal points: intent 25 + pricing 9 + fit 12 = 46', () => {
    expect(score(signals, V2_MODEL, at(NOW), firmographics())).toBe(46);
    expect(score(signals, V2_MODEL, at(NOW), null)).toBe(34);
  });

  it('is a component like the others, ranked by points: intent 25, fit 12 ("Fits the ICP: Software, 200–1000 employees, EMEA, +12"), pricing 9', () => {
    const components = scoreComponents(signals, V2_MODEL, at(NOW), firmographics());
    expect(components.map((c) => [c.kind, c.label, c.points])).toEqual([
      ['SIGNAL', 'Intent surge', 25],
      ['FIT', 'Firmographic fit', 12],
      ['SIGNAL', 'Pricing-page visits', 9],
    ]);
    expect(components[1]).toEqual({
      kind: 'FIT',
      signalType: null,
      label: 'Firmographic fit',
      points: 12,
      uncappedPoints: 13,
      capped: true,
      evidence: 'Fits the ICP: Software, 200–1000 employees, EMEA, +12',
      signalIds: [],
    });
  });

  it('a capped signal type says so: 5 visits now = 45, capped at 30', () => {
    const visits = Array.from({ length: 5 }, () => signal('PRICING_PAGE_VISIT', NOW));
    expect(scoreComponents(visits, model, at(NOW))[0]).toMatchObject({ points: 30, uncappedPoints: 45, capped: true });
  });

  it('the snapshot counts the fit in its score and trend but names only signal contributors (the contract types them by SignalType)', () => {
    const snapshot = scoringSnapshot(signals, V2_MODEL, at(NOW), firmographics())!;
    expect(snapshot.score).toBe(46);
    expect(snapshot.contributors.map((c) => c.signalType)).toEqual(['INTENT_SURGE', 'PRICING_PAGE_VISIT']);
    expect(snapshot.trend.daily[0].score).toBe(12); // 13 days earlier only the fit counted
    expect(scoringSnapshotSchema.safeParse(snapshot).success).toBe(true);
  });

  it('v1 scores no fit even when the firmographics fit', () => {
    expect(score(signals, model, at(NOW), firmographics())).toBe(34);
  });
});
