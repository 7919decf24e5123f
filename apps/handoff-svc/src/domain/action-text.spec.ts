import { SEEDED_PLAYBOOK_RULES } from '../data/migrations/1764100000001-SeedPlaybookRules';
import { MAX_ACTION_LENGTH, validateActionText } from './action-text';
import { validateTemplate } from './next-action';

const rules = (text: string) => {
  const verdict = validateActionText(text);
  return verdict.ok ? [] : verdict.problems.map((p) => p.rule);
};

describe('validateActionText', () => {
  it.each([
    'Call Lena Fischer today and offer a 20-minute pricing walkthrough.',
    'Draft a five-line peer reference outreach to Lena Fischer citing the intent surge.',
    'email Lena the pricing sheet and two meeting slots.',
    'Book a 30-minute onboarding session with Ana.',
    '  Send Ana one customer story from their industry.  ',
  ])('accepts a specific imperative action: %s', (text) => {
    expect(validateActionText(text)).toEqual({ ok: true });
  });

  it.each([
    ['Investigate the account.', 'investigate'],
    ['Research Northwind before calling.', 'research'],
    ['Call Lena after researching her team.', 'research'],
    ['Look into the pricing-page visits.', 'look into'],
    ['Email Lena to follow up on the webinar.', 'follow up'],
    ['Send a follow-up to Lena.', 'follow up'],
    ['Call Lena to check in.', 'check in'],
    ['Email Lena to touch base.', 'touch base'],
    ['Reach out to Lena this week.', 'reach out'],
  ])('refuses the generic "%s" (%s)', (text, phrase) => {
    const verdict = validateActionText(text);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.problems.find((p) => p.rule === 'GENERIC_VERB')?.message).toContain(`"${phrase}"`);
  });

  it('does not mistake words that only contain a generic verb for it', () => {
    expect(rules('Call Lena and check invoice terms before offering a discount.')).toEqual([]);
    expect(rules('Email Lena the lookbook and ask her to reach outcomes-based pricing.')).toEqual([]);
  });

  it.each([
    'You should call Lena today.',
    'Calling Lena today would help.',
    'Lena should get a call today.',
    'Maybe email the pricing sheet.',
    '{contact} needs a call today.',
  ])('refuses text that does not start with an imperative verb: %s', (text) => {
    expect(rules(text)).toEqual(['NOT_IMPERATIVE']);
  });

  it('refuses empty and over-long text', () => {
    expect(rules('   ')).toEqual(['EMPTY']);
    expect(rules(`Call Lena ${'and mention the pricing walkthrough '.repeat(8)}`.slice(0, MAX_ACTION_LENGTH + 1))).toEqual(['TOO_LONG']);
  });

  it('reports every problem at once', () => {
    expect(rules('Investigate and research the account.')).toEqual(['GENERIC_VERB', 'GENERIC_VERB', 'NOT_IMPERATIVE']);
  });
});

describe('the seeded playbook', () => {
  it.each(SEEDED_PLAYBOOK_RULES.map((r) => [r.id, r] as const))('%s writes specific imperative actions with known placeholders', (_id, rule) => {
    expect(validateTemplate(rule.primaryTemplate)).toEqual([]);
    expect(validateTemplate(rule.fallbackTemplate)).toEqual([]);
  });

  it('has one rule per signal type and a catch-all', () => {
    const types = new Set(SEEDED_PLAYBOOK_RULES.map((r) => r.triggerSignalType));
    expect(types.size).toBe(9); // 8 signal types + null
    expect(SEEDED_PLAYBOOK_RULES.filter((r) => r.triggerSignalType === null && r.contactRole === null)).toHaveLength(1);
  });

  it('refuses unknown placeholders in a template', () => {
    expect(validateTemplate('Call {contact} about {acount}.')).toEqual([
      { rule: 'UNKNOWN_PLACEHOLDER', message: '{acount} is not a placeholder ({contact}, {evidence}, {account})' },
    ]);
  });
});
