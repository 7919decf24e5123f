import { conflict, notFound } from '@handoff-graph/graphql';
import type { EntityManager } from 'typeorm';
import type { PlaybookRuleEntity } from '../data/playbook-rule.entity';
import { findPlaybookRule, savePlaybookRuleVersion } from '../data/playbook-rule.repository';
import { ruleFromInput, type PlaybookRuleInput } from '../domain/playbook';

/** Playbook CRUD writes (the input is validated by the caller before the transaction). */

export async function createPlaybookRule(m: EntityManager, id: string, input: PlaybookRuleInput, actor: string, now: Date): Promise<PlaybookRuleEntity> {
  const existing = await findPlaybookRule(m, id, true);
  if (existing) {
    throw conflict(`playbook rule ${id} already exists${existing.deleted ? ' (deleted; ids are never reused)' : ''}: update it instead`, 'id');
  }
  await savePlaybookRuleVersion(m, ruleFromInput(id, 1, input), { deleted: false, change: 'CREATED', actor, at: now });
  return (await findPlaybookRule(m, id))!;
}

export async function updatePlaybookRule(
  m: EntityManager,
  id: string,
  input: PlaybookRuleInput,
  actor: string,
  now: Date,
  expectedVersion: number | null,
): Promise<PlaybookRuleEntity> {
  const current = await findPlaybookRule(m, id, true);
  if (!current || current.deleted) throw notFound('playbook rule', id);
  if (expectedVersion !== null && expectedVersion !== current.version) {
    throw conflict(`playbook rule ${id} is at version ${current.version}, not ${expectedVersion}: someone saved it meanwhile`, 'expectedVersion');
  }
  await savePlaybookRuleVersion(m, ruleFromInput(id, current.version + 1, input), { deleted: false, change: 'UPDATED', actor, at: now });
  return (await findPlaybookRule(m, id))!;
}

export async function deletePlaybookRule(m: EntityManager, id: string, actor: string, now: Date): Promise<PlaybookRuleEntity> {
  const current = await findPlaybookRule(m, id, true);
  if (!current || current.deleted) throw notFound('playbook rule', id);
  await savePlaybookRuleVersion(
    m,
    { ...current, version: current.version + 1, active: false },
    { deleted: true, change: 'DELETED', actor, at: now },
  );
  return (await findPlaybookRule(m, id))!;
}
