import type { EntityManager } from 'typeorm';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla';
import { SlaPolicyEntity } from './sla-policy.entity';

export async function findSlaPolicy(m: EntityManager): Promise<SlaPolicyEntity> {
  const row = await m.findOneBy(SlaPolicyEntity, { id: 1 });
  return row ?? Object.assign(new SlaPolicyEntity(), { id: 1, ...DEFAULT_SLA_POLICY, updatedBy: 'default', updatedAt: new Date(0) });
}

export async function slaPolicy(m: EntityManager): Promise<SlaPolicy> {
  const { acceptanceWindowMinutes, expireAfterBusinessDays } = await findSlaPolicy(m);
  return { acceptanceWindowMinutes, expireAfterBusinessDays };
}

export async function saveSlaPolicy(m: EntityManager, policy: SlaPolicy, actor: string, now: Date): Promise<SlaPolicyEntity> {
  await m.query(
    `INSERT INTO sla_policy (id, acceptance_window_minutes, expire_after_business_days, updated_by, updated_at) VALUES (1, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET acceptance_window_minutes = EXCLUDED.acceptance_window_minutes,
       expire_after_business_days = EXCLUDED.expire_after_business_days, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [policy.acceptanceWindowMinutes, policy.expireAfterBusinessDays, actor, now],
  );
  return findSlaPolicy(m);
}
