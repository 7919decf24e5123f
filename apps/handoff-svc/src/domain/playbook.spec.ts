import { EVENT_EXAMPLES, type ScoringSnapshot } from '@handoff-graph/contracts';
import type { PrimaryContact } from './handoff.types';
import { accountStage, composeNextAction, selectPlaybookRule, type PlaybookRule } from './next-action';
import { playbookRuleInputSchema, ruleIdSchema, validatePlaybookRule, type PlaybookRuleInput } from './playbook';

const input = (over: Partial<PlaybookRuleInput> = {}): PlaybookRuleInput =>
  playbookRuleInputSchema.parse({
    name: 'Re-engaged pricing interest',
    triggerSignalType: 'PRICING_PAGE_VISIT',
    stage: 'RE_ENGAGED',
    contactRole: null,
    primaryTemplate: 'Call {contact} and ask what changed since the last evaluation; mention {evidence}.',
    fallbackTemplate: 'Email {contact} the current {account} pricing with two meeting slots.',
    priority: 120,
    ...over,
  });

describe('validatePlaybookRule', () => {
  it('accepts specific imperative templates with known placeholders', () => {
    expect(validatePlaybookRule(input())).toEqual([]);
  });

  it('refuses a generic primary action, naming the field and the rule', () => {
    expect(validatePlaybookRule(input({ primaryTemplate: 'Follow up with {contact} on {evidence}.' }))).toEqual([
      { field: 'input.primaryTemplate', rule: 'GENERIC_VERB: "follow up" is generic: name the concrete touch (call, email, draft, book…)' },
      { field: 'input.primaryTemplate', rule: expect.stringMatching(/^NOT_IMPERATIVE: must start with an imperative verb/) },
    ]);
  });

  it('refuses a non-imperative fallback', () => {
    expect(validatePlaybookRule(input({ fallbackTemplate: 'Maybe an email to {contact} would help.' }))).toEqual([
      { field: 'input.fallbackTemplate', rule: expect.stringMatching(/^NOT_IMPERATIVE: .*not "Maybe"$/) },
    ]);
  });

  it('refuses an unknown placeholder and a fallback identical to the primary', () => {
    const same = 'Call {contact} today.';
    expect(validatePlaybookRule(input({ primaryTemplate: same, fallbackTemplate: same }))).toEqual([
      { field: 'input.fallbackTemplate', rule: 'SAME_AS_PRIMARY: the fallback must be a different touch from the primary action' },
    ]);
    expect(validatePlaybookRule(input({ primaryTemplate: 'Call {contact} about {company}.' }))).toEqual([
      { field: 'input.primaryTemplate', rule: 'UNKNOWN_PLACEHOLDER: {company} is not a placeholder ({contact}, {evidence}, {account})' },
    ]);
  });

  it('checks the shape: rule ids are slugs, priority is a bounded integer', () => {
    expect(ruleIdSchema.safeParse('Pricing Walkthrough').success).toBe(false);
    expect(ruleIdSchema.safeParse('pricing-walkthrough').success).toBe(true);
    expect(playbookRuleInputSchema.safeParse({ ...input(), priority: 1.5 }).success).toBe(false);
    expect(playbookRuleInputSchema.parse({ ...input(), active: undefined }).active).toBe(true);
  });
});

describe('the account stage', () => {
  it('is NEW without an earlier delivered handoff, RE_ENGAGED with one (the latest named)', () => {
    expect(accountStage([])).toEqual({ stage: 'NEW', lastHandoffAt: null });
    expect(accountStage([{ createdAt: new Date('2026-09-02T10:00:00Z'), delivered: false }])).toEqual({ stage: 'NEW', lastHandoffAt: null });
    expect(
      accountStage([
        { createdAt: new Date('2026-06-01T10:00:00Z'), delivered: true },
        { createdAt: new Date('2026-09-02T10:00:00Z'), delivered: true },
      ]),
    ).toEqual({ stage: 'RE_ENGAGED', lastHandoffAt: new Date('2026-09-02T10:00:00Z') });
  });
});

describe('stage-keyed rules', () => {
  const SNAPSHOT: ScoringSnapshot = EVENT_EXAMPLES['account-qualified'].scoringSnapshot;
  const LENA: PrimaryContact = {
    contactId: 'con-lena',
    name: 'Lena Fischer',
    title: null,
    email: 'lena@northwind.example',
    committeeRole: 'ECONOMIC_BUYER',
    engagementEvidence: 'Visited /pricing on 2026-11-24',
    engagementScore: 9,
  };
  const rule = (id: string, stage: PlaybookRule['stage'], version = 1): PlaybookRule => ({
    id,
    version,
    name: id,
    triggerSignalType: 'PRICING_PAGE_VISIT',
    stage,
    contactRole: null,
    primaryTemplate: `Call {contact} about {account} (${id}).`,
    fallbackTemplate: 'Email {contact} two meeting slots.',
    priority: 100,
    active: true,
  });
  const rules = [rule('pricing-any', null), rule('pricing-back', 'RE_ENGAGED', 3)];

  it('prefers the RE_ENGAGED rule for a returning account and the stage-free rule for a new one', () => {
    expect(selectPlaybookRule(rules, 'PRICING_PAGE_VISIT', 'ECONOMIC_BUYER', 'RE_ENGAGED')?.id).toBe('pricing-back');
    expect(selectPlaybookRule(rules, 'PRICING_PAGE_VISIT', 'ECONOMIC_BUYER', 'NEW')?.id).toBe('pricing-any');
  });

  it('records the rule version and writes the stage into the trigger reason', () => {
    const result = composeNextAction({
      snapshot: SNAPSHOT,
      primaryContact: LENA,
      rules,
      stage: { stage: 'RE_ENGAGED', lastHandoffAt: new Date('2026-09-02T10:00:00Z') },
      accountName: 'Northwind Analytics',
    });
    expect(result).toEqual({
      ok: true,
      ruleVersion: 3,
      action: {
        primary: 'Call Lena Fischer about Northwind Analytics (pricing-back).',
        fallback: 'Email Lena Fischer two meeting slots.',
        triggerReason: 'Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, ECONOMIC_BUYER); re-engaged account, last handed off on 2026-09-02',
        playbookRuleId: 'pricing-back',
      },
    });
  });
});
