import { nextQualification, type QualificationState } from './qualification';
import { score } from './score';
import type { ScoringModel } from './scoring-model';
import type { ScoringSignal } from './signal';

export interface SignalOutcome {
  /** The account's signals including the new one. */
  signals: ScoringSignal[];
  /** Score at `now` from the signals stored before this one. */
  scoreBefore: number;
  /** Score at `now` with this signal. */
  scoreAfter: number;
  state: QualificationState;
  /** The account had been qualified and its score had since fallen below threshold − margin. */
  rearmed: boolean;
  /** This signal qualified the account: emit exactly one account-qualified. */
  qualified: boolean;
}

/**
 * What one new signal does to an account at `now`. Between two signals a score only falls (decay,
 * signals leaving the 90-day window), so its lowest point since the last evaluation is the score
 * just before this signal: the re-arm rule is checked on that, the qualify rule on the score after.
 * An account that decayed below the re-arm line while nobody looked can therefore qualify again.
 */
export function applySignal(
  stored: ScoringSignal[],
  added: ScoringSignal,
  state: QualificationState,
  model: ScoringModel,
  now: Date,
): SignalOutcome {
  const scoreBefore = score(stored, model, now);
  const before = nextQualification(state, scoreBefore, model);
  const signals = [...stored, added];
  const scoreAfter = score(signals, model, now);
  const after = nextQualification(before.state, scoreAfter, model);
  return {
    signals,
    scoreBefore,
    scoreAfter,
    state: after.state,
    rearmed: before.transition === 'REARMED' || after.transition === 'REARMED',
    qualified: after.transition === 'QUALIFIED',
  };
}
