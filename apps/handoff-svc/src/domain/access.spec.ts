import type { Identity } from '@handoff-graph/auth';
import { handoffParties, mayViewHandoff, mayViewRep } from './access';
import type { OwnerAssignment } from './handoff.types';

const ana: Identity = { subject: 'ana', role: 'REP', repId: 'rep-ana', team: 'EMEA' };
const ben: Identity = { subject: 'ben', role: 'REP', repId: 'rep-ben', team: 'EMEA' };
const carla: Identity = { subject: 'carla', role: 'REP', repId: 'rep-carla', team: 'North America' };
const mara: Identity = { subject: 'mara', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' };
const nick: Identity = { subject: 'nick', role: 'MANAGER', repId: 'rep-nick', team: 'North America' };
const ops: Identity = { subject: 'ops', role: 'OPS', repId: null, team: null };
const partner: Identity = { subject: 'crm-sync', role: 'PARTNER', repId: null, team: null };

const repRef = (repId: string, team: string) => ({ repId, name: repId, email: `${repId}@example.com`, role: 'SDR' as const, team, timezone: 'UTC' });
const assignment = (owner: string, ownerTeam: string, backup: string): OwnerAssignment => ({
  owner: repRef(owner, ownerTeam),
  backup: repRef(backup, ownerTeam),
  territoryId: 'terr-x',
  territoryName: 'X',
  explanation: 'x',
});

describe('handoffParties', () => {
  it('names the current owner, backup and the owner’s team from the owner RepRef', () => {
    expect(handoffParties({ ownerAssignment: assignment('rep-ana', 'EMEA', 'rep-ben'), currentAssignment: null })).toEqual({
      ownerRepId: 'rep-ana',
      backupRepId: 'rep-ben',
      ownerTeam: 'EMEA',
    });
  });

  it('follows a re-route: Carla (North America) owns, Ana backs up, Ben is no longer a party', () => {
    const parties = handoffParties({
      ownerAssignment: assignment('rep-ana', 'EMEA', 'rep-ben'),
      currentAssignment: assignment('rep-carla', 'North America', 'rep-ana'),
    });
    expect(parties).toEqual({ ownerRepId: 'rep-carla', backupRepId: 'rep-ana', ownerTeam: 'North America' });
    expect(mayViewHandoff(ana, parties)).toBe(true);
    expect(mayViewHandoff(ben, parties)).toBe(false);
    expect(mayViewHandoff(mara, parties)).toBe(false);
    expect(mayViewHandoff(nick, parties)).toBe(true);
  });

  it('has no parties when no owner was ever named (ownership unresolved): only ops see it', () => {
    expect(handoffParties({ ownerAssignment: null, currentAssignment: null })).toBeNull();
    expect([ana, mara, ops, partner].map((v) => mayViewHandoff(v, null))).toEqual([false, false, true, false]);
  });
});

describe('mayViewHandoff', () => {
  const anas = handoffParties({ ownerAssignment: assignment('rep-ana', 'EMEA', 'rep-ben'), currentAssignment: null });

  it.each([
    ['the owner', ana, true],
    ['the backup', ben, true],
    ['another rep', carla, false],
    ["the owner's team manager", mara, true],
    ['a manager of another team', nick, false],
    ['ops', ops, true],
    ['a partner', partner, false],
  ] as const)('%s: %s', (_who, viewer, sees) => {
    expect(mayViewHandoff(viewer, anas)).toBe(sees);
  });

  it('lets a rep the handoff was escalated to read it (Nick is on file as Ana’s manager), never a partner', () => {
    expect(mayViewHandoff(nick, anas, ['rep-nick'])).toBe(true);
    expect(mayViewHandoff(carla, anas, ['rep-nick'])).toBe(false);
    expect(mayViewHandoff(partner, anas, ['rep-nick'])).toBe(false);
  });
});

describe('mayViewRep', () => {
  it('REP: own only; MANAGER: own and their team (by the rep profile); OPS: anyone; PARTNER: nobody', () => {
    expect(mayViewRep(ana, 'rep-ana', 'EMEA')).toBe(true);
    expect(mayViewRep(ana, 'rep-ben', 'EMEA')).toBe(false);
    expect(mayViewRep(mara, 'rep-ben', 'EMEA')).toBe(true);
    expect(mayViewRep(mara, 'rep-mara', null)).toBe(true);
    expect(mayViewRep(mara, 'rep-zoe', null)).toBe(false);
    expect(mayViewRep(mara, 'rep-carla', 'North America')).toBe(false);
    expect(mayViewRep(ops, 'rep-carla', null)).toBe(true);
    expect(mayViewRep(partner, 'rep-carla', 'North America')).toBe(false);
  });
});
