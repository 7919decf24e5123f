import type { EntityManager } from 'typeorm';
import type { FeedbackOutcome } from '../domain/simulation';
import { FeedbackOutcomeEntity } from './feedback-outcome.entity';

/** Stores a verdict once (the event id is the key). */
export async function insertFeedbackOutcome(manager: EntityManager, row: FeedbackOutcomeEntity): Promise<void> {
  await manager.createQueryBuilder().insert().into(FeedbackOutcomeEntity).values(row).orIgnore().execute();
}

/** Verdicts given in [from, to]. */
export async function findFeedbackOutcomes(manager: EntityManager, from: Date, to: Date): Promise<FeedbackOutcome[]> {
  const rows: FeedbackOutcomeEntity[] = await manager
    .getRepository(FeedbackOutcomeEntity)
    .createQueryBuilder('f')
    .where('f.at >= :from AND f.at <= :to', { from, to })
    .orderBy('f.at', 'ASC')
    .getMany();
  return rows.map((r) => ({ accountId: r.accountId, kind: r.kind, at: r.at, reason: r.reason }));
}
