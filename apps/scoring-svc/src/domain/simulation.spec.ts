import type { SignalType } from '@handoff-graph/contracts';
import { V1_MODEL as model } from './scoring-model.fixture';
import { attributeOutcomes, replayAccount, simulateThreshold, type AccountHistory, type FeedbackOutcome } from './simulation';
import { isoWeek, isoWeekStart } from './time';

const at = (date: string) => new Date(`${date}T10:00:00Z`);
const signals = (date: string, types: [SignalType, number][]) => types.flatMap(([type, n]) => Array.from({ length: n }, () => ({ signalType: type, occurredAt: at(date) })));
const history = (accountId: string, ...lists: ReturnType<typeof signals>[]): AccountHistory => ({ accountId, signals: lists.flat(), fitPoints: 0 });
const feedback = (accountId: string, kind: FeedbackOutcome['kind'], date: string, reason: FeedbackOutcome['reason'] = null): FeedbackOutcome => ({
  accountId,
  kind,
  at: new Date(`${date}T15:00:00Z`),
  reason,
});

/**
 * A seeded history, v1 rules, simulated 2026-11-02 (Mon, W45) to 2026-11-22 (Sun, W47), threshold 70 against 60:
 * - A: 11-02 intent 25 + webinar 20 + 2 pricing 18 = 63 (qualifies at 60, not 70); 11-04 the 63 has decayed to
 *   22.64 + 18.11 + 14.78 = 55.5, + form fill 15 = 70.5 (qualifies at 70). Rep rejected 11-03: NO_BUDGET_OR_TIMING.
 * - E: 10-20 (warm-up) intent + webinar + 3 pricing = 72 (qualifies at both; rejected 10-21, which belongs to that
 *   warm-up qualification). 11-03 the 72 is 12.5 + 10 + 6.75 = 29.25 < 50, re-armed; the same burst gives
 *   min(25, 37.5) + min(20, 30) + min(30, 33.75) = 75: qualifies at both. Meeting booked 11-05.
 * - B: 11-10 intent + webinar + 3 pricing = 72: qualifies at both. Meeting booked 11-12.
 * - C: 11-11 intent 25 + email reply 15 + form fill 15 + pricing 9 = 64: qualifies at 60 only. Rejected 11-12: NO_FIT.
 * - D: 11-17 webinar 20 + email reply 15 + form fill 15 + 3 product visits 12 = 62: qualifies at 60 only; no verdict.
 */
const burst: [SignalType, number][] = [
  ['INTENT_SURGE', 1],
  ['WEBINAR_ATTENDED', 1],
  ['PRICING_PAGE_VISIT', 3],
];
const histories = [
  history('acc-a', signals('2026-11-02', [['INTENT_SURGE', 1], ['WEBINAR_ATTENDED', 1], ['PRICING_PAGE_VISIT', 2]]), signals('2026-11-04', [['FORM_FILL', 1]])),
  history('acc-e', signals('2026-10-20', burst), signals('2026-11-03', burst)),
  history('acc-b', signals('2026-11-10', burst)),
  history('acc-c', signals('2026-11-11', [['INTENT_SURGE', 1], ['EMAIL_REPLY', 1], ['FORM_FILL', 1], ['PRICING_PAGE_VISIT', 1]])),
  history('acc-d', signals('2026-11-17', [['WEBINAR_ATTENDED', 1], ['EMAIL_REPLY', 1], ['FORM_FILL', 1], ['PRODUCT_PAGE_VISIT', 3]])),
];
const verdicts = [
  feedback('acc-a', 'HANDOFF_REJECTED', '2026-11-03', 'NO_BUDGET_OR_TIMING'),
  feedback('acc-e', 'HANDOFF_REJECTED', '2026-10-21', 'NO_NEED'),
  feedback('acc-e', 'MEETING_BOOKED', '2026-11-05'),
  feedback('acc-b', 'MEETING_BOOKED', '2026-11-12'),
  feedback('acc-c', 'HANDOFF_REJECTED', '2026-11-12', 'NO_FIT'),
];
const FROM = new Date('2026-11-02T00:00:00.000Z');
const TO = new Date('2026-11-22T23:59:59.999Z');

describe('replayAccount', () => {
  it('A qualifies at 60 on 11-02 (63) and at 70 only on 11-04 (70.5)', () => {
    expect(replayAccount(histories[0], model, 60, TO)).toEqual([{ accountId: 'acc-a', at: at('2026-11-02'), score: 63 }]);
    expect(replayAccount(histories[0], model, 70, TO)).toEqual([{ accountId: 'acc-a', at: at('2026-11-04'), score: 70.5 }]);
  });

  it('E qualifies in the warm-up (10-20, 72), re-arms at 29.3 and qualifies again on 11-03 (75)', () => {
    expect(replayAccount(histories[1], model, 60, TO).map((q) => [q.at, q.score])).toEqual([
      [at('2026-10-20'), 72],
      [at('2026-11-03'), 75],
    ]);
  });

  it('hysteresis: hovering 61 → decays → 61 again without falling below 50 qualifies once', () => {
    const hovering = history('acc-h', signals('2026-11-02', [['INTENT_SURGE', 1], ['WEBINAR_ATTENDED', 1], ['EMAIL_REPLY', 1], ['PRODUCT_PAGE_VISIT', 1]]), signals('2026-11-03', [['PRODUCT_PAGE_VISIT', 1]]));
    // 64 on 11-02; on 11-03 64 has decayed to 24.15 + 19.02 + 14.05 + 3.62 = 60.8 (> 50, no re-arm), + 4 = 64.8
    expect(replayAccount(hovering, model, 60, TO)).toHaveLength(1);
  });

  it('the cooldown holds back a re-armed account: E with a 30-day cooldown does not qualify again 14 days later', () => {
    expect(replayAccount(histories[1], { ...model, cooldownDays: 30 }, 60, TO).map((q) => q.at)).toEqual([at('2026-10-20')]);
  });
});

describe('attributeOutcomes', () => {
  it('feedback 1 day before a qualification (within 14 days) belongs to it; a meeting outranks a rejection', () => {
    const q = { accountId: 'acc-a', at: at('2026-11-04'), score: 70.5 };
    expect(attributeOutcomes([q], [feedback('acc-a', 'HANDOFF_REJECTED', '2026-11-03', 'NO_NEED')])[0].outcome).toEqual({ kind: 'REJECTED', reason: 'NO_NEED' });
    expect(
      attributeOutcomes([q], [feedback('acc-a', 'HANDOFF_REJECTED', '2026-11-05', 'NO_NEED'), feedback('acc-a', 'MEETING_BOOKED', '2026-11-20')])[0].outcome,
    ).toEqual({ kind: 'MEETING' });
  });

  it('feedback 31 days after, or 15 days before, belongs to nothing', () => {
    const q = { accountId: 'acc-a', at: at('2026-11-04'), score: 70.5 };
    expect(attributeOutcomes([q], [feedback('acc-a', 'MEETING_BOOKED', '2026-12-05'), feedback('acc-a', 'MEETING_BOOKED', '2026-10-20')])[0].outcome).toEqual({ kind: 'NONE' });
  });
});

describe('simulateThreshold on the seeded history (70 against 60, 2026-11-02 … 2026-11-22)', () => {
  const result = simulateThreshold({ histories, feedback: verdicts, model, threshold: 70, from: FROM, to: TO });

  it('at 60: 5 qualifications (A, E, B, C, D), 2 meetings (E, B), 2 rejections (A no budget, C no fit), 1 without a verdict (D): 40% / 40%', () => {
    expect(result.current).toEqual({
      threshold: 60,
      qualifications: 5,
      accounts: 5,
      meetings: 2,
      rejections: 2,
      withoutOutcome: 1,
      conversionRate: 0.4,
      rejectionRate: 0.4,
      rejectionsByReason: [
        { reason: 'NO_BUDGET_OR_TIMING', count: 1, rate: 0.2 },
        { reason: 'NO_FIT', count: 1, rate: 0.2 },
      ],
    });
  });

  it('at 70: 3 qualifications (A on 11-04, E, B), 2 meetings, 1 rejection (A, given the day before): 66.67% / 33.33%', () => {
    expect(result.candidate).toEqual({
      threshold: 70,
      qualifications: 3,
      accounts: 3,
      meetings: 2,
      rejections: 1,
      withoutOutcome: 0,
      conversionRate: 0.6667,
      rejectionRate: 0.3333,
      rejectionsByReason: [{ reason: 'NO_BUDGET_OR_TIMING', count: 1, rate: 0.3333 }],
    });
  });

  it('per ISO week: W45 2 vs 2, W46 1 vs 2, W47 0 vs 1', () => {
    expect(result.weeks.map((w) => [w.week, w.startsOn, w.candidate.qualifications, w.current.qualifications])).toEqual([
      ['2026-W45', '2026-11-02', 2, 2],
      ['2026-W46', '2026-11-09', 1, 2],
      ['2026-W47', '2026-11-16', 0, 1],
    ]);
    expect(result.weeks[1].current).toMatchObject({ meetings: 1, rejections: 1, conversionRate: 0.5, rejectionRate: 0.5 });
    expect(result.weeks[2].candidate).toMatchObject({ qualifications: 0, conversionRate: null, rejectionRate: null });
  });

  it("E's warm-up rejection (10-21) is not counted against its 11-03 qualification", () => {
    const e = result.qualifications.current.find((q) => q.accountId === 'acc-e')!;
    expect(e.outcome).toEqual({ kind: 'MEETING' });
    expect(result.current.rejectionsByReason.map((r) => r.reason)).not.toContain('NO_NEED');
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-02T00:00:00Z', '2026-W45'],
    ['2026-11-22T23:59:59Z', '2026-W47'],
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2025-12-29T00:00:00Z', '2026-W01'],
    ['2027-01-03T12:00:00Z', '2026-W53'],
    ['2027-01-04T00:00:00Z', '2027-W01'],
  ])('%s is in %s', (instant, week) => {
    expect(isoWeek(new Date(instant))).toBe(week);
  });

  it('a week starts on Monday 00:00 UTC: Sunday 2026-11-22 → 2026-11-16', () => {
    expect(isoWeekStart(new Date('2026-11-22T23:00:00Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });
});
