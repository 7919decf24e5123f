import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { PlaybookRule } from '../domain/next-action';
import { PlaybookRuleVersionEntity } from './playbook-rule-version.entity';
import { PlaybookRuleEntity } from './playbook-rule.entity';

export function listPlaybookRuleRows(m: EntityManager, o: { onlyActive: boolean; includeDeleted: boolean }): Promise<PlaybookRuleEntity[]> {
  const where: FindOptionsWhere<PlaybookRuleEntity> = {};
  if (o.onlyActive) where.active = true;
  if (!o.includeDeleted) where.deleted = false;
  return m.find(PlaybookRuleEntity, { where, order: { priority: 'DESC', id: 'ASC' } });
}

export function findPlaybookRule(m: EntityManager, id: string, lock = false): Promise<PlaybookRuleEntity | null> {
  return m.findOne(PlaybookRuleEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

/** Writes the rule's current row and appends the version (same transaction). */
export async function savePlaybookRuleVersion(
  m: EntityManager,
  rule: PlaybookRule,
  o: { deleted: boolean; change: PlaybookRuleVersionEntity['change']; actor: string; at: Date },
): Promise<void> {
  await m.query(
    `INSERT INTO playbook_rule (id, name, trigger_signal_type, stage, contact_role, primary_template, fallback_template, priority, active,
                                version, deleted, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, trigger_signal_type = EXCLUDED.trigger_signal_type, stage = EXCLUDED.stage,
       contact_role = EXCLUDED.contact_role, primary_template = EXCLUDED.primary_template, fallback_template = EXCLUDED.fallback_template,
       priority = EXCLUDED.priority, active = EXCLUDED.active, version = EXCLUDED.version, deleted = EXCLUDED.deleted,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [
      rule.id,
      rule.name,
      rule.triggerSignalType,
      rule.stage,
      rule.contactRole,
      rule.primaryTemplate,
      rule.fallbackTemplate,
      rule.priority,
      rule.active,
      rule.version,
      o.deleted,
      o.actor,
      o.at,
    ],
  );
  await m.insert(PlaybookRuleVersionEntity, {
    ruleId: rule.id,
    version: rule.version,
    change: o.change,
    name: rule.name,
    triggerSignalType: rule.triggerSignalType,
    stage: rule.stage,
    contactRole: rule.contactRole,
    primaryTemplate: rule.primaryTemplate,
    fallbackTemplate: rule.fallbackTemplate,
    priority: rule.priority,
    active: rule.active,
    savedBy: o.actor,
    savedAt: o.at,
  });
}

/** Newest first. */
export function versionsOfRule(m: EntityManager, ruleId: string): Promise<PlaybookRuleVersionEntity[]> {
  return m.find(PlaybookRuleVersionEntity, { where: { ruleId }, order: { version: 'DESC' } });
}

export function findRuleVersion(m: EntityManager, ruleId: string, version: number): Promise<PlaybookRuleVersionEntity | null> {
  return m.findOneBy(PlaybookRuleVersionEntity, { ruleId, version });
}
