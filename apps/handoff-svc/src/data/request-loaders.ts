import DataLoader from 'dataloader';
import { In, type EntityManager, type EntityTarget } from 'typeorm';
import type { AccountEntity } from './account.entity';
import { findAccounts } from './crm-mirror.repository';
import { HandoffEscalationEntity, HandoffRerouteEntity, HandoffTransitionEntity, QueueDeferralEntity } from './handoff-history.entity';
import type { HandoffEntity } from './handoff.entity';
import { escalationTargetsOf, findHandoffs, latestHandoffsOfAccounts, queueRanks } from './handoff.repository';

/**
 * Per-request batch loaders: a `_entities` batch of N accounts or handoffs, or a queue of N cards
 * with their histories, costs one query per kind instead of N. Each resolves in the order asked and
 * caches for the request only (a new request reads afresh).
 */
export interface HandoffLoaders {
  account: DataLoader<string, AccountEntity | null>;
  /** By handoff id (a UUID: callers check before asking). */
  handoff: DataLoader<string, HandoffEntity | null>;
  /** The account's newest handoff, by account id. */
  latestHandoffOfAccount: DataLoader<string, HandoffEntity | null>;
  /** Each queued handoff's rank on its queue day, read from the queue order (null when not queued). */
  queueRank: DataLoader<string, number | null>;
  /** Reps each handoff was escalated to (the read rule of domain/access.ts). */
  escalationTargets: DataLoader<string, string[]>;
  transitions: DataLoader<string, HandoffTransitionEntity[]>;
  deferrals: DataLoader<string, QueueDeferralEntity[]>;
  escalations: DataLoader<string, HandoffEscalationEntity[]>;
  reroutes: DataLoader<string, HandoffRerouteEntity[]>;
}

function byKey<V>(keys: readonly string[], rows: V[], keyOf: (row: V) => string): (V | null)[] {
  const found = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => found.get(k) ?? null);
}

/** History rows of each handoff, oldest first (by id), as the one-handoff repository functions return them. */
function historyLoader<V extends { id: number | string; handoffId: string }>(m: EntityManager, entity: EntityTarget<V>): DataLoader<string, V[]> {
  return new DataLoader(async (handoffIds) => {
    const rows = (await m.find(entity, { where: { handoffId: In([...handoffIds]) } as never, order: { id: 'ASC' } as never })) as V[];
    const grouped = new Map<string, V[]>(handoffIds.map((id) => [id, []]));
    for (const r of rows) grouped.get(r.handoffId)?.push(r);
    return handoffIds.map((id) => grouped.get(id)!);
  });
}

export function createHandoffLoaders(m: EntityManager): HandoffLoaders {
  return {
    account: new DataLoader(async (ids) => byKey(ids, await findAccounts(m, [...ids]), (a) => a.id)),
    handoff: new DataLoader(async (ids) => byKey(ids, await findHandoffs(m, [...ids]), (h) => h.id)),
    latestHandoffOfAccount: new DataLoader(async (accountIds) => byKey(accountIds, await latestHandoffsOfAccounts(m, [...accountIds]), (h) => h.accountId)),
    queueRank: new DataLoader(async (ids) => {
      const ranks = await queueRanks(m, ids);
      return ids.map((id) => ranks.get(id) ?? null);
    }),
    escalationTargets: new DataLoader(async (ids) => {
      const targets = await escalationTargetsOf(m, [...ids]);
      return ids.map((id) => targets.get(id) ?? []);
    }),
    transitions: historyLoader(m, HandoffTransitionEntity),
    deferrals: historyLoader(m, QueueDeferralEntity),
    escalations: historyLoader(m, HandoffEscalationEntity),
    reroutes: historyLoader(m, HandoffRerouteEntity),
  };
}
