/**
 * The fault schedule: which process dies when. Pure (no I/O), so a run is replayable from its seed.
 *
 * The window is cut into one slot per fault; each victim gets its turn in order (round after round
 * when there are more slots than victims), at a random moment inside its slot, never in the first or
 * last tenth of the slot so two faults never land back to back.
 */
export interface PlannedFault {
  /** ms after the start of the window */
  atMs: number;
  victim: string;
  /** how long the victim stays dead before it is restarted, ms */
  downMs: number;
}

/** mulberry32: a small, seedable PRNG with a uniform [0, 1) output. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function planFaults({
  victims,
  rounds,
  windowMs,
  seed,
  maxDownMs,
}: {
  victims: string[];
  rounds: number;
  windowMs: number;
  seed: number;
  maxDownMs: number;
}): PlannedFault[] {
  if (victims.length === 0) throw new Error('planFaults: at least one victim');
  if (!(rounds >= 1) || !(windowMs > 0) || !(maxDownMs >= 0)) throw new Error('planFaults: rounds ≥ 1, windowMs > 0, maxDownMs ≥ 0');
  const random = seededRandom(seed);
  const slots = victims.length * rounds;
  const slotMs = windowMs / slots;
  return Array.from({ length: slots }, (_, i) => ({
    atMs: Math.round(i * slotMs + slotMs * (0.1 + 0.8 * random())),
    victim: victims[i % victims.length],
    downMs: Math.round(maxDownMs * random()),
  }));
}
