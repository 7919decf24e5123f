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

/**
 * A scoring model version. The domain never loads one: callers pass it in, so any score can be
 * recomputed for any (signals, model, as-of time).
 */
export const scoringModelSchema = z
  .strictObject({
    version: z.string().min(1),
    /** The MQA threshold: a score at or above it qualifies the account. */
    threshold: z.number().positive().max(100),
    /** A qualified account re-arms only once its score falls below threshold − rearmMargin. */
    rearmMargin: z.number().nonnegative(),
    rules: scoringRulesSchema,
  })
  .refine((m) => m.rearmMargin < m.threshold, { message: 'the re-arm margin must be below the threshold', path: ['rearmMargin'] });
export type ScoringModel = z.infer<typeof scoringModelSchema>;

/** The rules in the contracts' signal-type order, for listing. */
export function rulesInOrder(model: ScoringModel): (SignalRule & { signalType: SignalType })[] {
  return SIGNAL_TYPES.map((signalType) => ({ signalType, ...model.rules[signalType] }));
}
