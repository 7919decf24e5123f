import type { ScoringModel } from './scoring-model';

/** Whether an account is currently a marketing-qualified account. */
export interface QualificationState {
  qualified: boolean;
}

export type QualificationTransition = 'QUALIFIED' | 'REARMED' | null;

/**
 * One step of the MQA rule with hysteresis:
 * - not qualified and score ≥ threshold → QUALIFIED (the caller emits exactly one account-qualified);
 * - qualified and score < threshold − rearmMargin → REARMED (may qualify again later);
 * - otherwise nothing changes, so an account hovering at the line does not re-qualify.
 */
export function nextQualification(
  state: QualificationState,
  score: number,
  model: Pick<ScoringModel, 'threshold' | 'rearmMargin'>,
): { state: QualificationState; transition: QualificationTransition } {
  if (!state.qualified && score >= model.threshold) return { state: { qualified: true }, transition: 'QUALIFIED' };
  if (state.qualified && score < model.threshold - model.rearmMargin) return { state: { qualified: false }, transition: 'REARMED' };
  return { state, transition: null };
}
