import { EVENT_EXAMPLES, type ScoringSnapshot } from '@handoff-graph/contracts';
import { SEEDED_PLAYBOOK_RULES } from '../data/migrations/1764100000001-SeedPlaybookRules';
import type { PrimaryContact } from './handoff.types';
import { composeNextAction, evidenceClause, selectPlaybookRule, topContributor, type PlaybookRule } from './next-action';

const SEEDED: PlaybookRule[] = SEEDED_PLAYBOOK_RULES.map((r) => ({ ...r, version: 1, stage: null, active: true }));
const SNAPSHOT: ScoringSnapshot = EVENT_EXAMPLES['account-qualified'].scoringSnapshot; // top: pricing visits, +27
const LENA: PrimaryContact = {
  contactId: 'con-lena',
  name: 'Lena Fischer',
  title: 'VP Revenue Operations',
  email: 'lena.fischer@northwind.example',
  committeeRole: 'ECONOMIC_BUYER',
  engagementEvidence: 'Visited /pricing/enterprise on 2026-11-24',
  engagementScore: 27,
};

const withTop = (signalType: ScoringSnapshot['contributors'][number]['signalType'], evidence: string): ScoringSnapshot => ({
  ...SNAPSHOT,
  contributors: [{ signalType, label: 'x', points: 30, evidence, signalIds: ['sig-1'] }, ...SNAPSHOT.contributors.slice(1)],
});

describe('composeNextAction', () => {
  it('writes the pricing rule for a pricing-led economic buyer, with the trigger reason spelled out', () => {
    expect(composeNextAction({ snapshot: SNAPSHOT, primaryContact: LENA, rules: SEEDED })).toEqual({
      ok: true,
      action: {
        primary: 'Call Lena Fischer today and offer a 20-minute pricing walkthrough; mention 3 pricing-page visits in 7 days.',
        fallback: 'Email Lena Fischer a five-line note with the pricing sheet and two meeting slots.',
        triggerReason: 'Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, ECONOMIC_BUYER)',
        playbookRuleId: 'pricing-walkthrough',
      },
      ruleVersion: 1,
    });
  });

  it('writes the peer reference outreach when intent leads', () => {
    const snapshot = withTop('INTENT_SURGE', "Intent surge on 'revenue operations' (bombora) on 2026-11-20, +30");
    const result = composeNextAction({ snapshot, primaryContact: LENA, rules: SEEDED });
    expect(result.ok && result.action.primary).toBe(
      "Draft a five-line peer reference outreach to Lena Fischer citing intent surge on 'revenue operations' (bombora) on 2026-11-20.",
    );
  });

  it("prefers a role-specific rule of higher priority for the contact's role", () => {
    const result = composeNextAction({ snapshot: SNAPSHOT, primaryContact: { ...LENA, committeeRole: 'TECHNICAL_EVALUATOR' }, rules: SEEDED });
    expect(result.ok && result.action.playbookRuleId).toBe('pricing-technical-deep-dive');
  });

  it('falls back to the catch-all when no signal-specific rule is active', () => {
    const rules = SEEDED.map((r) => (r.id === 'pricing-walkthrough' ? { ...r, active: false } : r));
    const result = composeNextAction({ snapshot: SNAPSHOT, primaryContact: LENA, rules });
    expect(result.ok && result.action).toMatchObject({
      playbookRuleId: 'catch-all-discovery',
      primary: 'Call Lena Fischer today and ask for a 20-minute discovery meeting; cite 3 pricing-page visits in 7 days.',
    });
  });

  it('is missing when no rule matches', () => {
    const rules = SEEDED.filter((r) => r.triggerSignalType !== null && r.triggerSignalType !== 'PRICING_PAGE_VISIT');
    expect(composeNextAction({ snapshot: SNAPSHOT, primaryContact: LENA, rules })).toEqual({
      ok: false,
      reason: 'no active playbook rule matches top contributor PRICING_PAGE_VISIT, stage NEW and contact role ECONOMIC_BUYER.',
    });
  });

  it('is missing when there is no primary contact', () => {
    expect(composeNextAction({ snapshot: SNAPSHOT, primaryContact: null, rules: SEEDED })).toEqual({
      ok: false,
      reason: 'there is no primary contact to address the action to.',
    });
  });

  it('is missing when the matching rule writes a generic action', () => {
    const rules: PlaybookRule[] = [{ ...SEEDED[0], id: 'lazy', primaryTemplate: 'Research {contact} and follow up.' }];
    const result = composeNextAction({ snapshot: SNAPSHOT, primaryContact: LENA, rules });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('playbook rule lazy writes an action the validator refuses: "research" is generic') });
  });
});

describe('selectPlaybookRule', () => {
  const rule = (id: string, priority: number, triggerSignalType: PlaybookRule['triggerSignalType'], contactRole: PlaybookRule['contactRole'] = null): PlaybookRule => ({
    id,
    version: 1,
    name: id,
    triggerSignalType,
    stage: null,
    contactRole,
    primaryTemplate: 'Call {contact}.',
    fallbackTemplate: 'Email {contact}.',
    priority,
    active: true,
  });

  it('takes the highest priority, then the more specific rule, then the id', () => {
    expect(selectPlaybookRule([rule('a', 1, null), rule('b', 5, null)], 'FORM_FILL', 'USER')?.id).toBe('b');
    expect(selectPlaybookRule([rule('any', 5, null), rule('form', 5, 'FORM_FILL'), rule('form-user', 5, 'FORM_FILL', 'USER')], 'FORM_FILL', 'USER')?.id).toBe('form-user');
    expect(selectPlaybookRule([rule('z', 5, null), rule('y', 5, null)], 'FORM_FILL', 'USER')?.id).toBe('y');
  });

  it('never matches another role or signal type', () => {
    expect(selectPlaybookRule([rule('a', 9, 'FORM_FILL', 'CHAMPION'), rule('b', 9, 'EMAIL_REPLY')], 'FORM_FILL', 'USER')).toBeUndefined();
  });
});

describe('topContributor and evidenceClause', () => {
  it('takes the contributor with the most points, the first on a tie', () => {
    const c = (points: number, signalType: 'FORM_FILL' | 'EMAIL_REPLY') => ({ signalType, label: 'x', points, evidence: 'e', signalIds: [] });
    expect(topContributor({ ...SNAPSHOT, contributors: [c(5, 'FORM_FILL'), c(9, 'EMAIL_REPLY')] }).signalType).toBe('EMAIL_REPLY');
    expect(topContributor({ ...SNAPSHOT, contributors: [c(9, 'FORM_FILL'), c(9, 'EMAIL_REPLY')] }).signalType).toBe('FORM_FILL');
  });

  it('drops the points suffix and lowers a leading capital, but not an acronym', () => {
    expect(evidenceClause('3 pricing-page visits in 7 days, +27')).toBe('3 pricing-page visits in 7 days');
    expect(evidenceClause("Intent surge on 'revenue operations' (bombora) on 2026-11-20, +25.5")).toBe(
      "intent surge on 'revenue operations' (bombora) on 2026-11-20",
    );
    expect(evidenceClause('API docs visited twice')).toBe('API docs visited twice');
  });
});
