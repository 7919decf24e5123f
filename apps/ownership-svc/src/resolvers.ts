import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Clock } from '@handoff-graph/config';
import type { OutboxRelay } from '@handoff-graph/data';
import { badUserInput, parseInput } from '@handoff-graph/graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AccountProfileEntity } from './data/account-profile.entity';
import { findAccountProfile, toAccountProfile } from './data/account-profile.repository';
import { findOwnerAssignment } from './data/owner-assignment.repository';
import type { QualificationStatus } from './data/qualification.entity';
import { findQualification } from './data/qualification.repository';
import type { RepEntity } from './data/rep.entity';
import { findRep, findRepsByIds, listReps, saveRep, toRep } from './data/rep.repository';
import type { TerritoryEntity } from './data/territory.entity';
import { listTerritories, saveTerritory, toTerritory } from './data/territory.repository';
import { repInputSchema, territoryInputSchema } from './domain/inputs.schema';
import { resolveOwnership } from './domain/resolve-ownership';
import { describeMatch, specificity } from './domain/territory-match';
import { validateTerritoryReps } from './domain/territory-validation';

export interface OwnershipContext {
  dataSource: DataSource;
  clock: Clock;
  /** Mutations that enqueue events nudge it after commit (none does yet: map changes publish nothing until ownership-changed). */
  relay: OutboxRelay;
  /** Per-request rep cache: a territory list does not load the same rep twice. */
  loadRep(id: string): Promise<RepEntity | null>;
}

export function createContext(dataSource: DataSource, clock: Clock, relay: OutboxRelay): OwnershipContext {
  const cache = new Map<string, Promise<RepEntity | null>>();
  return {
    dataSource,
    clock,
    relay,
    loadRep: (id) => {
      let rep = cache.get(id);
      if (!rep) {
        rep = findRep(dataSource.manager, id);
        cache.set(id, rep);
      }
      return rep;
    },
  };
}

// ---- GraphQL shapes -------------------------------------------------------------------------

type RepView = Omit<RepEntity, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
interface TerritoryView {
  id: string;
  name: string;
  priority: number;
  match: { regions: string[] | null; countries: string[] | null; industries: string[] | null; minEmployees: number | null; maxEmployees: number | null };
  specificity: number;
  summary: string;
  ownerRepId: string;
  backupRepId: string;
  updatedAt: string;
}
interface PreviewView {
  accountId: string;
  status: 'RESOLVED' | 'UNRESOLVED' | 'PROFILE_UNKNOWN';
  owner: RepView | null;
  backup: RepView | null;
  territory: TerritoryView | null;
  matchingTerritories: TerritoryView[];
  explanation: string;
}
interface DecisionView {
  qualificationId: string;
  accountId: string;
  status: QualificationStatus;
  receivedAt: string;
  decidedAt: string | null;
  ownerRepId: string | null;
  backupRepId: string | null;
  territoryId: string | null;
  territoryName: string | null;
  explanation: string | null;
}

const repView = (r: RepEntity): RepView => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

const territoryView = (t: TerritoryEntity): TerritoryView => ({
  id: t.id,
  name: t.name,
  priority: t.priority,
  match: {
    regions: t.match.regions ?? null,
    countries: t.match.countries ?? null,
    industries: t.match.industries ?? null,
    minEmployees: t.match.minEmployees ?? null,
    maxEmployees: t.match.maxEmployees ?? null,
  },
  specificity: specificity(t.match),
  summary: describeMatch(t.match),
  ownerRepId: t.ownerRepId,
  backupRepId: t.backupRepId,
  updatedAt: t.updatedAt.toISOString(),
});

/** Who would own the account now and why: the same rules the consumer applies, over the stored map. */
export async function previewOwnership(manager: EntityManager, accountId: string): Promise<PreviewView> {
  const none = { owner: null, backup: null, territory: null, matchingTerritories: [] };
  const profile: AccountProfileEntity | null = await findAccountProfile(manager, accountId);
  if (!profile) {
    return {
      accountId,
      status: 'PROFILE_UNKNOWN',
      ...none,
      explanation:
        `Ownership cannot be worked out for account ${accountId} yet: its profile (region, country, industry, employees) ` +
        `has not arrived from the CRM mirror (account-upserted).`,
    };
  }
  const territories = await listTerritories(manager);
  const reps = await listReps(manager);
  const territoriesById = new Map(territories.map((t) => [t.id, t]));
  const repsById = new Map(reps.map((r) => [r.id, r]));
  const result = resolveOwnership(toAccountProfile(profile), territories.map(toTerritory), reps.map(toRep));
  const territoryOf = (id: string) => territoryView(territoriesById.get(id)!);
  if (!result.resolved) {
    return {
      accountId,
      status: 'UNRESOLVED',
      ...none,
      matchingTerritories: result.ranking.map((r) => territoryOf(r.territory.id)),
      explanation: result.reason,
    };
  }
  const { ownership } = result;
  return {
    accountId,
    status: 'RESOLVED',
    owner: repView(repsById.get(ownership.owner.id)!),
    backup: repView(repsById.get(ownership.backup.id)!),
    territory: territoryOf(ownership.territory.id),
    matchingTerritories: ownership.ranking.map((r) => territoryOf(r.territory.id)),
    explanation: ownership.explanation,
  };
}

const loadRepView = async (ctx: OwnershipContext, id: string) => {
  const rep = await ctx.loadRep(id);
  return rep ? repView(rep) : null;
};

// ---- resolvers ---------------------------------------------------------------------------------

export const resolvers: GraphQLResolverMap<OwnershipContext> = {
  Query: {
    reps: async (_: unknown, __: unknown, ctx: OwnershipContext) => (await listReps(ctx.dataSource.manager)).map(repView),
    rep: (_: unknown, args: { id: string }, ctx: OwnershipContext) => loadRepView(ctx, args.id),
    territories: async (_: unknown, __: unknown, ctx: OwnershipContext) => (await listTerritories(ctx.dataSource.manager)).map(territoryView),
    ownerAssignment: (_: unknown, args: { accountId: string }, ctx: OwnershipContext) => previewOwnership(ctx.dataSource.manager, args.accountId),
    ownershipDecision: async (_: unknown, args: { qualificationId: string }, ctx: OwnershipContext): Promise<DecisionView | null> => {
      const qualificationId = parseInput(z.uuid('must be a UUID'), args.qualificationId, 'qualificationId');
      const q = await findQualification(ctx.dataSource.manager, qualificationId);
      if (!q) return null;
      const a = q.status === 'RESOLVED' ? await findOwnerAssignment(ctx.dataSource.manager, qualificationId) : null;
      return {
        qualificationId,
        accountId: q.accountId,
        status: q.status,
        receivedAt: q.receivedAt.toISOString(),
        decidedAt: q.decidedAt?.toISOString() ?? null,
        ownerRepId: a?.ownerRepId ?? null,
        backupRepId: a?.backupRepId ?? null,
        territoryId: a?.territoryId ?? null,
        territoryName: a?.territoryName ?? null,
        explanation: a?.explanation ?? q.unresolvedReason,
      };
    },
  },
  Mutation: {
    upsertRep: async (_: unknown, args: { input: unknown }, ctx: OwnershipContext) => {
      const rep = parseInput(repInputSchema, args.input, 'input');
      const row = await ctx.dataSource.transaction((manager) => saveRep(manager, rep, ctx.clock()));
      return repView(row);
    },
    upsertTerritory: async (_: unknown, args: { input: unknown }, ctx: OwnershipContext) => {
      const territory = parseInput(territoryInputSchema, args.input, 'input');
      const known = await findRepsByIds(ctx.dataSource.manager, [territory.ownerRepId, territory.backupRepId]);
      const problems = validateTerritoryReps(territory, new Set(known.map((r) => r.id)));
      if (problems.length > 0) throw badUserInput(problems.map((p) => ({ field: `input.${p.field}`, rule: p.rule })));
      const row = await ctx.dataSource.transaction((manager) => saveTerritory(manager, territory, ctx.clock()));
      return territoryView(row);
    },
  },
  Rep: {
    __resolveReference: (ref: { id: string }, ctx: OwnershipContext) => loadRepView(ctx, ref.id),
  },
  Territory: {
    owner: (t: TerritoryView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, t.ownerRepId),
    backup: (t: TerritoryView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, t.backupRepId),
  },
  OwnershipDecision: {
    owner: (d: DecisionView, _: unknown, ctx: OwnershipContext) => (d.ownerRepId ? loadRepView(ctx, d.ownerRepId) : null),
    backup: (d: DecisionView, _: unknown, ctx: OwnershipContext) => (d.backupRepId ? loadRepView(ctx, d.backupRepId) : null),
  },
  Account: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    ownerAssignment: (account: { id: string }, _: unknown, ctx: OwnershipContext) => previewOwnership(ctx.dataSource.manager, account.id),
  },
};
