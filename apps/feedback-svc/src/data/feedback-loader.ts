import type { DataSource } from 'typeorm';
import type { Feedback } from '../domain/feedback-rules';
import { createBatchLoader } from './batch-loader';
import { findFeedbackByHandoff } from './feedback.repository';

export type FeedbackLoader = (handoffId: string) => Promise<Feedback[]>;

/** Per-request batching of `Handoff.feedback`: the handoffs of one `_entities` call are loaded with one query. */
export function createFeedbackLoader(dataSource: DataSource): FeedbackLoader {
  return createBatchLoader((ids) => findFeedbackByHandoff(dataSource.manager, ids), []);
}
