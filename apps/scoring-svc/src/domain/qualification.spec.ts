import { NEVER_QUALIFIED, nextQualification } from './qualification';

const model = { threshold: 60, rearmMargin: 10, cooldownDays: 0 };
const armed = NEVER_QUALIFIED;
const T0 = new Date('2026-11-01T12:00:00Z');
const qualified = { qualified: true, lastQualifiedAt: T0 };
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

describe('nextQualification (threshold 60, re-arm margin 10, no cooldown)', () => {
  it('59.9 does not qualify', () => {
    expect(nextQualification(armed, 59.9, model, T0)).toEqual({ state: armed, transition: null });
  });

  it('60 exactly qualifies (score ≥ threshold) and remembers when', () => {
    expect(nextQualification(armed, 60, model, T0)).toEqual({ state: qualified, transition: 'QUALIFIED' });
  });

  it('a qualified account at 72 does not qualify a second time', () => {
    expect(nextQualification(qualified, 72, model, at(1))).toEqual({ state: qualified, transition: null });
  });

  it('a qualified account falling to 55 (between 50 and 60) stays qualified', () => {
    expect(nextQualification(qualified, 55, model, at(1))).toEqual({ state: qualified, transition: null });
  });

  it('a qualified account at exactly 50 (= 60 − 10) does not re-arm yet', () => {
    expect(nextQualification(qualified, 50, model, at(1))).toEqual({ state: qualified, transition: null });
  });

  it('a qualified account at 49.9 (< 60 − 10) re-arms, keeping the last qualification time', () => {
    expect(nextQualification(qualified, 49.9, model, at(1))).toEqual({ state: { qualified: false, lastQualifiedAt: T0 }, transition: 'REARMED' });
  });

  it('hovering at the line 61 → 55 → 62 → 58 → 65 qualifies once', () => {
    let state = armed;
    const transitions = [61, 55, 62, 58, 65].map((score, i) => {
      const next = nextQualification(state, score, model, at(i));
      state = next.state;
      return next.transition;
    });
    expect(transitions).toEqual(['QUALIFIED', null, null, null, null]);
  });

  it('re-qualifies after falling below the margin: 61 → 45 → 62 gives QUALIFIED, REARMED, QUALIFIED', () => {
    let state = armed;
    const transitions = [61, 45, 62].map((score, i) => {
      const next = nextQualification(state, score, model, at(i));
      state = next.state;
      return next.transition;
    });
    expect(transitions).toEqual(['QUALIFIED', 'REARMED', 'QUALIFIED']);
  });
});

describe('nextQualification with a 30-day cooldown', () => {
  const cooled = { ...model, cooldownDays: 30 };
  const rearmed = { qualified: false, lastQualifiedAt: T0 };

  it('re-armed 10 days after qualifying at T0, 65 does not qualify: COOLING_DOWN until T0 + 30 d', () => {
    expect(nextQualification(rearmed, 65, cooled, at(10))).toEqual({ state: rearmed, transition: 'COOLING_DOWN' });
  });

  it('one second before T0 + 30 d it is still cooling down', () => {
    expect(nextQualification(rearmed, 65, cooled, new Date(at(30).getTime() - 1000)).transition).toBe('COOLING_DOWN');
  });

  it('at exactly T0 + 30 d it qualifies again', () => {
    expect(nextQualification(rearmed, 65, cooled, at(30))).toEqual({ state: { qualified: true, lastQualifiedAt: at(30) }, transition: 'QUALIFIED' });
  });

  it('below the threshold during the cooldown nothing happens (not COOLING_DOWN)', () => {
    expect(nextQualification(rearmed, 59, cooled, at(10))).toEqual({ state: rearmed, transition: null });
  });

  it('a first qualification has no cooldown to wait for', () => {
    expect(nextQualification(armed, 60, cooled, T0).transition).toBe('QUALIFIED');
  });

  it('re-arming is not blocked by the cooldown: qualified at T0, 45 at T0 + 2 d re-arms', () => {
    expect(nextQualification(qualified, 45, cooled, at(2)).transition).toBe('REARMED');
  });
});
