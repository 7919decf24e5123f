import { EVENT_EXAMPLES, createEvent, type OwnerAssignment } from '@handoff-graph/contracts';
import { SEEDED_PLAYBOOK_RULES } from '../data/migrations/1764100000001-SeedPlaybookRules';
import { assembleHandoff, type AssemblyInput } from './assembly';
import type { PlaybookRule } from './next-action';

const example = EVENT_EXAMPLES['account-qualified'];
const OWNER: OwnerAssignment = EVENT_EXAMPLES['ownership-resolved'].ownerAssignment;
const RULES: PlaybookRule[] = SEEDED_PLAYBOOK_RULES.map((r) => ({ ...r, version: 1, stage: null, active: true }));

const base = (): AssemblyInput => ({
  qualification: {
    qualificationId: example.qualificationId,
    accountId: 'acc-northwind',
    qualifiedAt: new Date(example.qualifiedAt),
    scoringSnapshot: example.scoringSnapshot,
  },
  ownership: { kind: 'resolved', ownerAssignment: OWNER },
  account: {
    id: 'acc-northwind',
    crmId: '001-NORTHWIND',
    name: 'Northwind Analytics',
    domain: 'northwind.example',
    firmographics: { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE' },
  },
  contacts: [
    { id: 'con-lena', accountId: 'acc-northwind', name: 'Lena Fischer', title: 'VP Revenue Operations', email: 'lena.fischer@northwind.example', committeeRole: 'ECONOMIC_BUYER' },
    { id: 'con-tom', accountId: 'acc-northwind', name: 'Tom Berg', title: 'Data Engineer', email: 'tom.berg@northwind.example', committeeRole: 'USER' },
  ],
  engagements: [
    { signalId: 's1', contactEmail: 'lena.fischer@northwind.example', signalType: 'PRICING_PAGE_VISIT', occurredAt: new Date('2026-11-24T13:58:40Z'), points: 9, detail: '/pricing/enterprise' },
    { signalId: 's2', contactEmail: 'lena.fischer@northwind.example', signalType: 'WEBINAR_ATTENDED', occurredAt: new Date('2026-11-19T16:00:00Z'), points: 20, detail: 'Fixing the MQA handoff' },
    { signalId: 's3', contactEmail: 'tom.berg@northwind.example', signalType: 'PRODUCT_PAGE_VISIT', occurredAt: new Date('2026-11-23T08:00:00Z'), points: 6, detail: '/product/connectors' },
  ],
  rules: RULES,
  stage: { stage: 'NEW', lastHandoffAt: null },
});

describe('assembleHandoff', () => {
  it('assembles all five elements, in the shape handoff-created publishes', () => {
    const input = base();
    const result = assembleHandoff(input);
    expect(result.complete).toBe(true);
    expect(result.missing).toEqual([]);
    expect(result.elements.namedAccount).toEqual({
      accountId: 'acc-northwind',
      crmId: '001-NORTHWIND',
      name: 'Northwind Analytics',
      domain: 'northwind.example',
      firmographics: input.account!.firmographics,
    });
    expect(result.elements.primaryContact).toMatchObject({
      contactId: 'con-lena',
      engagementScore: 29, // 9 + 20; Tom has 6
      engagementEvidence: "Visited /pricing/enterprise on 2026-11-24; attended webinar 'Fixing the MQA handoff' on 2026-11-19",
    });
    expect(result.elements.scoringSnapshot).toBe(example.scoringSnapshot); // as it was, not recomputed
    expect(result.elements.nextAction).toEqual({
      primary: 'Call Lena Fischer today and offer a 20-minute pricing walkthrough; mention 3 pricing-page visits in 7 days.',
      fallback: 'Email Lena Fischer a five-line note with the pricing sheet and two meeting slots.',
      triggerReason: 'Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, ECONOMIC_BUYER)',
      playbookRuleId: 'pricing-walkthrough',
    });
    expect(result.elements.ownerAssignment).toBe(OWNER);

    const { namedAccount, primaryContact, scoringSnapshot, nextAction, ownerAssignment } = result.elements;
    expect(() =>
      createEvent(
        'handoff-created',
        {
          handoffId: '00000000-0000-4000-8000-000000000001',
          qualificationId: example.qualificationId,
          createdAt: '2026-11-24T14:02:13.000Z',
          account: namedAccount!,
          primaryContact: primaryContact!,
          scoringSnapshot: scoringSnapshot!,
          nextAction: nextAction!,
          ownerAssignment: ownerAssignment!,
        },
        { aggregateId: 'acc-northwind', producer: 'spec' },
      ),
    ).not.toThrow();
  });

  it('is incomplete naming PRIMARY_CONTACT and NEXT_ACTION when no contact engaged', () => {
    const result = assembleHandoff({ ...base(), engagements: [] });
    expect(result.complete).toBe(false);
    expect(result.missing).toEqual([
      { element: 'PRIMARY_CONTACT', reason: 'PRIMARY_CONTACT: no contact of Northwind Analytics engaged in the 28 days before qualification.' },
      { element: 'NEXT_ACTION', reason: 'NEXT_ACTION: there is no primary contact to address the action to.' },
    ]);
    expect(result.elements).toMatchObject({ primaryContact: null, nextAction: null, ownerAssignment: OWNER });
    expect(result.elements.namedAccount).not.toBeNull();
  });

  it('is incomplete naming OWNER_ASSIGNMENT with ownership-svc’s reason when ownership is unresolved', () => {
    const reason = EVENT_EXAMPLES['ownership-unresolved'].reason;
    const result = assembleHandoff({ ...base(), ownership: { kind: 'unresolved', reason } });
    expect(result.missing).toEqual([{ element: 'OWNER_ASSIGNMENT', reason: `OWNER_ASSIGNMENT: ${reason}` }]);
    expect(result.elements.ownerAssignment).toBeNull();
    expect(result.elements.nextAction).not.toBeNull();
  });

  it('names every missing element in protocol order when the account is not in the mirror', () => {
    const result = assembleHandoff({ ...base(), account: null, contacts: [], ownership: { kind: 'unresolved', reason: 'No territory.' } });
    expect(result.missing.map((m) => m.element)).toEqual(['NAMED_ACCOUNT', 'PRIMARY_CONTACT', 'NEXT_ACTION', 'OWNER_ASSIGNMENT']);
    expect(result.missing[0].reason).toBe('NAMED_ACCOUNT: account acc-northwind is not in the CRM mirror.');
    expect(result.missing[1].reason).toBe('PRIMARY_CONTACT: no contact of acc-northwind engaged in the 28 days before qualification (3 engagements came from emails not in the CRM mirror).');
  });

  it('ignores contacts of another account', () => {
    const input = base();
    input.contacts = input.contacts.map((c) => (c.id === 'con-lena' ? { ...c, accountId: 'acc-other' } : c));
    expect(assembleHandoff(input).elements.primaryContact?.contactId).toBe('con-tom');
  });

  it('is incomplete naming NEXT_ACTION when no playbook rule matches', () => {
    const result = assembleHandoff({ ...base(), rules: RULES.filter((r) => r.triggerSignalType === 'FORM_FILL') });
    expect(result.missing.map((m) => m.element)).toEqual(['NEXT_ACTION']);
  });
});

describe('assembly of a re-engaged account', () => {
  it('records the rule version and writes the stage into the trigger reason', () => {
    const result = assembleHandoff({ ...base(), stage: { stage: 'RE_ENGAGED', lastHandoffAt: new Date('2026-09-02T10:00:00Z') } });
    expect(result.playbookRuleVersion).toBe(1);
    expect(result.elements.nextAction?.triggerReason).toBe(
      'Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, ECONOMIC_BUYER); re-engaged account, last handed off on 2026-09-02',
    );
  });

  it('has no rule version when the next action is missing', () => {
    expect(assembleHandoff({ ...base(), engagements: [] }).playbookRuleVersion).toBeNull();
  });
});
