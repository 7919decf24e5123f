import { conflict, notFound } from '@handoff-graph/graphql';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { modelFromInput, type ScoringModelInput } from '../domain/scoring-model';
import type { ModelActivationEntity } from '../data/model-activation.entity';
import { activateModel, findActiveModel, findModel, insertModel, lockModelActivation, type StoredScoringModel } from '../data/scoring-model.repository';

/** Stores a new, inactive model version authored by `actor`; CONFLICT when the version exists. */
export async function createScoringModel(manager: EntityManager, input: ScoringModelInput, actor: string, now: Date): Promise<StoredScoringModel> {
  const model = modelFromInput(input);
  const created = await insertModel(manager, model, { author: actor, description: input.description ?? null, createdAt: now });
  if (!created) throw conflict(`scoring model ${model.version} already exists; model versions are never edited, create a new version`, 'input.version');
  return (await findModel(manager, model.version))!;
}

/**
 * Makes `version` the one active model from `now`, recording who, when and why in
 * model_activation. NOT_FOUND for an unknown version, CONFLICT when it is already active. Accounts
 * are scored under the new model from their next evaluation (their aggregates are rebuilt once).
 */
export async function activateScoringModel(
  manager: EntityManager,
  request: { version: string; reason: string; actor: string },
  now: Date,
): Promise<ModelActivationEntity> {
  await lockModelActivation(manager, 'exclusive');
  const model = await findModel(manager, request.version);
  if (!model) throw notFound('Scoring model', request.version, 'version');
  const current = await findActiveModel(manager);
  if (current.version === model.version) throw conflict(`scoring model ${model.version} is already the active model`, 'version');
  return activateModel(manager, {
    activationId: randomUUID(),
    version: model.version,
    previousVersion: current.version,
    at: now,
    actor: request.actor,
    reason: request.reason,
  });
}
