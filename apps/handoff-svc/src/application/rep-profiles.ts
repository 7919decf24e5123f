import type { EventEnvelope } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { upsertRepProfile } from '../data/rep.repository';
import { profileProblem } from '../domain/rep-calendar';
import { planOwnerQueue } from './owner-queue';

/** A profile this service cannot plan with (overnight hours, a backwards out-of-office period): dead-lettered with the reason. */
export class RepProfileRejectedError extends Error {
  constructor(repId: string, problem: string) {
    super(`rep-upserted for ${repId} refused: ${problem}`);
    this.name = 'RepProfileRejectedError';
  }
}

/**
 * `rep-upserted` → the local rep table (newest `updatedAt` wins; an older profile arriving late
 * changes nothing). A stored change re-plans the rep's queues from their local today: a lower cap,
 * a new out-of-office period or a changed working week moves handoffs that are not yet acted on
 * (re-announced as handoff-delivered); nothing moves earlier.
 */
export async function applyRepProfile(m: EntityManager, event: EventEnvelope<'rep-upserted'>, now: Date): Promise<void> {
  const p = event.payload;
  const problem = profileProblem(p);
  if (problem) throw new RepProfileRejectedError(p.repId, problem);
  if (!(await upsertRepProfile(m, p, now))) return;
  const queue = await planOwnerQueue(m, p.repId, now, { fromToday: true });
  await enqueueEvents(m, (await queue.apply(event.eventId)).announcements);
}
