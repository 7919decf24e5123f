import { planFaults, seededRandom } from './chaos';

describe('planFaults', () => {
  const victims = ['scoring-svc', 'ownership-svc', 'handoff-svc', 'feedback-svc', 'broker'];

  it('kills every victim once per round, in turn, each inside its own slot', () => {
    const plan = planFaults({ victims, rounds: 2, windowMs: 100_000, seed: 7, maxDownMs: 2_000 });
    expect(plan.map((f) => f.victim)).toEqual([...victims, ...victims]);
    plan.forEach((f, i) => {
      // 10 slots of 10 s; a fault lands in the middle 80 % of its slot
      expect(f.atMs).toBeGreaterThanOrEqual(i * 10_000 + 1_000);
      expect(f.atMs).toBeLessThanOrEqual(i * 10_000 + 9_000);
      expect(f.downMs).toBeGreaterThanOrEqual(0);
      expect(f.downMs).toBeLessThanOrEqual(2_000);
    });
  });

  it('is the same schedule for the same seed and another one for another seed', () => {
    const a = planFaults({ victims, rounds: 1, windowMs: 50_000, seed: 42, maxDownMs: 1_000 });
    const b = planFaults({ victims, rounds: 1, windowMs: 50_000, seed: 42, maxDownMs: 1_000 });
    const c = planFaults({ victims, rounds: 1, windowMs: 50_000, seed: 43, maxDownMs: 1_000 });
    expect(b).toEqual(a);
    expect(c.map((f) => f.atMs)).not.toEqual(a.map((f) => f.atMs));
  });

  it('refuses an empty victim list and a non-positive window', () => {
    expect(() => planFaults({ victims: [], rounds: 1, windowMs: 1_000, seed: 1, maxDownMs: 0 })).toThrow('at least one victim');
    expect(() => planFaults({ victims, rounds: 1, windowMs: 0, seed: 1, maxDownMs: 0 })).toThrow('windowMs > 0');
  });
});

describe('seededRandom', () => {
  it('stays in [0, 1) and spreads over the interval', () => {
    const random = seededRandom(123);
    const draws = Array.from({ length: 10_000 }, () => random());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const lowerHalf = draws.filter((x) => x < 0.5).length;
    expect(lowerHalf).toBeGreaterThan(4_700);
    expect(lowerHalf).toBeLessThan(5_300);
  });
});
