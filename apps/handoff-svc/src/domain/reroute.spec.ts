import { EVENT_EXAMPLES, type OwnerAssignment } from '@handoff-graph/contracts';
import { planReroute, whyMe, type RouteChange } from './reroute';

const ANA: OwnerAssignment = EVENT_EXAMPLES['ownership-resolved'].ownerAssignment; // owner rep-ana, backup rep-ben
const CHANGE = EVENT_EXAMPLES['ownership-changed']; // EMEA SaaS: Ana → Carla, MOVE_TO_NEW_OWNER
const move: RouteChange = { previous: CHANGE.previous, current: CHANGE.current, policy: 'MOVE_TO_NEW_OWNER', reason: CHANGE.reason };

describe('planReroute', () => {
  it('moves an open handoff to the new owner with the old owner as backup', () => {
    const plan = planReroute('DELIVERED', ANA, move);
    expect(plan).toMatchObject({ kind: 'move', ownerChanged: true });
    // ownership-svc applied the policy: `current` already names Ana as the backup, and is adopted as it is.
    expect(plan.kind === 'move' && plan.assignment).toEqual(CHANGE.current);
    expect(CHANGE.current!.backup).toEqual(ANA.owner);
    expect(plan.kind === 'move' && plan.reason).toBe(
      "Territory 'EMEA SaaS' reassigned from Ana Ortiz to Carla Reyes; policy MOVE_TO_NEW_OWNER: moved from Ana Ortiz to Carla Reyes, Ana Ortiz backs up",
    );
  });

  it('moves accepted and touched handoffs too: they are still open', () => {
    expect(planReroute('ACCEPTED', ANA, move).kind).toBe('move');
    expect(planReroute('FIRST_TOUCH', ANA, move).kind).toBe('move');
  });

  it('never moves a closed handoff', () => {
    for (const status of ['REJECTED', 'MEETING_BOOKED', 'EXPIRED', 'INCOMPLETE'] as const) expect(planReroute(status, ANA, move).kind).toBe('closed');
  });

  it('keeps the handoff with its owner under STAY_WITH_OWNER_AT_HANDOFF (ownership-svc sends the unchanged owner)', () => {
    expect(planReroute('DELIVERED', ANA, { ...move, policy: 'STAY_WITH_OWNER_AT_HANDOFF', current: ANA })).toEqual({
      kind: 'stay',
      reason: "Territory 'EMEA SaaS' reassigned from Ana Ortiz to Carla Reyes; policy STAY_WITH_OWNER_AT_HANDOFF: Ana Ortiz and Ben Okafor keep it",
    });
  });

  it('moves under STAY_WITH_OWNER_AT_HANDOFF too when ownership-svc names a cover (the owner went on leave: cover beats policy)', () => {
    const cover = { ...ANA, owner: ANA.backup, backup: { ...ANA.owner, repId: 'rep-mara', name: 'Mara Lind' }, explanation: 'Ana Ortiz is on leave; Ben Okafor covers.' };
    const plan = planReroute('ACCEPTED', ANA, { ...move, policy: 'STAY_WITH_OWNER_AT_HANDOFF', current: cover });
    expect(plan).toMatchObject({ kind: 'move', ownerChanged: true, assignment: cover });
  });

  it('keeps the owner and takes the new backup when only the backup changed', () => {
    const dev = { ...ANA.backup, repId: 'rep-dev', name: 'Dev Patel' };
    const plan = planReroute('DELIVERED', ANA, { ...move, current: { ...ANA, backup: dev } });
    expect(plan).toMatchObject({ kind: 'move', ownerChanged: false, assignment: { owner: ANA.owner, backup: dev } });
  });

  it('stays when nothing changes for this handoff, or when no owner is named any more', () => {
    expect(planReroute('DELIVERED', ANA, { ...move, current: ANA }).kind).toBe('stay');
    expect(planReroute('DELIVERED', ANA, { ...move, current: null })).toMatchObject({ kind: 'stay', reason: expect.stringContaining('names no owner') });
  });
});

describe('whyMe', () => {
  it('answers with the ownership rule and the backup', () => {
    expect(whyMe(ANA, null)).toBe(`Ana Ortiz owns this handoff: ${ANA.explanation.replace(/\.$/, '')} (territory EMEA SaaS). Backup: Ben Okafor.`);
  });

  it('adds when and why it was re-routed, in the new owner’s time zone', () => {
    const moved = { ...CHANGE.current!, backup: ANA.owner };
    const text = whyMe(moved, { at: new Date('2026-11-24T16:00:01Z'), fromRepName: 'Ana Ortiz', policy: 'MOVE_TO_NEW_OWNER', reason: CHANGE.reason });
    expect(text).toContain("Re-routed to Carla Reyes from Ana Ortiz on 2026-11-24 17:00 Europe/Madrid: Territory 'EMEA SaaS' reassigned from Ana Ortiz to Carla Reyes.");
    expect(text).toMatch(/Backup: Ana Ortiz\.$/);
  });
});
