import type { RejectionReason, SignalType } from '@handoff-graph/contracts';
import type { HandoffOutcome } from './handoff-outcome';
import { parseIsoWeek } from './iso-week';
import { rejectionPatternReport, reportDueWeek, weekClosed } from './rejection-patterns';

const week = (label: string, tz = 'UTC') => {
  const parsed = parseIsoWeek(label, tz);
  if (!parsed.ok) throw new Error(parsed.rule);
  return parsed.week;
};

let n = 0;
function handoff(
  reason: RejectionReason | null,
  more: { top?: SignalType | null; territory?: string | null; rule?: string | null; model?: string | null; deliveredAt?: string } = {},
): HandoffOutcome {
  n += 1;
  const deliveredAt = new Date(more.deliveredAt ?? '2026-11-24T10:00:00Z');
  return {
    handoffId: `h${n}`,
    deliveredAt,
    ownerRepId: 'rep-ana',
    ownerName: 'Ana Ortiz',
    ownerTeam: 'EMEA',
    backupRepId: 'rep-ben',
    territoryId: more.territory === undefined ? 'terr-emea' : more.territory,
    territoryName: null,
    modelVersion: more.model === undefined ? 'v3' : more.model,
    topContributor: more.top === undefined ? 'PRICING_PAGE_VISIT' : more.top,
    playbookRuleId: more.rule === undefined ? 'pricing-intent' : more.rule,
    queueDate: null,
    firstBusinessDayEndsAt: deliveredAt,
    acceptedAt: null,
    firstTouchAt: null,
    meetingAt: null,
    rejection: reason ? { reason, at: deliveredAt } : null,
  };
}

describe('the weekly rejection-pattern report', () => {
  /**
   * 2026-W48, 14 delivered, 10 rejected:
   *   CONTENT_DOWNLOAD (content-nurture, terr-na):  NO_NEED ×4, NO_FIT ×1          → NO_NEED 4/5 = 0.8
   *   PRICING_PAGE_VISIT (pricing-intent, terr-emea): NO_BUDGET ×1, NO_FIT ×1, WRONG_OWNER ×2, 1 accepted
   *                                                  → WRONG_OWNER 2/4 = 0.5 (exactly half: reported)
   *   INTENT_SURGE (intent-surge, terr-na, model v4): 1 rejected NO_FIT, 2 not rejected
   * Territories: terr-na 5 + 1 = 6 rejections: NO_NEED 4/6 ≈ 0.667; terr-emea 4: WRONG_OWNER 2/4.
   * Model v3 (all but INTENT_SURGE): 9 rejections: NO_NEED 4/9 < 0.5 → none; v4: 1 rejection → none.
   */
  const seeded = [
    ...Array.from({ length: 4 }, () => handoff('NO_NEED', { top: 'CONTENT_DOWNLOAD', rule: 'content-nurture', territory: 'terr-na' })),
    handoff('NO_FIT', { top: 'CONTENT_DOWNLOAD', rule: 'content-nurture', territory: 'terr-na' }),
    handoff('NO_BUDGET_OR_TIMING'),
    handoff('NO_FIT'),
    handoff('WRONG_OWNER'),
    handoff('WRONG_OWNER'),
    handoff(null),
    handoff('NO_FIT', { top: 'INTENT_SURGE', rule: 'intent-surge', territory: 'terr-na', model: 'v4' }),
    handoff(null, { top: 'INTENT_SURGE', rule: 'intent-surge', territory: 'terr-na', model: 'v4' }),
    handoff(null, { top: 'INTENT_SURGE', rule: 'intent-surge', territory: 'terr-na', model: 'v4' }),
    // Delivered before handoff-created arrived: nothing known to group by, counted in the totals only.
    handoff(null, { top: null, territory: null, rule: null, model: null }),
  ];

  it('reports a reason given by at least 2 rejections and at least half of a value’s rejections', () => {
    const report = rejectionPatternReport(week('2026-W48'), seeded);
    expect([report.deliveredCount, report.rejectedCount]).toEqual([14, 10]);
    expect(report.patterns.map((p) => [p.dimension, p.value, p.reason, p.count, p.share, p.valueRejectedCount, p.valueDeliveredCount])).toEqual([
      ['TOP_CONTRIBUTOR', 'CONTENT_DOWNLOAD', 'NO_NEED', 4, 0.8, 5, 5],
      ['TOP_CONTRIBUTOR', 'PRICING_PAGE_VISIT', 'WRONG_OWNER', 2, 0.5, 4, 5],
      ['TERRITORY', 'terr-na', 'NO_NEED', 4, 4 / 6, 6, 8],
      ['TERRITORY', 'terr-emea', 'WRONG_OWNER', 2, 0.5, 4, 5],
      ['PLAYBOOK_RULE', 'content-nurture', 'NO_NEED', 4, 0.8, 5, 5],
      ['PLAYBOOK_RULE', 'pricing-intent', 'WRONG_OWNER', 2, 0.5, 4, 5],
    ]);
  });

  it('does not report a single rejection however concentrated (1 of 1 is an anecdote)', () => {
    const report = rejectionPatternReport(week('2026-W48'), [handoff('DUPLICATE', { territory: 'terr-apac' })]);
    expect(report.patterns).toEqual([]);
  });

  it('does not report a reason below half of the value’s rejections (2 of 5 = 0.4)', () => {
    const five = [
      handoff('NO_FIT'),
      handoff('NO_FIT'),
      handoff('NO_NEED'),
      handoff('DUPLICATE'),
      handoff('ACTIVE_CYCLE'),
    ];
    expect(rejectionPatternReport(week('2026-W48'), five).patterns).toEqual([]);
  });

  it('only looks at handoffs delivered in the week (team time zone), whenever they were rejected', () => {
    const sundayNightBerlin = [1, 2].map(() => handoff('NO_FIT', { deliveredAt: '2026-11-29T23:30:00Z' })); // Mon 30 Nov 00:30 CET
    expect(rejectionPatternReport(week('2026-W48', 'Europe/Berlin'), sundayNightBerlin).deliveredCount).toBe(0);
    expect(rejectionPatternReport(week('2026-W49', 'Europe/Berlin'), sundayNightBerlin).patterns).toHaveLength(4);
    expect(rejectionPatternReport(week('2026-W48', 'UTC'), sundayNightBerlin).deliveredCount).toBe(2);
  });
});

describe('when the weekly report is due', () => {
  const sixHours = 6 * 3_600_000;
  it('is the previous Berlin week from its Monday 06:00 on: W48 from Mon 30 Nov 05:00Z', () => {
    expect(reportDueWeek(new Date('2026-11-30T04:59:59Z'), 'Europe/Berlin', sixHours)).toBeNull();
    expect(reportDueWeek(new Date('2026-11-30T05:00:00Z'), 'Europe/Berlin', sixHours)?.label).toBe('2026-W48');
    expect(reportDueWeek(new Date('2026-12-03T12:00:00Z'), 'Europe/Berlin', sixHours)?.label).toBe('2026-W48');
  });

  it('crosses the year end and the DST change', () => {
    expect(reportDueWeek(new Date('2027-01-04T08:00:00Z'), 'Europe/Berlin', sixHours)?.label).toBe('2026-W53');
    // W43 (169 h) closes Sun 25 Oct 23:00Z; due 6 h later at 05:00Z.
    expect(reportDueWeek(new Date('2026-10-26T04:59:00Z'), 'Europe/Berlin', sixHours)).toBeNull();
    expect(reportDueWeek(new Date('2026-10-26T05:00:00Z'), 'Europe/Berlin', sixHours)?.label).toBe('2026-W43');
  });

  it('only lets a closed week be published', () => {
    const w48 = week('2026-W48', 'Europe/Berlin');
    expect(weekClosed(w48, new Date('2026-11-29T22:59:59Z'))).toBe(false);
    expect(weekClosed(w48, new Date('2026-11-29T23:00:00Z'))).toBe(true);
  });
});
