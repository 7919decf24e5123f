/**
 * The rep queue of the walking skeleton: a delivered handoff lands in its owner's queue for the UTC
 * date of delivery, ranked by account score (highest first), ties by creation time (earliest
 * first), then by id. Issue 5 adds the per-rep daily cap, the rep's time zone and business days,
 * and the next-day overflow; this module is where those rules go.
 */

export interface QueueEntry {
  handoffId: string;
  /** The account score of the handoff's scoring snapshot. */
  score: number;
  createdAt: Date;
}

/** The queue date (YYYY-MM-DD) of a handoff delivered at `deliveredAt`: its UTC date, for now. */
export function queueDateOf(deliveredAt: Date): string {
  return deliveredAt.toISOString().slice(0, 10);
}

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return b.score - a.score || a.createdAt.getTime() - b.createdAt.getTime() || (a.handoffId < b.handoffId ? -1 : a.handoffId > b.handoffId ? 1 : 0);
}

/**
 * Ranks one owner's queue for one day: handoff id → rank (1 = first). The whole queue is ranked
 * again each time a handoff joins it, so a higher-scored arrival moves the others down.
 */
export function rankQueue(entries: QueueEntry[]): Map<string, number> {
  return new Map([...entries].sort(compareQueueEntries).map((e, i) => [e.handoffId, i + 1]));
}
