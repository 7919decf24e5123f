import type { Identity } from '@handoff-graph/auth';
import { inRowsScope, metricsRowsScopeFor, rowsScopeKey } from './metrics-scope';
import { parseIsoWeek } from './iso-week';
import { weeklyMetrics, type HandoffOutcome } from './weekly-metrics';

const ana: Identity = { subject: 'ana.ortiz@example.com', role: 'REP', repId: 'rep-ana', team: 'EMEA' };
const mara: Identity = { subject: 'mara.lind@example.com', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' };
const ops: Identity = { subject: 'ops@example.com', role: 'OPS', repId: null, team: null };
const partner: Identity = { subject: 'crm-task-sync', role: 'PARTNER', repId: null, team: null };

function outcome(id: string, ownerRepId: string, ownerTeam: string | null, more: Partial<HandoffOutcome> = {}): HandoffOutcome {
  return {
    handoffId: id,
    deliveredAt: new Date('2026-11-24T10:00:00Z'),
    ownerRepId,
    ownerName: ownerRepId,
    ownerTeam,
    backupRepId: 'rep-ben',
    territoryId: ownerTeam === 'EMEA' ? 'terr-emea' : 'terr-na',
    territoryName: null,
    modelVersion: 'v1',
    topContributor: 'PRICING_PAGE_VISIT',
    playbookRuleId: 'pricing-intent',
    queueDate: '2026-11-24',
    firstBusinessDayEndsAt: new Date('2026-11-24T17:00:00Z'),
    acceptedAt: null,
    firstTouchAt: null,
    meetingAt: null,
    rejection: null,
    ...more,
  };
}

/**
 * 2026-W48: four handoffs.
 *   a1 rep-ana  EMEA  touched 30 min after delivery
 *   b1 rep-ben  EMEA  (Ana is its backup) rejected NO_FIT
 *   m1 rep-mara (team not known: profile missing) — the manager's own
 *   c1 rep-carla North America, touched 90 min after delivery
 */
const outcomes = [
  outcome('a1', 'rep-ana', 'EMEA', { firstTouchAt: new Date('2026-11-24T10:30:00Z') }),
  outcome('b1', 'rep-ben', 'EMEA', { backupRepId: 'rep-ana', rejection: { reason: 'NO_FIT', at: new Date('2026-11-24T12:00:00Z') } }),
  outcome('m1', 'rep-mara', null),
  outcome('c1', 'rep-carla', 'North America', { firstTouchAt: new Date('2026-11-24T11:30:00Z') }),
];
const parsed = parseIsoWeek('2026-W48');
if (!parsed.ok) throw new Error(parsed.rule);
const week = parsed.week;
const now = new Date('2026-12-01T00:00:00Z');

describe('which handoffs a viewer’s metric rows cover', () => {
  it('gives OPS every handoff, a MANAGER their team’s and their own, a REP their own, a PARTNER nothing', () => {
    expect(metricsRowsScopeFor(ops)).toEqual({ scope: 'ALL', team: null, repId: null });
    expect(metricsRowsScopeFor(mara)).toEqual({ scope: 'TEAM', team: 'EMEA', repId: 'rep-mara' });
    expect(metricsRowsScopeFor(ana)).toEqual({ scope: 'OWN', team: null, repId: 'rep-ana' });
    expect(metricsRowsScopeFor(partner)).toBeNull();
  });

  it.each([
    ['OPS', ops, ['a1', 'b1', 'm1', 'c1']],
    ['MANAGER of EMEA: a1, b1 (team) and m1 (own, team unknown)', mara, ['a1', 'b1', 'm1']],
    ['REP: a1 only (b1 is Ben’s number, Ana only backs it up)', ana, ['a1']],
  ] as const)('%s', (_who, viewer, ids) => {
    const scope = metricsRowsScopeFor(viewer)!;
    expect(outcomes.filter((o) => inRowsScope(scope, o)).map((o) => o.handoffId)).toEqual(ids);
  });

  it('names the team or rep the rows are limited to', () => {
    expect([ops, mara, ana].map((v) => rowsScopeKey(metricsRowsScopeFor(v)!))).toEqual([null, 'EMEA', 'rep-ana']);
  });

  it('never matches a manager without a team or a rep without an id to anybody else’s handoffs', () => {
    expect(outcomes.filter((o) => inRowsScope({ scope: 'TEAM', team: null, repId: null }, o))).toEqual([]);
    expect(outcomes.filter((o) => inRowsScope({ scope: 'OWN', team: null, repId: null }, o))).toEqual([]);
  });
});

describe('weekly metrics with rows limited to the viewer', () => {
  const forViewer = (viewer: Identity, groupBy: 'OVERALL' | 'REP' | 'TEAM') => {
    const scope = metricsRowsScopeFor(viewer)!;
    return weeklyMetrics(week, outcomes, { groupBy, now, rowsInclude: (o) => inRowsScope(scope, o) });
  };

  it('keeps the top-level numbers the whole week for everyone: 4 delivered, median touch (30 + 90) / 2 = 60 min, 1/4 rejected', () => {
    for (const viewer of [ops, mara, ana]) {
      expect(forViewer(viewer, 'REP')).toMatchObject({ deliveredCount: 4, medianMinutesToFirstTouch: 60, rejectionRate: 0.25 });
    }
  });

  it('gives a MANAGER of EMEA the rows of Ana, Ben and themselves, not Carla', () => {
    expect(forViewer(mara, 'REP').rows.map((r) => [r.key, r.deliveredCount])).toEqual([
      ['rep-ana', 1],
      ['rep-ben', 1],
      ['rep-mara', 1],
    ]);
  });

  it('gives a MANAGER their team’s TEAM row (and the unknown-team row of their own handoff), not North America', () => {
    expect(forViewer(mara, 'TEAM').rows.map((r) => [r.key, r.deliveredCount])).toEqual([
      ['EMEA', 2],
      [null, 1],
    ]);
  });

  it('gives a REP their own row only: 1 delivered, touched in 30 min', () => {
    expect(forViewer(ana, 'REP').rows).toEqual([expect.objectContaining({ key: 'rep-ana', deliveredCount: 1, medianMinutesToFirstTouch: 30 })]);
  });

  it('keeps OVERALL’s single row the whole week: 4 delivered, even for a REP', () => {
    expect(forViewer(ana, 'OVERALL').rows).toEqual([expect.objectContaining({ key: null, label: 'All handoffs', deliveredCount: 4 })]);
  });
});
