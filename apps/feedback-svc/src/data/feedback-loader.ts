import type { DataSource } from 'typeorm';
import type { Feedback } from '../domain/feedback-rules';
import { findFeedbackByHandoff } from './feedback.repository';

export type FeedbackLoader = (handoffId: string) => Promise<Feedback[]>;

/**
 * Per-request batching of `Handoff.feedback`: every handoff asked for in the same turn of the event
 * loop (a gateway `_entities` call carries many) is loaded with one query.
 */
export function createFeedbackLoader(dataSource: DataSource): FeedbackLoader {
  let batch: Map<string, { resolve: (f: Feedback[]) => void; reject: (e: unknown) => void }[]> | undefined;
  return (handoffId) =>
    new Promise((resolve, reject) => {
      if (!batch) {
        const current = new Map<string, { resolve: (f: Feedback[]) => void; reject: (e: unknown) => void }[]>();
        batch = current;
        setImmediate(() => {
          batch = undefined;
          findFeedbackByHandoff(dataSource.manager, [...current.keys()]).then(
            (byHandoff) => current.forEach((waiters, id) => waiters.forEach((w) => w.resolve(byHandoff.get(id) ?? []))),
            (error: unknown) => current.forEach((waiters) => waiters.forEach((w) => w.reject(error))),
          );
        });
      }
      const waiters = batch.get(handoffId) ?? [];
      waiters.push({ resolve, reject });
      batch.set(handoffId, waiters);
    });
}
