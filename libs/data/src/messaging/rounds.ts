/**
 * Splits a run of events into rounds that keep each key's events in order (a batch handler applies
 * round after round, each in a few set-based statements): round k holds each key's k-th stretch —
 * that key's consecutive events (other keys' events in between do not break it) for which
 * `together(previous, next)` holds; by default every event is a stretch of its own. Inside a round
 * the run's order is kept. Events of different keys may be applied in another order than the
 * run's, so use it where keys (accounts) do not see each other's events.
 */
export function roundsByKey<E>(events: readonly E[], keyOf: (event: E) => string, together: (previous: E, next: E) => boolean = () => false): E[][] {
  const rounds: E[][] = [];
  const stretch = new Map<string, { round: number; last: E }>();
  for (const event of events) {
    const key = keyOf(event);
    const current = stretch.get(key);
    const round = current === undefined ? 0 : together(current.last, event) ? current.round : current.round + 1;
    stretch.set(key, { round, last: event });
    (rounds[round] ??= []).push(event);
  }
  return rounds;
}
