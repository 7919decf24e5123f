import { applyHandoffCreated, applyHandoffDelivered, type HandoffCreatedFacts, type HandoffDeliveredFacts } from './handoff-record';

const created: HandoffCreatedFacts = {
  handoffId: 'h-1',
  accountId: 'acc-northwind',
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
  territoryId: 'terr-emea-saas',
  modelVersion: 'v1',
  createdAt: new Date('2026-11-24T14:02:13.000Z'),
  correlationId: 'corr-1',
};
const delivered: HandoffDeliveredFacts = {
  handoffId: 'h-1',
  accountId: 'acc-northwind',
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
  deliveredAt: new Date('2026-11-24T14:02:14.000Z'),
  queueDate: '2026-11-24',
  correlationId: 'corr-1',
};
const complete = {
  handoffId: 'h-1',
  accountId: 'acc-northwind',
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
  territoryId: 'terr-emea-saas',
  modelVersion: 'v1',
  createdAt: created.createdAt,
  deliveredAt: delivered.deliveredAt,
  queueDate: '2026-11-24',
  correlationId: 'corr-1',
};

describe('the handoff record projection', () => {
  it('is complete whichever of handoff-created and handoff-delivered arrives first', () => {
    expect(applyHandoffDelivered(applyHandoffCreated(null, created), delivered)).toEqual(complete);
    expect(applyHandoffCreated(applyHandoffDelivered(null, delivered), created)).toEqual(complete);
  });

  it('knows who may give feedback as soon as either event arrived', () => {
    expect(applyHandoffCreated(null, created)).toMatchObject({ ownerRepId: 'rep-ana', deliveredAt: null, queueDate: null });
    expect(applyHandoffDelivered(null, delivered)).toMatchObject({ ownerRepId: 'rep-ana', territoryId: null, createdAt: null });
  });

  it('keeps the delivery (time and owner) once delivered: a repeated event changes nothing', () => {
    const record = applyHandoffDelivered(applyHandoffCreated(null, created), delivered);
    expect(applyHandoffDelivered(record, { ...delivered, deliveredAt: new Date('2026-11-25T08:00:00.000Z'), ownerRepId: 'rep-cara' })).toEqual(record);
    expect(applyHandoffCreated(record, { ...created, ownerRepId: 'rep-cara' })).toEqual(record);
  });

  it('takes the delivered owner over the created one when they differ', () => {
    const record = applyHandoffDelivered(applyHandoffCreated(null, created), { ...delivered, ownerRepId: 'rep-cara' });
    expect(record.ownerRepId).toBe('rep-cara');
    expect(applyHandoffCreated(applyHandoffDelivered(null, { ...delivered, ownerRepId: 'rep-cara' }), created).ownerRepId).toBe('rep-cara');
  });
});
