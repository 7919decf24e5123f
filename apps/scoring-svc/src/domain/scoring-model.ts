import { SIGNAL_TYPES, signalTypeSchema, type SignalType } from '@handoff-graph/contracts';
import { z } from 'zod';

/** How one signal type scores: its points when fresh, how fast they fade and how many it can add at most. */
export const signalRuleSchema = z.strictObject({
  /** Points a signal of this type adds on the moment it happens. */
  points: z.number().nonnegative(),
  /** Days after which a signal is worth half its points (exponential decay). */
  halfLifeDays: z.number().positive(),
  /** The most points all signals of this type together can add. */
  capPoints: z.number().nonnegative(),
  /** The name a rep reads, e.g. "Pricing-page visits". */
  label: z.string().min(1),
});
export type SignalRule = z.infer<typeof signalRuleSchema>;

/** One rule per signal type the contracts know (a model that forgets a type is refused). */
export const scoringRulesSchema = z.record(signalTypeSchema, signalRuleSchema);
export type ScoringRules = Record<SignalType, SignalRule>;

const fitPoints = z.number().nonnegative().max(100);

/**
 * The firmographic fit component: points for matching the ideal customer profile, from the
 * account directory (the CRM mirror's firmographics). Industry and region match case-insensitively;
 * an employee band matches when min ≤ employees ≤ max (max null = no upper bound). The matched
 * parts add up, capped at capPoints. Fit does not decay: it is what the account is, not what it did.
 */
export const fitRuleSchema = z
  .strictObject({
    /** The most points the fit component adds. */
    capPoints: fitPoints,
    industries: z.array(z.strictObject({ industry: z.string().trim().min(1).max(100), points: fitPoints })).max(50),
    employeeBands: z
      .array(
        z.strictObject({
          minEmployees: z.number().int().nonnegative(),
          maxEmployees: z
            .number()
            .int()
            .nonnegative()
            .nullish()
            .transform((v) => v ?? null),
          points: fitPoints,
        }),
      )
      .max(20),
    regions: z.array(z.strictObject({ region: z.string().trim().min(1).max(50), points: fitPoints })).max(50),
  })
  .superRefine((fit, ctx) => {
    const duplicates = (values: string[], path: string, what: string) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        const key = v.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [path, i], message: `${what} '${v}' is listed twice` });
        seen.add(key);
      });
    };
    duplicates(fit.industries.map((i) => i.industry), 'industries', 'industry');
    duplicates(fit.regions.map((r) => r.region), 'regions', 'region');
    fit.employeeBands.forEach((band, i) => {
      if (band.maxEmployees !== null && band.maxEmployees < band.minEmployees) {
        ctx.addIssue({ code: 'custom', path: ['employeeBands', i, 'maxEmployees'], message: 'must be at least minEmployees' });
      }
      fit.employeeBands.slice(0, i).forEach((other, j) => {
        const overlaps =
          (other.maxEmployees === null || band.minEmployees <= other.maxEmployees) &&
          (band.maxEmployees === null || other.minEmployees <= band.maxEmployees);
        if (overlaps) ctx.addIssue({ code: 'custom', path: ['employeeBands', i], message: `overlaps employee band ${j}: an account must match at most one band` });
      });
    });
  });
export type FitRule = z.infer<typeof fitRuleSchema>;

/**
 * A scoring model version. The domain never loads one: callers pass it in, so any score can be
 * recomputed for any (signals, firmographics, model, as-of time).
 */
export const scoringModelSchema = z
  .strictObject({
    version: z.string().min(1),
    /** The MQA threshold: a score at or above it qualifies the account. */
    threshold: z.number().positive().max(100),
    /** A qualified account re-arms only once its score falls below threshold − rearmMargin. */
    rearmMargin: z.number().nonnegative(),
    /** No second qualification within this many days of the last one, even when re-armed. */
    cooldownDays: z.number().nonnegative(),
    rules: scoringRulesSchema,
    /** Firmographic fit (null: the model does not score fit). */
    fit: fitRuleSchema.nullable(),
  })
  .refine((m) => m.rearmMargin < m.threshold, { message: 'the re-arm margin must be below the threshold', path: ['rearmMargin'] });
export type ScoringModel = z.infer<typeof scoringModelSchema>;

/** The rules in the contracts' signal-type order, for listing. */
export function rulesInOrder(model: Pick<ScoringModel, 'rules'>): (SignalRule & { signalType: SignalType })[] {
  return SIGNAL_TYPES.map((signalType) => ({ signalType, ...model.rules[signalType] }));
}

/** The labels of the v1 model, used when a new version's rule does not name its own. */
export const DEFAULT_LABELS: Record<SignalType, string> = {
  INTENT_SURGE: 'Intent surge',
  PRICING_PAGE_VISIT: 'Pricing-page visits',
  PRODUCT_PAGE_VISIT: 'Product-page visits',
  CONTENT_DOWNLOAD: 'Content downloads',
  WEBINAR_ATTENDED: 'Webinar attendance',
  EMAIL_REPLY: 'Email replies',
  FORM_FILL: 'Form fills',
  TRIAL_ACTIVITY: 'Trial activity',
};

/** A version name: what ops type in activateScoringModel and read on every snapshot. */
export const modelVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a version name of letters, digits, ".", "_" or "-" (at most 32 characters), e.g. v2');

const ruleInputSchema = z.strictObject({
  signalType: signalTypeSchema,
  points: z.number().nonnegative().max(100),
  halfLifeDays: z.number().positive().max(365),
  capPoints: z.number().nonnegative().max(100),
  label: z.string().trim().min(1).max(60).nullish(),
});

/**
 * createScoringModel's input: every signal type exactly once, points ≥ 0, half-life > 0,
 * threshold in (0, 100], re-arm margin in [0, threshold), cooldown 0–365 whole days, and a fit cap
 * below the threshold (firmographics alone never qualify an account: it must also show behaviour).
 */
export const scoringModelInputSchema = z
  .strictObject({
    version: modelVersionSchema,
    description: z.string().trim().max(2000).nullish(),
    threshold: z.number().gt(0, 'must be above 0').max(100),
    rearmMargin: z.number().nonnegative(),
    cooldownDays: z.number().int().nonnegative().max(365),
    rules: z.array(ruleInputSchema),
    fit: fitRuleSchema.nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.rearmMargin >= input.threshold) {
      ctx.addIssue({ code: 'custom', path: ['rearmMargin'], message: `must be below the threshold (${input.threshold})` });
    }
    const seen = new Set<SignalType>();
    input.rules.forEach((rule, i) => {
      if (seen.has(rule.signalType)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'signalType'], message: `${rule.signalType} has more than one rule` });
      seen.add(rule.signalType);
    });
    const missing = SIGNAL_TYPES.filter((t) => !seen.has(t));
    if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['rules'], message: `every signal type needs a rule; missing ${missing.join(', ')}` });
    if (input.fit && input.fit.capPoints >= input.threshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['fit', 'capPoints'],
        message: `must be below the threshold (${input.threshold}): firmographics alone never qualify an account`,
      });
    }
  });
export type ScoringModelInput = z.infer<typeof scoringModelInputSchema>;

/** The model a valid input describes. */
export function modelFromInput(input: ScoringModelInput): ScoringModel {
  const rules = Object.fromEntries(
    input.rules.map((r) => [r.signalType, { points: r.points, halfLifeDays: r.halfLifeDays, capPoints: r.capPoints, label: r.label ?? DEFAULT_LABELS[r.signalType] }]),
  ) as ScoringRules;
  return scoringModelSchema.parse({
    version: input.version,
    threshold: input.threshold,
    rearmMargin: input.rearmMargin,
    cooldownDays: input.cooldownDays,
    rules,
    fit: input.fit ?? null,
  });
}
