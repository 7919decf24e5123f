import type { OwnerAssignment } from '@handoff-graph/contracts';
import { routeInFlight } from './move-policy';
import { resolveOwnership, toOwnerAssignment, type OwnershipResolution } from './resolve-ownership';
import { MAP, T0, ana, ben, cara, compile, emeaSaas, expectResolved, inactive, northwind, sakura, withReps } from './test-fixtures';

const routed = (owner: string, backup: string, territoryId = 'terr-emea-saas'): OwnerAssignment => {
  const a = toOwnerAssignment(expectResolved(resolveOwnership(northwind, compile(MAP), T0)));
  const ref = (id: string) => ({ ...a.owner, repId: id, name: id });
  return { ...a, owner: ref(owner), backup: ref(backup), territoryId };
};
const byId = (reps = withReps()) => new Map(reps.map((r) => [r.id, r]));
const to = (next: OwnershipResolution, previous: OwnerAssignment | null, policy: 'STAY_WITH_OWNER_AT_HANDOFF' | 'MOVE_TO_NEW_OWNER', reps = withReps()) =>
  routeInFlight({ previous, next, policy, repsById: byId(reps), at: T0 });
const carasMap = (reps = withReps()) => resolveOwnership(northwind, compile([{ ...emeaSaas, ownerRepId: 'rep-cara' }, ...MAP.filter((t) => t.id !== emeaSaas.id)], reps), T0);

describe('routeInFlight — the mid-period rules', () => {
  it('1. it had nobody; the map now names Ana and Ben → Ana and Ben (NEWLY_RESOLVED), whatever the policy', () => {
    const r = to(resolveOwnership(northwind, compile(MAP), T0), null, 'STAY_WITH_OWNER_AT_HANDOFF');
    expect([r.rule, r.current?.owner.repId, r.current?.backup.repId]).toEqual(['NEWLY_RESOLVED', 'rep-ana', 'rep-ben']);
  });

  it('2. the map names nobody now: kept with Ana and Ben while both serve; nobody once Ana is inactive', () => {
    const none = resolveOwnership(sakura, compile([emeaSaas]), T0);
    const kept = to(none, routed('rep-ana', 'rep-ben'), 'MOVE_TO_NEW_OWNER');
    expect([kept.rule, kept.current?.owner.repId]).toEqual(['NOW_UNRESOLVED_KEPT', 'rep-ana']);
    expect(kept.current?.explanation).toContain('The open handoff stays with Ana Ortiz, Ben Okafor backing up, until the map names an owner.');
    expect(to(none, routed('rep-ana', 'rep-ben'), 'MOVE_TO_NEW_OWNER', withReps(inactive(ana)))).toEqual({ current: null, rule: 'NOW_UNRESOLVED' });
  });

  it('3. the map keeps Ana as owner but names a new backup → the map’s answer (SAME_OWNER)', () => {
    const r = to(resolveOwnership(northwind, compile(MAP, withReps(inactive(ben))), T0), routed('rep-ana', 'rep-ben'), 'STAY_WITH_OWNER_AT_HANDOFF', withReps(inactive(ben)));
    expect([r.rule, r.current?.owner.repId, r.current?.backup.repId]).toEqual(['SAME_OWNER', 'rep-ana', 'rep-mara']);
  });

  it('4. Ana (owner at handoff) is inactive now → the map’s answer under either policy (OWNER_AWAY_COVER)', () => {
    for (const policy of ['STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER'] as const) {
      const reps = withReps(inactive(ana));
      const r = to(carasMap(reps), routed('rep-ana', 'rep-ben'), policy, reps);
      expect([r.rule, r.current?.owner.repId, r.current?.backup.repId]).toEqual(['OWNER_AWAY_COVER', 'rep-cara', 'rep-ben']);
    }
  });

  it('5. MOVE_TO_NEW_OWNER: Cara owns, Ana (owner at handoff) backs up, in Cara’s territory', () => {
    const r = to(carasMap(), routed('rep-ana', 'rep-ben', 'terr-old'), 'MOVE_TO_NEW_OWNER');
    expect([r.rule, r.current?.owner.repId, r.current?.backup.repId, r.current?.territoryId]).toEqual(['MOVED', 'rep-cara', 'rep-ana', 'terr-emea-saas']);
  });

  it('6. STAY_WITH_OWNER_AT_HANDOFF: stays with Ana and Ben in the territory at handoff; Cara backs up only when Ben is away', () => {
    const r = to(carasMap(), routed('rep-ana', 'rep-ben', 'terr-old'), 'STAY_WITH_OWNER_AT_HANDOFF');
    expect([r.rule, r.current?.owner.repId, r.current?.backup.repId, r.current?.territoryId]).toEqual(['STAYED', 'rep-ana', 'rep-ben', 'terr-old']);
    const reps = withReps(inactive(ben));
    const withoutBen = to(carasMap(reps), routed('rep-ana', 'rep-ben'), 'STAY_WITH_OWNER_AT_HANDOFF', reps);
    expect([withoutBen.current?.owner.repId, withoutBen.current?.backup.repId]).toEqual(['rep-ana', 'rep-cara']);
    void cara;
  });
});
