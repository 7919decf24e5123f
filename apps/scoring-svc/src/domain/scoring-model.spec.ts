import { SIGNAL_TYPES } from '@handoff-graph/contracts';
import { zodProblems } from '@handoff-graph/graphql';
import { modelFromInput, scoringModelInputSchema } from './scoring-model';
import { FIT_RULE, V1_MODEL } from './scoring-model.fixture';

const rules = () => SIGNAL_TYPES.map((signalType) => ({ signalType, ...V1_MODEL.rules[signalType], label: null }));
const input = (over: Record<string, unknown> = {}) => ({
  version: 'v2',
  description: 'Q1 recalibration',
  threshold: 65,
  rearmMargin: 10,
  cooldownDays: 30,
  rules: rules(),
  fit: FIT_RULE,
  ...over,
});
const problems = (value: unknown) => {
  const parsed = scoringModelInputSchema.safeParse(value);
  return parsed.success ? [] : zodProblems(parsed.error, 'input');
};

describe('createScoringModel input', () => {
  it('a complete input makes a model: labels default to v1 labels, fit kept', () => {
    const model = modelFromInput(scoringModelInputSchema.parse(input()));
    expect(model).toMatchObject({ version: 'v2', threshold: 65, rearmMargin: 10, cooldownDays: 30, fit: FIT_RULE });
    expect(model.rules.PRICING_PAGE_VISIT).toEqual({ points: 9, halfLifeDays: 7, capPoints: 30, label: 'Pricing-page visits' });
  });

  it('refuses a model missing a signal type, naming the types', () => {
    expect(problems(input({ rules: rules().filter((r) => r.signalType !== 'FORM_FILL' && r.signalType !== 'EMAIL_REPLY') }))).toEqual([
      { field: 'input.rules', rule: 'every signal type needs a rule; missing EMAIL_REPLY, FORM_FILL' },
    ]);
  });

  it('refuses a type with two rules', () => {
    expect(problems(input({ rules: [...rules(), { ...rules()[0] }] }))).toEqual([{ field: 'input.rules.8.signalType', rule: 'INTENT_SURGE has more than one rule' }]);
  });

  it('refuses negative points and a half-life of 0, naming the rule index', () => {
    const bad = rules();
    bad[1] = { ...bad[1], points: -1 };
    bad[2] = { ...bad[2], halfLifeDays: 0 };
    expect(problems(input({ rules: bad })).map((p) => p.field)).toEqual(['input.rules.1.points', 'input.rules.2.halfLifeDays']);
  });

  it.each([
    [{ threshold: 0 }, 'input.threshold'],
    [{ threshold: 100.5 }, 'input.threshold'],
    [{ rearmMargin: 65 }, 'input.rearmMargin'],
    [{ cooldownDays: -1 }, 'input.cooldownDays'],
    [{ cooldownDays: 2.5 }, 'input.cooldownDays'],
    [{ version: 'v 2' }, 'input.version'],
    [{ fit: { ...FIT_RULE, capPoints: 65 } }, 'input.fit.capPoints'],
  ])('refuses %p, naming %s first', (over, field) => {
    expect(problems(input(over))[0].field).toBe(field);
  });

  it('refuses overlapping employee bands and an inverted band', () => {
    const fit = {
      ...FIT_RULE,
      employeeBands: [
        { minEmployees: 200, maxEmployees: 1000, points: 4 },
        { minEmployees: 900, maxEmployees: null, points: 2 },
        { minEmployees: 50, maxEmployees: 10, points: 1 },
      ],
    };
    expect(problems(input({ fit }))).toEqual([
      { field: 'input.fit.employeeBands.1', rule: 'overlaps employee band 0: an account must match at most one band' },
      { field: 'input.fit.employeeBands.2.maxEmployees', rule: 'must be at least minEmployees' },
    ]);
  });

  it('accepts no fit and no description', () => {
    expect(problems(input({ fit: undefined, description: undefined }))).toEqual([]);
  });
});
