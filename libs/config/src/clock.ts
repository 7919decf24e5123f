/** Time comes in through a Clock so domain rules are deterministic and tests can move time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock tests set and advance by hand. */
export function manualClock(startIso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(startIso).getTime();
  const clock = (() => new Date(now)) as Clock & { set(iso: string): void; advance(ms: number): void };
  clock.set = (iso) => {
    now = new Date(iso).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}
