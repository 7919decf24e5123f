import type { EntityManager } from 'typeorm';
import { scoringModelSchema, type ScoringModel } from '../domain/scoring-model';
import { ScoringModelEntity } from './scoring-model.entity';

/** A stored model version with its audit fields. */
export interface StoredScoringModel extends ScoringModel {
  effectiveAt: Date;
  author: string;
}

/** The one active model version (the seed migration guarantees there is one). */
export async function findActiveModel(manager: EntityManager): Promise<StoredScoringModel> {
  const row = await manager.findOne(ScoringModelEntity, { where: { active: true } });
  if (!row) throw new Error('no active scoring model: the seed migration 1764100000001 has not run');
  const model = scoringModelSchema.parse({
    version: row.version,
    threshold: row.threshold,
    rearmMargin: row.rearmMargin,
    rules: row.rules,
  });
  return { ...model, effectiveAt: row.effectiveAt, author: row.author };
}
