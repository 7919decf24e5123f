import type { PayloadOf } from '@handoff-graph/contracts';
import type { RepProfile } from '../domain/handoff-outcome';
import type { HandoffCreatedFacts, HandoffDeliveredFacts, HandoffReroutedFacts } from '../domain/handoff-record';

/** What feedback-svc keeps of each inbound event (pure mappers, shared by the consumers and the tests). */
export function handoffCreatedFacts(p: PayloadOf<'handoff-created'>, correlationId: string): HandoffCreatedFacts {
  const { owner, backup, territoryId, territoryName } = p.ownerAssignment;
  return {
    handoffId: p.handoffId,
    accountId: p.account.accountId,
    ownerRepId: owner.repId,
    ownerName: owner.name,
    ownerTeam: owner.team,
    ownerTimeZone: owner.timezone,
    backupRepId: backup.repId,
    territoryId,
    territoryName,
    modelVersion: p.scoringSnapshot.modelVersion,
    // The contract orders contributors largest first and requires at least one.
    topContributor: p.scoringSnapshot.contributors[0].signalType,
    playbookRuleId: p.nextAction.playbookRuleId,
    createdAt: new Date(p.createdAt),
    correlationId,
  };
}

export function handoffDeliveredFacts(p: PayloadOf<'handoff-delivered'>, correlationId: string): HandoffDeliveredFacts {
  return {
    handoffId: p.handoffId,
    accountId: p.accountId,
    ownerRepId: p.ownerRepId,
    backupRepId: p.backupRepId,
    deliveredAt: new Date(p.deliveredAt),
    queueDate: p.queueDate,
    correlationId,
  };
}

export function handoffReroutedFacts(p: PayloadOf<'handoff-rerouted'>): HandoffReroutedFacts {
  const { owner, backup, territoryId, territoryName } = p.ownerAssignment;
  return {
    handoffId: p.handoffId,
    ownerRepId: owner.repId,
    ownerName: owner.name,
    ownerTeam: owner.team,
    ownerTimeZone: owner.timezone,
    backupRepId: backup.repId,
    territoryId,
    territoryName,
  };
}

export function repProfileOf(p: PayloadOf<'rep-upserted'>): RepProfile & { active: boolean } {
  return {
    repId: p.repId,
    name: p.name,
    team: p.team,
    timeZone: p.timezone,
    workingDays: [...new Set(p.workingDays)].sort((a, b) => a - b),
    workingHours: p.workingHours,
    active: p.active,
    updatedAt: new Date(p.updatedAt),
  };
}
