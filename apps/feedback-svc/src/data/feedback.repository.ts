import type { RejectionReason } from '@handoff-graph/contracts';
import { In, type EntityManager } from 'typeorm';
import type { Feedback, FeedbackKind, TouchChannel } from '../domain/feedback-rules';
import { FeedbackEntity } from './feedback.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDomain(row: FeedbackEntity): Feedback {
  return {
    feedbackId: row.feedbackId,
    handoffId: row.handoffId,
    kind: row.kind as FeedbackKind,
    repId: row.repId,
    reason: row.reason as RejectionReason | null,
    note: row.note,
    channel: row.channel as TouchChannel | null,
    at: row.at,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy,
  };
}

/** Each handoff's feedback, oldest first (handoffs without feedback map to []). */
export async function findFeedbackByHandoff(manager: EntityManager, handoffIds: readonly string[]): Promise<Map<string, Feedback[]>> {
  const byHandoff = new Map<string, Feedback[]>(handoffIds.map((id) => [id, []]));
  // Handoff ids are UUIDs; anything else has no feedback (and must not break the uuid comparison).
  const ids = [...new Set(handoffIds)].filter((id) => UUID.test(id));
  if (ids.length === 0) return byHandoff;
  const rows = await manager.find(FeedbackEntity, {
    where: { handoffId: In(ids) },
    order: { at: 'ASC', recordedAt: 'ASC' },
  });
  for (const row of rows) byHandoff.get(row.handoffId)?.push(toDomain(row));
  return byHandoff;
}

export async function insertFeedback(manager: EntityManager, feedback: Feedback): Promise<void> {
  await manager.insert(FeedbackEntity, { ...feedback });
}
