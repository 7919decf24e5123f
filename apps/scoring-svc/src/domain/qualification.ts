import type { ScoringModel } from './scoring-model';
import { DAY_MS } from './time';

/** Whether an account is currently a marketing-qualified account, and when it last qualified. */
export interface QualificationState {
  qualified: boolean;
  /** The last qualification (the cooldown counts from it); null when it never qualified. */
  lastQualifiedAt: Date | null;
}

export const NEVER_QUALIFIED: QualificationState = { qualified: false, lastQualifiedAt: null };

/** COOLING_DOWN: armed and at or above the threshold, but within the cooldown of the last qualification. */
export type QualificationTransition = 'QUALIFIED' | 'REARMED' | 'COOLING_DOWN' | null;

export type QualificationRules = Pick<ScoringModel, 'threshold' | 'rearmMargin' | 'cooldownDays'>;

/** When the cooldown after the last qualification ends (null: no cooldown running). */
export function cooldownEndsAt(state: QualificationState, model: Pick<ScoringModel, 'cooldownDays'>): Date | null {
  return state.lastQualifiedAt === null ? null : new Date(state.lastQualifiedAt.getTime() + model.cooldownDays * DAY_MS);
}

/**
 * One step of the MQA rule with hysteresis and a cooldown, for the score at `at`:
 * - not qualified and score ≥ threshold → QUALIFIED (the caller emits exactly one account-qualified),
 *   unless `at` is within cooldownDays of the last qualification → COOLING_DOWN, nothing changes
 *   (it qualifies at a later evaluation once the cooldown is over, if the score is still there);
 * - qualified and score < threshold − rearmMargin → REARMED (may qualify again later);
 * - otherwise nothing changes, so an account hovering at the line does not re-qualify.
 */
export function nextQualification(
  state: QualificationState,
  score: number,
  model: QualificationRules,
  at: Date,
): { state: QualificationState; transition: QualificationTransition } {
  if (!state.qualified && score >= model.threshold) {
    const ends = cooldownEndsAt(state, model);
    if (ends !== null && at.getTime() < ends.getTime()) return { state, transition: 'COOLING_DOWN' };
    return { state: { qualified: true, lastQualifiedAt: at }, transition: 'QUALIFIED' };
  }
  if (state.qualified && score < model.threshold - model.rearmMargin) return { state: { ...state, qualified: false }, transition: 'REARMED' };
  return { state, transition: null };
}
