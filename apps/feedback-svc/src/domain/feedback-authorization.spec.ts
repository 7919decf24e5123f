import type { Identity } from '@handoff-graph/auth';
import { actingRep, authorizeFeedback } from './feedback-authorization';
import { decideFeedback } from './feedback-rules';
import { applyHandoffCreated, applyHandoffDelivered, applyHandoffRerouted } from './handoff-record';

const handoff = { handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01', ownerRepId: 'rep-ana', backupRepId: 'rep-ben' };

const ana: Identity = { subject: 'ana.ortiz@example.com', role: 'REP', repId: 'rep-ana', team: 'EMEA' };
const mara: Identity = { subject: 'mara.lind@example.com', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' };
const ops: Identity = { subject: 'ops@example.com', role: 'OPS', repId: null, team: null };
const partner: Identity = { subject: 'crm-task-sync', role: 'PARTNER', repId: null, team: null };

describe('whose feedback it is, from the verified identity', () => {
  it('is the rep themselves when they leave repId out', () => {
    expect(actingRep(ana, null)).toEqual({ ok: true, repId: 'rep-ana', onBehalf: false });
  });

  it('is the rep themselves when they name their own repId', () => {
    expect(actingRep(ana, 'rep-ana')).toEqual({ ok: true, repId: 'rep-ana', onBehalf: false });
  });

  it('refuses a REP naming another rep: FORBIDDEN on input.repId', () => {
    expect(actingRep(ana, 'rep-carla')).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      field: 'input.repId',
      message: 'you are rep-ana: a REP gives feedback only as themselves, not as rep-carla (only OPS records feedback for another rep)',
    });
  });

  it('lets a MANAGER act only as themselves too (not for a rep on their team)', () => {
    expect(actingRep(mara, null)).toEqual({ ok: true, repId: 'rep-mara', onBehalf: false });
    expect(actingRep(mara, 'rep-ana')).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'input.repId' });
  });

  it('lets OPS record feedback for the rep it names, and asks it to name one', () => {
    expect(actingRep(ops, 'rep-carla')).toEqual({ ok: true, repId: 'rep-carla', onBehalf: true });
    expect(actingRep(ops, null)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT', field: 'input.repId' });
  });

  it('never lets a PARTNER tool give feedback', () => {
    expect(actingRep(partner, 'rep-ana')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(actingRep(partner, null)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('compares rep ids exactly: REP-ANA is not rep-ana', () => {
    expect(actingRep(ana, 'REP-ANA')).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'input.repId' });
  });
});

describe('who may give feedback on a handoff (pure rule)', () => {
  it('allows the owner, as OWNER', () => {
    expect(authorizeFeedback({ repId: 'rep-ana' }, handoff)).toEqual({ allowed: true, as: 'OWNER' });
  });

  it('allows the backup, as BACKUP', () => {
    expect(authorizeFeedback({ repId: 'rep-ben' }, handoff)).toEqual({ allowed: true, as: 'BACKUP' });
  });

  it('refuses anyone else, naming the owner, the backup and the handoff', () => {
    expect(authorizeFeedback({ repId: 'rep-carla' }, handoff)).toEqual({
      allowed: false,
      message: 'rep-carla is neither the owner (rep-ana) nor the backup (rep-ben) of handoff b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01; only they may give feedback on it',
    });
  });

  it.each(['REP-ANA', ' rep-ana', 'rep-an', ''])('compares rep ids exactly: %j is refused', (repId) => {
    expect(authorizeFeedback({ repId }, handoff).allowed).toBe(false);
  });

  it('follows a re-route: the new owner and backup may give feedback, the old backup no longer', () => {
    const base = applyHandoffDelivered(null, {
      handoffId: handoff.handoffId,
      accountId: 'acc-northwind',
      ownerRepId: 'rep-ana',
      backupRepId: 'rep-ben',
      deliveredAt: new Date('2026-11-24T14:00:00Z'),
      queueDate: '2026-11-24',
      correlationId: 'c',
    });
    const moved = applyHandoffRerouted(base, {
      handoffId: handoff.handoffId,
      ownerRepId: 'rep-carla',
      ownerName: 'Carla Reyes',
      ownerTeam: 'EMEA',
      ownerTimeZone: 'Europe/Madrid',
      backupRepId: 'rep-ana',
      territoryId: 'terr-emea-ent',
      territoryName: 'EMEA Enterprise',
    })!;
    expect(authorizeFeedback({ repId: 'rep-carla' }, moved)).toEqual({ allowed: true, as: 'OWNER' });
    expect(authorizeFeedback({ repId: 'rep-ana' }, moved)).toEqual({ allowed: true, as: 'BACKUP' });
    expect(authorizeFeedback({ repId: 'rep-ben' }, moved).allowed).toBe(false);
  });

  it('is the rule decideFeedback applies: FORBIDDEN on input.repId, before any conflict is looked at', () => {
    const record = applyHandoffCreated(null, {
      handoffId: handoff.handoffId,
      accountId: 'acc-northwind',
      ownerRepId: 'rep-ana',
      ownerName: 'Ana Ortiz',
      ownerTeam: 'EMEA',
      ownerTimeZone: 'Europe/Berlin',
      backupRepId: 'rep-ben',
      territoryId: 'terr-emea-saas',
      territoryName: 'EMEA SaaS',
      modelVersion: 'v1',
      topContributor: 'PRICING_PAGE_VISIT',
      playbookRuleId: 'pricing-intent',
      createdAt: new Date('2026-11-24T14:00:00Z'),
      correlationId: 'c',
    });
    const rejectedBefore = {
      feedbackId: 'f-1',
      handoffId: handoff.handoffId,
      kind: 'REJECTED' as const,
      repId: 'rep-ana',
      reason: 'NO_FIT' as const,
      note: null,
      channel: null,
      at: new Date('2026-11-24T15:00:00Z'),
      recordedAt: new Date('2026-11-24T15:00:00Z'),
      recordedBy: null,
    };
    const decision = decideFeedback(
      { kind: 'REJECTED', handoffId: handoff.handoffId, repId: 'rep-carla', recordedBy: 'carla.reyes@example.com', reason: 'DUPLICATE', note: null },
      { handoff: record, history: [rejectedBefore] },
      { now: new Date('2026-11-25T12:00:00Z'), feedbackId: 'f-2' },
    );
    expect(decision).toEqual({
      ok: false,
      refusal: { code: 'FORBIDDEN', field: 'input.repId', message: expect.stringContaining('rep-carla is neither the owner (rep-ana)') },
    });
  });
});
