import type { DataSource, EntityManager } from 'typeorm';
import { scoringModelSchema, type ScoringModel } from '../domain/scoring-model';
import { ModelActivationEntity } from './model-activation.entity';
import { ScoringModelEntity } from './scoring-model.entity';

/** A stored model version with its audit fields. */
export interface StoredScoringModel extends ScoringModel {
  active: boolean;
  /** When it last became active (null: never activated). */
  effectiveAt: Date | null;
  author: string;
  description: string | null;
  createdAt: Date;
}

function toModel(row: ScoringModelEntity): StoredScoringModel {
  const model = scoringModelSchema.parse({
    version: row.version,
    threshold: row.threshold,
    rearmMargin: row.rearmMargin,
    cooldownDays: row.cooldownDays,
    rules: row.rules,
    fit: row.fit ?? null,
  });
  return { ...model, active: row.active, effectiveAt: row.effectiveAt, author: row.author, description: row.description, createdAt: row.createdAt };
}

/** The one active model version (the seed migration guarantees there is one). */
export async function findActiveModel(manager: EntityManager): Promise<StoredScoringModel> {
  const row = await manager.findOne(ScoringModelEntity, { where: { active: true } });
  if (!row) throw new Error('no active scoring model: the seed migration 1764100000001 has not run');
  return toModel(row);
}

export async function findModel(manager: EntityManager, version: string): Promise<StoredScoringModel | null> {
  const row = await manager.findOne(ScoringModelEntity, { where: { version } });
  return row ? toModel(row) : null;
}

/** Every version, newest first. */
export async function listModels(manager: EntityManager): Promise<StoredScoringModel[]> {
  const rows = await manager.find(ScoringModelEntity, { order: { createdAt: 'DESC', version: 'DESC' } });
  return rows.map(toModel);
}

/** The version that was active at `at` (the last activation at or before it); null before the first one. */
export async function findModelActiveAt(manager: EntityManager, at: Date): Promise<StoredScoringModel | null> {
  const rows: { version: string }[] = await manager.query(
    `SELECT version FROM model_activation WHERE activated_at <= $1 ORDER BY activated_at DESC, seq DESC LIMIT 1`,
    [at],
  );
  return rows.length === 0 ? null : findModel(manager, rows[0].version);
}

/** The first activation (replay cannot go before it). */
export async function firstActivationAt(manager: EntityManager): Promise<Date | null> {
  const rows: { at: Date | null }[] = await manager.query(`SELECT min(activated_at) AS at FROM model_activation`);
  return rows[0]?.at ?? null;
}

/** Stores a new, inactive version. False when the version exists already. */
export async function insertModel(
  manager: EntityManager,
  model: ScoringModel,
  meta: { author: string; description: string | null; createdAt: Date },
): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO scoring_model (version, threshold, rearm_margin, cooldown_days, rules, fit, active, effective_at, author, description, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, false, NULL, $7, $8, $9)
     ON CONFLICT (version) DO NOTHING RETURNING version`,
    [
      model.version,
      model.threshold,
      model.rearmMargin,
      model.cooldownDays,
      JSON.stringify(model.rules),
      model.fit === null ? null : JSON.stringify(model.fit),
      meta.author,
      meta.description,
      meta.createdAt,
    ],
  );
  return inserted.length === 1;
}

/**
 * Orders scoring against activations (a transaction-scoped advisory lock): an activation takes it
 * exclusively; scoring takes it shared before reading the active model, so a score is never
 * computed under a model that a committed activation has already replaced.
 */
export async function lockModelActivation(manager: EntityManager, mode: 'shared' | 'exclusive'): Promise<void> {
  await manager.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtextextended('scoring.model-activation', 0))`);
}

/**
 * Model versions parsed for scoring, per data source (one schema). A stored version is never edited,
 * so a parsed version never goes stale: scoring still asks which version is active on every
 * evaluation (one value, under the activation lock, inside a statement it makes anyway) and parses
 * a version only the first time it meets it. An activation — by this process or any other instance —
 * is therefore seen by the very next evaluation, with no invalidation to miss.
 */
const parsedVersions = new WeakMap<DataSource, Map<string, ScoringModel>>();

/** The rules of `version` (stored, hence immutable), parsed once per data source. */
export async function modelForScoring(manager: EntityManager, version: string): Promise<ScoringModel> {
  let cache = parsedVersions.get(manager.connection);
  if (!cache) parsedVersions.set(manager.connection, (cache = new Map()));
  const cached = cache.get(version);
  if (cached) return cached;
  const stored = await findModel(manager, version);
  if (!stored) throw new Error(`scoring model ${version} is not stored`);
  const { threshold, rearmMargin, cooldownDays, rules, fit } = stored;
  const frozen = deepFreeze<ScoringModel>({ version, threshold, rearmMargin, cooldownDays, rules, fit });
  cache.set(version, frozen);
  return frozen;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The active model's version (the seed migration guarantees there is one). */
export async function activeModelVersion(manager: EntityManager): Promise<string> {
  const rows: { version: string }[] = await manager.query(`SELECT version FROM scoring_model WHERE active`);
  if (rows.length === 0) throw new Error('no active scoring model: the seed migration 1764100000001 has not run');
  return rows[0].version;
}

/** The active model, for scoring: taken with the activation lock held shared. */
export async function findActiveModelForScoring(manager: EntityManager): Promise<ScoringModel> {
  await lockModelActivation(manager, 'shared');
  return modelForScoring(manager, await activeModelVersion(manager));
}

/** Makes `version` the one active model from `at` and appends the audit row. */
export async function activateModel(
  manager: EntityManager,
  activation: { activationId: string; version: string; previousVersion: string | null; at: Date; actor: string; reason: string },
): Promise<ModelActivationEntity> {
  await manager.query(`UPDATE scoring_model SET active = false WHERE active`);
  await manager.query(`UPDATE scoring_model SET active = true, effective_at = $2 WHERE version = $1`, [activation.version, activation.at]);
  await manager.query(
    `INSERT INTO model_activation (activation_id, version, previous_version, activated_at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
    [activation.activationId, activation.version, activation.previousVersion, activation.at, activation.actor, activation.reason],
  );
  return (await manager.findOne(ModelActivationEntity, { where: { activationId: activation.activationId } }))!;
}

/** Activations, newest first (of one version when given). */
export async function listActivations(manager: EntityManager, options: { version?: string; limit: number }): Promise<ModelActivationEntity[]> {
  return manager.find(ModelActivationEntity, {
    where: options.version ? { version: options.version } : {},
    order: { activatedAt: 'DESC', seq: 'DESC' },
    take: options.limit,
  });
}
