import {
  applyHandoffCreated,
  applyHandoffDelivered,
  applyHandoffRerouted,
  type HandoffCreatedFacts,
  type HandoffDeliveredFacts,
  type HandoffReroutedFacts,
} from './handoff-record';

const created: HandoffCreatedFacts = {
  handoffId: 'h-1',
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
  ownerName: 'Ana Ortiz',
  ownerTeam: 'EMEA',
  ownerTimeZone: 'Europe/Berlin',
  backupRepId: 'rep-ben',
  territoryId: 'terr-emea-saas',
  territoryName: 'EMEA SaaS',
  modelVersion: 'v1',
  topContributor: 'PRICING_PAGE_VISIT',
  playbookRuleId: 'pricing-intent',
  createdAt: created.createdAt,
  deliveredAt: delivered.deliveredAt,
  queueDate: '2026-11-24',
  correlationId: 'corr-1',
};
const rerouted: HandoffReroutedFacts = {
  handoffId: 'h-1',
  ownerRepId: 'rep-carla',
  ownerName: 'Carla Reyes',
  ownerTeam: 'EMEA Enterprise',
  ownerTimeZone: 'Europe/Madrid',
  backupRepId: 'rep-ana',
  territoryId: 'terr-emea-ent',
  territoryName: 'EMEA Enterprise',
};

describe('the handoff record projection', () => {
  it('is complete whichever of handoff-created and handoff-delivered arrives first', () => {
    expect(applyHandoffDelivered(applyHandoffCreated(null, created), delivered)).toEqual(complete);
    expect(applyHandoffCreated(applyHandoffDelivered(null, delivered), created)).toEqual(complete);
  });

  it('knows who may give feedback as soon as either event arrived', () => {
    expect(applyHandoffCreated(null, created)).toMatchObject({ ownerRepId: 'rep-ana', deliveredAt: null, queueDate: null });
    expect(applyHandoffDelivered(null, delivered)).toMatchObject({ ownerRepId: 'rep-ana', territoryId: null, createdAt: null, ownerTeam: null });
  });

  it('keeps the delivery (time and owner) once delivered: a repeated event changes nothing', () => {
    const record = applyHandoffDelivered(applyHandoffCreated(null, created), delivered);
    expect(applyHandoffDelivered(record, { ...delivered, deliveredAt: new Date('2026-11-25T08:00:00.000Z'), ownerRepId: 'rep-cara' })).toEqual(record);
    expect(applyHandoffCreated(record, { ...created, ownerRepId: 'rep-cara', ownerTeam: 'NA' })).toEqual(record);
  });

  it('takes the delivered owner over the created one, and does not give it the other rep\'s team', () => {
    const record = applyHandoffDelivered(applyHandoffCreated(null, created), { ...delivered, ownerRepId: 'rep-cara' });
    expect(record).toMatchObject({ ownerRepId: 'rep-cara', ownerName: null, ownerTeam: null, ownerTimeZone: null, territoryId: 'terr-emea-saas' });
    const late = applyHandoffCreated(applyHandoffDelivered(null, { ...delivered, ownerRepId: 'rep-cara' }), created);
    expect(late).toMatchObject({ ownerRepId: 'rep-cara', ownerTeam: null, topContributor: 'PRICING_PAGE_VISIT', playbookRuleId: 'pricing-intent' });
  });

  it('moves a delivered handoff to the new owner and backup on a re-route, keeping the delivery', () => {
    const record = applyHandoffRerouted(applyHandoffDelivered(applyHandoffCreated(null, created), delivered), rerouted);
    expect(record).toEqual({
      ...complete,
      ownerRepId: 'rep-carla',
      ownerName: 'Carla Reyes',
      ownerTeam: 'EMEA Enterprise',
      ownerTimeZone: 'Europe/Madrid',
      backupRepId: 'rep-ana',
      territoryId: 'terr-emea-ent',
      territoryName: 'EMEA Enterprise',
    });
    // A replayed handoff-created or handoff-delivered does not undo the re-route.
    expect(applyHandoffCreated(record, created)).toEqual(record);
    expect(applyHandoffDelivered(record!, delivered)).toEqual(record);
  });

  it('ignores a re-route of a handoff it never saw', () => {
    expect(applyHandoffRerouted(null, rerouted)).toBeNull();
  });
});
