import { nextQualification, type QualificationRules, type QualificationState } from './qualification';

/** What the signals counted at one instant did to an account. */
export interface EvaluationOutcome {
  scoreBefore: number;
  scoreAfter: number;
  state: QualificationState;
  /** The account had been qualified and its score had since fallen below threshold − margin. */
  rearmed: boolean;
  /** It qualified now: emit exactly one account-qualified. */
  qualified: boolean;
  /** It would have qualified but is within the cooldown of its last qualification. */
  coolingDown: boolean;
}

/**
 * One evaluation at instant `at`, when new signals (a batch, a Kafka message, signals matched to a
 * newly known account) start counting. Between evaluations a score only falls (decay, signals
 * leaving the 90-day window), so its lowest point since the last one is `scoreBefore` (the score at
 * `at` without the new signals): the re-arm rule is checked on that, the qualify rule on
 * `scoreAfter`. Signals counted at the same instant are one step — replaying the account at `at`
 * sees exactly them, so a stored qualification snapshot can be recomputed.
 */
export function evaluateAt(state: QualificationState, scoreBefore: number, scoreAfter: number, model: QualificationRules, at: Date): EvaluationOutcome {
  // Only the re-arm rule looks at the score before: qualifying is decided on the score after.
  const rearmedBefore = state.qualified && scoreBefore < model.threshold - model.rearmMargin;
  const armed = rearmedBefore ? { ...state, qualified: false } : state;
  const after = nextQualification(armed, scoreAfter, model, at);
  return {
    scoreBefore,
    scoreAfter,
    state: after.state,
    rearmed: rearmedBefore || after.transition === 'REARMED',
    qualified: after.transition === 'QUALIFIED',
    coolingDown: after.transition === 'COOLING_DOWN',
  };
}
