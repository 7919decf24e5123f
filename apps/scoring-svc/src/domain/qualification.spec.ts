import { nextQualification } from './qualification';

const model = { threshold: 60, rearmMargin: 10 };
const armed = { qualified: false };
const qualified = { qualified: true };

describe('nextQualification (threshold 60, re-arm margin 10)', () => {
  it('59.9 does not qualify', () => {
    expect(nextQualification(armed, 59.9, model)).toEqual({ state: armed, transition: null });
  });

  it('60 exactly qualifies (score ≥ threshold)', () => {
    expect(nextQualification(armed, 60, model)).toEqual({ state: qualified, transition: 'QUALIFIED' });
  });

  it('a qualified account at 72 does not qualify a second time', () => {
    expect(nextQualification(qualified, 72, model)).toEqual({ state: qualified, transition: null });
  });

  it('a qualified account falling to 55 (between 50 and 60) stays qualified', () => {
    expect(nextQualification(qualified, 55, model)).toEqual({ state: qualified, transition: null });
  });

  it('a qualified account at exactly 50 (= 60 − 10) does not re-arm yet', () => {
    expect(nextQualification(qualified, 50, model)).toEqual({ state: qualified, transition: null });
  });

  it('a qualified account at 49.9 (< 60 − 10) re-arms', () => {
    expect(nextQualification(qualified, 49.9, model)).toEqual({ state: armed, transition: 'REARMED' });
  });

  it('hovering at the line 61 → 55 → 62 → 58 → 65 qualifies once', () => {
    let state = armed;
    const transitions = [61, 55, 62, 58, 65].map((score) => {
      const next = nextQualification(state, score, model);
      state = next.state;
      return next.transition;
    });
    expect(transitions).toEqual(['QUALIFIED', null, null, null, null]);
  });

  it('re-qualifies after falling below the margin: 61 → 45 → 62 gives QUALIFIED, REARMED, QUALIFIED', () => {
    let state = armed;
    const transitions = [61, 45, 62].map((score) => {
      const next = nextQualification(state, score, model);
      state = next.state;
      return next.transition;
    });
    expect(transitions).toEqual(['QUALIFIED', 'REARMED', 'QUALIFIED']);
  });
});
