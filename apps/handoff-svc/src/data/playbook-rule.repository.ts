import type { EntityManager } from 'typeorm';
import type { PlaybookRule } from '../domain/next-action';
import { PlaybookRuleEntity } from './playbook-rule.entity';

export async function listPlaybookRules(m: EntityManager, onlyActive = false): Promise<PlaybookRule[]> {
  const rows = await m.find(PlaybookRuleEntity, {
    where: onlyActive ? { active: true } : {},
    order: { priority: 'DESC', id: 'ASC' },
  });
  return rows.map((r) => ({ ...r }));
}
