/**
 * The protocol's conflict cases as named scenarios ("conflicting ownership shows up when an account
 * sits in two territories or moves between owners during the period"), end to end through the pure
 * rules: the map edit as ops make it, the decision at qualification time, the in-flight re-routing
 * a map change causes, and the as-of answer before and after.
 */
import type { OwnerAssignment } from '@handoff-graph/contracts';
import { recomputeInFlight, type InFlightAccount } from './in-flight';
import { MapEditRefused, planMapEdit, type MapEdit } from './map-edit';
import { DEFAULT_SETTINGS, type MidPeriodPolicy, type OwnershipMap } from './ownership.types';
import { compileOwnershipMap, resolveOwnership, toOwnerAssignment } from './resolve-ownership';
import { REPS, account, emea, emeaSaas, everyoneElse, expectResolved, northwind, repInputFor, territory } from './test-fixtures';

const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};
const baseMap = (policy: MidPeriodPolicy = 'STAY_WITH_OWNER_AT_HANDOFF'): OwnershipMap => ({
  version: 1,
  reps: REPS,
  territories: [{ ...emeaSaas, escalationRepId: 'rep-mara' }, emea, everyoneElse],
  settings: { ...DEFAULT_SETTINGS, midPeriodPolicy: policy },
});
/** Applies an edit like the service does: plan (validate), then the next version. */
const change = (map: OwnershipMap, edit: MapEdit) => {
  const plan = planMapEdit(map, edit, ids());
  return { ...plan, map: { ...plan.after, version: map.version + 1 } };
};
const decide = (map: OwnershipMap, at: string, a = northwind) => expectResolved(resolveOwnership(a, compileOwnershipMap(map), new Date(at)));
const inFlight = (routed: OwnerAssignment): InFlightAccount => ({
  accountId: northwind.accountId,
  qualificationId: 'q-1',
  routed,
  mapAnswer: { ownerRepId: routed.owner.repId, backupRepId: routed.backup.repId, territoryId: routed.territoryId },
  profile: northwind,
});
const who = (a: OwnerAssignment | null) => (a ? [a.owner.repId, a.backup.repId] : null);
const repInput = repInputFor;

describe('scenario: an account in two territories', () => {
  it('Northwind (EMEA, Software) sits in EMEA and EMEA SaaS: the more specific EMEA SaaS decides, and the explanation says so', () => {
    const o = decide(baseMap(), '2026-11-24T10:00:00Z');
    expect([o.territory.name, o.owner.name, o.backup.name, o.decidingRule]).toEqual(['EMEA SaaS', 'Ana Ortiz', 'Ben Okafor', 'MOST_SPECIFIC']);
    expect(o.explanation).toContain('(2 attributes, the most specific of 3 matching territories)');
  });

  it('a manufacturer in EMEA sits in EMEA and the catch-all: EMEA (1 attribute) beats the catch-all (0)', () => {
    const o = decide(baseMap(), '2026-11-24T10:00:00Z', account('acc-acme', 'Acme Werke', { industry: 'Manufacturing' }));
    expect([o.territory.name, o.owner.name]).toEqual(['EMEA', 'Cara Diaz']);
  });
});

describe('scenario: owner change mid-period (EMEA SaaS moves from Ana Ortiz to Cara Diaz while Northwind’s handoff is open)', () => {
  const reassign = (policy: MidPeriodPolicy) => {
    const before = baseMap(policy);
    const handoff = toOwnerAssignment(decide(before, '2026-11-24T10:00:00Z'));
    const after = change(before, { kind: 'UPSERT_TERRITORY', territory: { ...before.territories[0], ownerRepId: 'rep-cara' } });
    const moves = recomputeInFlight([inFlight(handoff)], compileOwnershipMap(after.map), new Date('2026-11-26T09:00:00Z'));
    return { handoff, after, moves };
  };

  it('the change is versioned and described', () => {
    const { after } = reassign('STAY_WITH_OWNER_AT_HANDOFF');
    expect(after.map.version).toBe(2);
    expect(after.change).toBe("Territory 'EMEA SaaS' (terr-emea-saas): owner Ana Ortiz → Cara Diaz");
  });

  it('STAY_WITH_OWNER_AT_HANDOFF: the open handoff stays with Ana (Ben still backs up); new qualifications go to Cara', () => {
    const { handoff, after, moves } = reassign('STAY_WITH_OWNER_AT_HANDOFF');
    expect(who(handoff)).toEqual(['rep-ana', 'rep-ben']);
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ rule: 'STAYED', mapAnswer: { ownerRepId: 'rep-cara', backupRepId: 'rep-ben' } });
    expect(who(moves[0].current)).toEqual(['rep-ana', 'rep-ben']);
    expect(moves[0].current?.explanation).toContain(
      'By the mid-period policy STAY_WITH_OWNER_AT_HANDOFF the open handoff stays with Ana Ortiz (owner at handoff) and Ben Okafor backs up; new qualifications go to Cara Diaz.',
    );
    expect(decide(after.map, '2026-11-27T09:00:00Z').owner.name).toBe('Cara Diaz');
  });

  it('MOVE_TO_NEW_OWNER: the open handoff moves to Cara, with Ana (the owner at handoff) as backup', () => {
    const { moves } = reassign('MOVE_TO_NEW_OWNER');
    expect(moves[0].rule).toBe('MOVED');
    expect(who(moves[0].current)).toEqual(['rep-cara', 'rep-ana']);
    expect(moves[0].current?.explanation).toContain('By the mid-period policy MOVE_TO_NEW_OWNER the open handoff moves to Cara Diaz and Ana Ortiz, the owner at handoff, backs up.');
  });

  it('applied the same way every time: a second, unrelated change moves nothing further under either policy', () => {
    for (const policy of ['STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER'] as const) {
      const { after, moves } = reassign(policy);
      const routed = { ...inFlight(moves[0].current!), mapAnswer: moves[0].mapAnswer };
      const unrelated = change(after.map, { kind: 'UPSERT_TERRITORY', territory: { ...everyoneElse, name: 'Rest of world' } });
      expect(recomputeInFlight([routed], compileOwnershipMap(unrelated.map), new Date('2026-11-27T09:00:00Z'))).toEqual([]);
    }
  });
});

describe('scenario: owner on leave', () => {
  const onLeave = change(baseMap(), {
    kind: 'ADD_OUT_OF_OFFICE',
    repId: 'rep-ana',
    period: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-15T00:00:00.000Z', note: 'Parental leave' },
  });

  it('the leave is a versioned change of the rep', () => {
    expect(onLeave.change).toBe('Ana Ortiz (rep-ana): out of office 2026-12-01 00:00 UTC – 2026-12-15 00:00 UTC (Parental leave) added');
    expect(onLeave.rep?.outOfOffice).toEqual([{ id: 'id-1', from: '2026-12-01T00:00:00.000Z', to: '2026-12-15T00:00:00.000Z', note: 'Parental leave' }]);
  });

  it('qualified during the leave: Ben (backup) acts as owner, Mara (escalation owner) backs up; after the leave Ana owns again', () => {
    const during = decide(onLeave.map, '2026-12-03T10:00:00Z');
    expect([during.owner.name, during.backup.name, during.cover?.kind]).toEqual(['Ben Okafor', 'Mara Lee', 'BACKUP_ACTS_AS_OWNER']);
    expect(during.explanation).toContain('Ana Ortiz owns it but is out of office until 2026-12-15 00:00 UTC (Parental leave), so Ben Okafor (its backup) acts as owner and Mara Lee, its escalation owner, backs up.');
    expect(decide(onLeave.map, '2026-11-30T10:00:00Z').owner.name).toBe('Ana Ortiz');
    expect(decide(onLeave.map, '2026-12-15T00:00:00Z').owner.name).toBe('Ana Ortiz');
  });

  it('a leave entered while Ana holds an open handoff and covering now: the handoff goes to Ben whatever the policy (cover beats policy)', () => {
    for (const policy of ['STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER'] as const) {
      const map = baseMap(policy);
      const handoff = toOwnerAssignment(decide(map, '2026-11-24T10:00:00Z'));
      const leave = change(map, { kind: 'ADD_OUT_OF_OFFICE', repId: 'rep-ana', period: { from: '2026-11-25T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z', note: null } });
      const [move] = recomputeInFlight([inFlight(handoff)], compileOwnershipMap(leave.map), new Date('2026-11-25T08:00:00Z'));
      expect(who(move.current)).toEqual(['rep-ben', 'rep-mara']);
      expect(move.rule).toBe('OWNER_AWAY_COVER');
      expect(move.current?.explanation).toContain('Ana Ortiz, the owner at handoff, is out of office until 2026-12-05 00:00 UTC, so cover applies whatever the mid-period policy.');
    }
  });

  it('a leave in the future moves nothing now', () => {
    const handoff = toOwnerAssignment(decide(baseMap(), '2026-11-24T10:00:00Z'));
    expect(recomputeInFlight([inFlight(handoff)], compileOwnershipMap(onLeave.map), new Date('2026-11-25T08:00:00Z'))).toEqual([]);
  });
});

describe('scenario: owner and backup both on leave', () => {
  it('Ana and Ben away the same week: Mara, the escalation owner, acts as owner and Cara (owner of EMEA) backs up', () => {
    let map = baseMap();
    for (const repId of ['rep-ana', 'rep-ben']) {
      map = change(map, { kind: 'ADD_OUT_OF_OFFICE', repId, period: { from: '2026-12-21T00:00:00.000Z', to: '2027-01-04T00:00:00.000Z', note: 'Holidays' } }).map;
    }
    const o = decide(map, '2026-12-22T10:00:00Z');
    expect([o.owner.name, o.backup.name, o.cover?.kind]).toEqual(['Mara Lee', 'Cara Diaz', 'ESCALATION_OWNER_ACTS']);
    expect(o.explanation).toContain('its owner Ana Ortiz is out of office until 2027-01-04 00:00 UTC (Holidays) and its backup Ben Okafor is out of office until 2027-01-04 00:00 UTC (Holidays), so Mara Lee, its escalation owner, acts as owner');
  });
});

describe('scenario: inactive rep', () => {
  it('Ana leaves the company: deactivating her is a versioned change that warns about her territory and moves her open handoff to Ben', () => {
    const map = baseMap('STAY_WITH_OWNER_AT_HANDOFF');
    const handoff = toOwnerAssignment(decide(map, '2026-11-24T10:00:00Z'));
    const off = change(map, { kind: 'UPSERT_REP', input: repInput('rep-ana', { active: false }) });
    expect(off.change).toBe('Ana Ortiz (rep-ana): deactivated');
    expect(off.problems.filter((p) => p.code === 'INACTIVE_REP').map((p) => p.territoryIds)).toEqual([['terr-emea-saas']]);
    const [move] = recomputeInFlight([inFlight(handoff)], compileOwnershipMap(off.map), new Date('2026-11-25T08:00:00Z'));
    expect([move.rule, ...who(move.current)!]).toEqual(['OWNER_AWAY_COVER', 'rep-ben', 'rep-mara']);
    expect(decide(off.map, '2026-11-26T10:00:00Z').explanation).toContain('Ana Ortiz owns it but is inactive, so Ben Okafor (its backup) acts as owner');
  });

  it('an upsert that omits `active` keeps an inactive rep inactive (no accidental reactivation) and changes nothing', () => {
    const off = change(baseMap(), { kind: 'UPSERT_REP', input: repInput('rep-ana', { active: false }) });
    const again = planMapEdit(off.map, { kind: 'UPSERT_REP', input: repInput('rep-ana', {}) }, ids());
    expect(again.rep?.active).toBe(false);
    expect(again.change).toBeNull();
  });
});

describe('scenario: as-of before and after a change', () => {
  it('version 1 answers Ana for any moment before the change, version 2 answers Cara after it', () => {
    const v1 = baseMap();
    const v2 = change(v1, { kind: 'UPSERT_TERRITORY', territory: { ...v1.territories[0], ownerRepId: 'rep-cara' } }).map;
    const versions = [
      { version: v1, from: new Date('2026-11-01T00:00:00Z') },
      { version: v2, from: new Date('2026-11-26T09:00:00Z') },
    ];
    const asOf = (iso: string) => {
      const at = new Date(iso);
      const inForce = [...versions].reverse().find((v) => v.from <= at)!.version;
      return decide(inForce, iso).owner.name;
    };
    expect(asOf('2026-11-26T08:59:59Z')).toBe('Ana Ortiz');
    expect(asOf('2026-11-26T09:00:00Z')).toBe('Cara Diaz');
  });
});

describe('scenario: validation of overlapping equal rules', () => {
  it('saving a Software territory at EMEA’s rank (1 attribute, priority 10) is refused, naming EMEA; at priority 15 it is saved', () => {
    const software = territory({ id: 'terr-software', name: 'Software', priority: 10, match: { industries: ['Software'] }, ownerRepId: 'rep-eli', backupRepId: 'rep-dev' });
    let refused: MapEditRefused | undefined;
    try {
      change(baseMap(), { kind: 'UPSERT_TERRITORY', territory: software });
    } catch (e) {
      refused = e as MapEditRefused;
    }
    expect(refused).toBeInstanceOf(MapEditRefused);
    expect(refused!.problems).toEqual([
      {
        field: 'input.priority',
        code: 'OVERLAPPING_EQUAL_RULES',
        territoryIds: ['terr-emea', 'terr-software'],
        repIds: [],
        rule: expect.stringContaining("Territories 'EMEA' (terr-emea) and 'Software' (terr-software) have the same specificity (1) and priority (10)"),
      },
    ]);
    expect(change(baseMap(), { kind: 'UPSERT_TERRITORY', territory: { ...software, priority: 15 } }).change).toContain("Territory 'Software' (terr-software) created");
  });

  it('making a rep who owns a territory a MANAGER is refused on input.role, naming the territory', () => {
    expect(() => change(baseMap(), { kind: 'UPSERT_REP', input: repInput('rep-ana', { role: 'MANAGER' }) })).toThrow(
      "input.role: Territory 'EMEA SaaS' (terr-emea-saas) names Ana Ortiz, a MANAGER, as owner",
    );
  });
});
