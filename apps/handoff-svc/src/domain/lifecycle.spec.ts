import { HANDOFF_STATUSES, type HandoffStatus } from '@handoff-graph/contracts';
import { TRANSITIONS, canTransition, planExpiry, planFeedback } from './lifecycle';

describe('the lifecycle transition table', () => {
  const legal: [HandoffStatus, HandoffStatus][] = [
    ['CREATED', 'DELIVERED'],
    ['DELIVERED', 'ACCEPTED'],
    ['DELIVERED', 'REJECTED'],
    ['DELIVERED', 'EXPIRED'],
    ['ACCEPTED', 'REJECTED'],
    ['ACCEPTED', 'FIRST_TOUCH'],
    ['ACCEPTED', 'EXPIRED'],
    ['FIRST_TOUCH', 'REJECTED'],
    ['FIRST_TOUCH', 'MEETING_BOOKED'],
  ];

  it('allows exactly the nine documented transitions out of all 64 pairs', () => {
    const allowed = HANDOFF_STATUSES.flatMap((from) => HANDOFF_STATUSES.filter((to) => canTransition(from, to)).map((to) => [from, to]));
    expect(allowed).toEqual(legal);
  });

  it('has a row for every contract status and ends in REJECTED, MEETING_BOOKED, EXPIRED, INCOMPLETE', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...HANDOFF_STATUSES].sort());
    expect(HANDOFF_STATUSES.filter((s) => TRANSITIONS[s].length === 0)).toEqual(['REJECTED', 'MEETING_BOOKED', 'EXPIRED', 'INCOMPLETE']);
  });

  it('refuses skipping, going backwards and leaving a final state', () => {
    expect(canTransition('DELIVERED', 'MEETING_BOOKED')).toBe(false);
    expect(canTransition('FIRST_TOUCH', 'ACCEPTED')).toBe(false);
    expect(canTransition('REJECTED', 'ACCEPTED')).toBe(false);
    expect(canTransition('FIRST_TOUCH', 'EXPIRED')).toBe(false);
    expect(canTransition('INCOMPLETE', 'DELIVERED')).toBe(false);
  });
});

describe('planFeedback', () => {
  it('accepts a delivered handoff in one step', () => {
    expect(planFeedback('DELIVERED', 'ACCEPTED', 'Ana Ortiz')).toEqual({
      kind: 'apply',
      steps: [{ from: 'DELIVERED', to: 'ACCEPTED', reason: 'Ana Ortiz accepted the handoff' }],
    });
  });

  it('reads a first touch without an accept as an implied acceptance', () => {
    expect(planFeedback('DELIVERED', 'FIRST_TOUCH', 'rep-ana', 'PHONE')).toEqual({
      kind: 'apply',
      steps: [
        { from: 'DELIVERED', to: 'ACCEPTED', reason: 'implied: rep-ana recorded the first touch (PHONE) before ACCEPTED was recorded' },
        { from: 'ACCEPTED', to: 'FIRST_TOUCH', reason: 'rep-ana recorded the first touch (PHONE)' },
      ],
    });
  });

  it('reads a meeting straight after delivery as accept + touch + meeting (three steps)', () => {
    const plan = planFeedback('DELIVERED', 'MEETING_BOOKED', 'rep-ana');
    expect(plan.kind === 'apply' && plan.steps.map((s) => s.to)).toEqual(['ACCEPTED', 'FIRST_TOUCH', 'MEETING_BOOKED']);
  });

  it('ignores a repeated event', () => {
    expect(planFeedback('ACCEPTED', 'ACCEPTED', 'rep-ana')).toEqual({ kind: 'ignore', reason: 'rep-ana accepted the handoff again; the handoff is already ACCEPTED' });
  });

  it('ignores a late accept after the first touch: a status never moves backwards', () => {
    expect(planFeedback('FIRST_TOUCH', 'ACCEPTED', 'rep-ana')).toEqual({
      kind: 'ignore',
      reason: 'rep-ana accepted the handoff, but the handoff is already FIRST_TOUCH; a status never moves backwards',
    });
  });

  it('rejects from delivered, accepted or touched', () => {
    for (const from of ['DELIVERED', 'ACCEPTED', 'FIRST_TOUCH'] as const) {
      expect(planFeedback(from, 'REJECTED', 'rep-ana', 'NO_NEED')).toEqual({
        kind: 'apply',
        steps: [{ from, to: 'REJECTED', reason: 'rep-ana rejected the handoff (NO_NEED)' }],
      });
    }
  });

  it('ignores anything after a final state, naming it', () => {
    expect(planFeedback('REJECTED', 'FIRST_TOUCH', 'rep-ana')).toEqual({
      kind: 'ignore',
      reason: 'rep-ana recorded the first touch, but the handoff is already REJECTED (final)',
    });
    expect(planFeedback('MEETING_BOOKED', 'REJECTED', 'rep-ana', 'NO_BUDGET_OR_TIMING').kind).toBe('ignore');
    expect(planFeedback('EXPIRED', 'ACCEPTED', 'rep-ana').kind).toBe('ignore');
  });

  it('ignores feedback on a handoff that was never delivered', () => {
    expect(planFeedback('INCOMPLETE', 'ACCEPTED', 'rep-ana')).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('never delivered') });
    expect(planFeedback('CREATED', 'ACCEPTED', 'rep-ana')).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('not delivered yet') });
  });
});

describe('planExpiry', () => {
  it('expires a delivered or accepted handoff and nothing else', () => {
    expect(planExpiry('DELIVERED', 'untouched')).toEqual({ kind: 'apply', steps: [{ from: 'DELIVERED', to: 'EXPIRED', reason: 'untouched' }] });
    expect(planExpiry('ACCEPTED', 'untouched').kind).toBe('apply');
    expect(planExpiry('FIRST_TOUCH', 'untouched')).toEqual({ kind: 'ignore', reason: 'cannot expire a FIRST_TOUCH handoff' });
  });
});
