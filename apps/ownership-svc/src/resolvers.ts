import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { requireViewer, type HandoffParties, type Identity } from '@handoff-graph/auth';
import type { Clock } from '@handoff-graph/config';
import type { OwnerAssignment } from '@handoff-graph/contracts';
import type { OutboxRelay } from '@handoff-graph/data';
import { badUserInput, forbidden, parseInput, requireStorableText } from '@handoff-graph/graphql';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { applyMapEdit } from './application/apply-map-edit';
import type { CompiledMapCache } from './application/compiled-map-cache';
import { canSeeMove, canSeeRepPersonal, canSeeRouting, partiesOfAssignment, requireMapReader, requireOps } from './authorization';
import type { OwnershipMoveEntity } from './data/account-routing.entity';
import { findAccountProfile, toAccountProfile } from './data/account-profile.repository';
import type { MapVersionEntity } from './data/map-version.entity';
import {
  findMapVersion,
  findRep,
  findRepsByIds,
  lastRepVersion,
  listMapVersions,
  listReps,
  listTerritories,
  loadCurrentMap,
  loadSettingsRow,
  lockMap,
  mapVersionAt,
  territoryRevisionInfo,
  toRep,
} from './data/map.repository';
import { findOwnerAssignment } from './data/owner-assignment.repository';
import type { QualificationStatus } from './data/qualification.entity';
import { findQualification } from './data/qualification.repository';
import type { RepEntity } from './data/rep.entity';
import { findRouting, listMoves } from './data/routing.repository';
import { repAvailability } from './domain/availability';
import { addOutOfOfficeInputSchema, asOfSchema, repInputSchema, settingsInputSchema, territoryInputSchema } from './domain/inputs.schema';
import { MapEditRefused, type MapEdit } from './domain/map-edit';
import { describeConflictRules, validateOwnershipMap, type MapProblem } from './domain/map-validation';
import type { OwnershipMap, Territory, TerritoryMatch } from './domain/ownership.types';
import { decidingRule as decidingRuleOf, resolveOwnership } from './domain/resolve-ownership';
import { describeTerritoryRule, isNamedAccountList, specificity } from './domain/territory-match';

export interface OwnershipContext {
  /** Who is asking, as the gateway verified it (null: no identity — every resolver refuses UNAUTHENTICATED). */
  viewer: Identity | null;
  dataSource: DataSource;
  clock: Clock;
  /** Mutations that enqueue events nudge it after commit. */
  relay: OutboxRelay;
  /** Compiled maps by version, shared by the service's requests and consumer. */
  maps: CompiledMapCache;
  /** Per-request rep loader (DataLoader): a territory list or an `_entities` batch of reps reads them in one query, each once. */
  loadRep(id: string): Promise<RepEntity | null>;
  /** Per-request: every problem of the map at a version (memoized). */
  problemsAt(version: number): Promise<MapProblem[]>;
}

export function createContext(dataSource: DataSource, clock: Clock, relay: OutboxRelay, maps: CompiledMapCache, viewer: Identity | null): OwnershipContext {
  const reps = new DataLoader<string, RepEntity | null>(async (ids) => {
    const found = new Map((await findRepsByIds(dataSource.manager, ids)).map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
  const problems = new Map<number, Promise<MapProblem[]>>();
  return {
    viewer,
    dataSource,
    clock,
    relay,
    maps,
    loadRep: (id) => reps.load(id),
    problemsAt: (version) => {
      let found = problems.get(version);
      if (!found) {
        found = dataSource.transaction(async (m) => {
          await lockMap(m, 'read');
          const compiled = await maps.atVersion(m, version);
          return validateOwnershipMap({ territories: [...compiled.rules, ...uniqueNamed(compiled.named)].map((e) => e.territory), reps: [...compiled.repsById.values()], settings: compiled.settings });
        });
        problems.set(version, found);
      }
      return found;
    },
  };
}

const uniqueNamed = <T>(named: Map<string, T[]>): T[] => [...new Set([...named.values()].flat())];

// ---- GraphQL shapes -------------------------------------------------------------------------

type RepView = Omit<RepEntity, 'createdAt' | 'updatedAt' | 'workingHoursStart' | 'workingHoursEnd'> & {
  workingHours: { start: string; end: string };
  createdAt: string;
  updatedAt: string;
};

interface TerritoryView {
  id: string;
  name: string;
  kind: 'RULES' | 'NAMED_ACCOUNTS';
  priority: number;
  match: Record<keyof Required<TerritoryMatch>, unknown>;
  namedAccountIds: string[];
  specificity: number;
  summary: string;
  ownerRepId: string;
  backupRepId: string;
  escalationRepId: string | null;
  mapVersion: number;
  updatedAt: string;
  /** The map version this view was read from (its problems are that map's). */
  readFrom: number;
}

interface AbsentView {
  repId: string;
  reason: string;
  explanation: string;
}

interface PreviewView {
  accountId: string;
  asOf: string;
  mapVersion: number;
  status: 'RESOLVED' | 'UNRESOLVED' | 'PROFILE_UNKNOWN';
  ownerRepId: string | null;
  backupRepId: string | null;
  territory: TerritoryView | null;
  decidingRule: string | null;
  cover: string | null;
  absent: AbsentView[];
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
  decidingRule: string | null;
  cover: string | null;
  mapVersion: number | null;
  explanation: string | null;
  currentOwnerRepId: string | null;
  currentBackupRepId: string | null;
  /** Every routing the qualification had (decided, now, before and after each move): who may see it. */
  parties: HandoffParties[];
}

interface MoveView {
  eventId: string;
  accountId: string;
  qualificationId: string;
  changedAt: string;
  mapVersion: number;
  policy: string;
  rule: string;
  reason: string;
  previousOwnerRepId: string | null;
  previousBackupRepId: string | null;
  currentOwnerRepId: string | null;
  currentBackupRepId: string | null;
  explanation: string | null;
}

interface VersionView {
  version: number;
  changedAt: string;
  actor: string;
  change: string;
}

const repView = (r: RepEntity): RepView => {
  const { workingHoursStart, workingHoursEnd, createdAt, updatedAt, ...rest } = r;
  return { ...rest, workingDays: r.workingDays.map(Number), workingHours: { start: workingHoursStart, end: workingHoursEnd }, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
};

const territoryView = (t: Territory, info: { mapVersion: number; changedAt: Date } | undefined, readFrom: number): TerritoryView => ({
  id: t.id,
  name: t.name,
  kind: isNamedAccountList(t) ? 'NAMED_ACCOUNTS' : 'RULES',
  priority: t.priority,
  match: {
    regions: t.match.regions ?? null,
    countries: t.match.countries ?? null,
    industries: t.match.industries ?? null,
    minEmployees: t.match.minEmployees ?? null,
    maxEmployees: t.match.maxEmployees ?? null,
    minRevenueUsd: t.match.minRevenueUsd ?? null,
    maxRevenueUsd: t.match.maxRevenueUsd ?? null,
  },
  namedAccountIds: t.namedAccountIds,
  specificity: specificity(t.match),
  summary: describeTerritoryRule(t),
  ownerRepId: t.ownerRepId,
  backupRepId: t.backupRepId,
  escalationRepId: t.escalationRepId,
  mapVersion: info?.mapVersion ?? readFrom,
  updatedAt: (info?.changedAt ?? new Date(0)).toISOString(),
  readFrom,
});

const versionView = (v: MapVersionEntity): VersionView => ({ version: v.version, changedAt: v.changedAt.toISOString(), actor: v.actor, change: v.change });

const moveView = (m: OwnershipMoveEntity): MoveView => ({
  eventId: m.eventId,
  accountId: m.accountId,
  qualificationId: m.qualificationId,
  changedAt: m.changedAt.toISOString(),
  mapVersion: m.mapVersion,
  policy: m.policy,
  rule: m.rule,
  reason: m.reason,
  previousOwnerRepId: m.previous?.owner.repId ?? null,
  previousBackupRepId: m.previous?.backup.repId ?? null,
  currentOwnerRepId: m.current?.owner.repId ?? null,
  currentBackupRepId: m.current?.backup.repId ?? null,
  explanation: m.current?.explanation ?? null,
});

/** The live territories now (rows carry their version), or as they stood at `asOf` (rebuilt from the revisions). */
async function territoriesView(ctx: OwnershipContext, asOf: Date | null): Promise<TerritoryView[]> {
  return ctx.dataSource.transaction(async (m) => {
    await lockMap(m, 'read');
    if (!asOf) {
      const version = (await ctx.maps.current(m)).version;
      return (await listTerritories(m)).map(({ row, territory }) => territoryView(territory, { mapVersion: row.mapVersion, changedAt: row.updatedAt }, version));
    }
    const version = (await mapVersionAt(m, asOf))?.version ?? 0;
    const map = await ctx.maps.atVersion(m, version);
    const territories = [...map.rules.map((e) => e.territory), ...uniqueNamed(map.named).map((e) => e.territory)].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
    const info = await territoryRevisionInfo(m, territories.map((t) => t.id), version);
    return territories.map((t) => territoryView(t, info.get(t.id), version));
  });
}

/** Who owns the account at `asOf` (default now) and why: the same rules the consumer applies, over the map version in force then. */
export async function previewOwnership(ctx: OwnershipContext, accountId: string, asOf: Date | null): Promise<PreviewView> {
  const at = asOf ?? ctx.clock();
  return ctx.dataSource.transaction(async (m: EntityManager): Promise<PreviewView> => {
    await lockMap(m, 'read');
    const map = asOf ? await ctx.maps.atVersion(m, (await mapVersionAt(m, asOf))?.version ?? 0) : await ctx.maps.current(m);
    const base = { accountId, asOf: at.toISOString(), mapVersion: map.version, ownerRepId: null, backupRepId: null, territory: null, decidingRule: null, cover: null, absent: [], matchingTerritories: [] };
    const profile = await findAccountProfile(m, accountId);
    if (!profile) {
      return {
        ...base,
        status: 'PROFILE_UNKNOWN',
        explanation:
          `Ownership cannot be worked out for account ${accountId} yet: its profile (region, country, industry, employees, revenue) ` +
          `has not arrived from the CRM mirror (account-upserted).`,
      };
    }
    if (map.version === 0 && asOf) {
      return { ...base, status: 'UNRESOLVED', explanation: `No ownership map existed at ${at.toISOString()}: the first map version is later.` };
    }
    const result = resolveOwnership(toAccountProfile(profile), map, at);
    const ranking = result.resolved ? result.ownership.ranking : result.ranking;
    const info = await territoryRevisionInfo(m, ranking.map((r) => r.territory.id), map.version);
    const view = (t: Territory) => territoryView(t, info.get(t.id), map.version);
    const matchingTerritories = ranking.map((r) => view(r.territory));
    if (!result.resolved) {
      return {
        ...base,
        status: 'UNRESOLVED',
        territory: result.territory ? view(result.territory) : null,
        decidingRule: result.territory && result.ranking.length > 0 ? decidingRuleOf(result.ranking, map.settings.conflictRules) : null,
        matchingTerritories,
        explanation: result.reason,
      };
    }
    const o = result.ownership;
    return {
      ...base,
      status: 'RESOLVED',
      ownerRepId: o.owner.id,
      backupRepId: o.backup.id,
      territory: view(o.territory),
      decidingRule: o.decidingRule,
      cover: o.cover?.kind ?? null,
      absent: (o.cover?.away ?? []).map((a) => ({ repId: a.repId, reason: a.code, explanation: `${a.label} ${a.why}` })),
      matchingTerritories,
      explanation: o.explanation,
    };
  });
}


async function decisionView(ctx: OwnershipContext, qualificationId: string): Promise<DecisionView | null> {
  const manager = ctx.dataSource.manager;
  const q = await findQualification(manager, qualificationId);
  if (!q) return null;
  const a = q.status === 'RESOLVED' ? await findOwnerAssignment(manager, qualificationId) : null;
  const routing = await findRouting(manager, q.accountId);
  const current: OwnerAssignment | null = routing?.qualificationId === qualificationId ? routing.routed : null;
  const moves = await listMoves(manager, { qualificationId }, 100);
  // The decided owner's team is the rep's team now (owner_assignment keeps no RepRef); routings carry theirs.
  const decided: HandoffParties[] = a ? [{ ownerRepId: a.ownerRepId, backupRepId: a.backupRepId, ownerTeam: (await ctx.loadRep(a.ownerRepId))?.team ?? null }] : [];
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
    decidingRule: a?.decidingRule ?? null,
    cover: a?.cover ?? null,
    mapVersion: a?.mapVersion ?? null,
    explanation: a?.explanation ?? q.unresolvedReason,
    currentOwnerRepId: current?.owner.repId ?? null,
    currentBackupRepId: current?.backup.repId ?? null,
    parties: [...decided, ...partiesOfAssignment(current), ...moves.flatMap((m) => [...partiesOfAssignment(m.previous), ...partiesOfAssignment(m.current)])],
  };
}

const loadRepView = async (ctx: OwnershipContext, id: string | null) => {
  if (!id) return null;
  const rep = await ctx.loadRep(id);
  return rep ? repView(rep) : null;
};

// ---- map edits ---------------------------------------------------------------------------------

/** A refused edit as GraphQL: BAD_USER_INPUT (or NOT_FOUND) naming the first field and rule, every problem and the territories in conflict. */
function refusal(e: MapEditRefused): GraphQLError {
  const [first] = e.problems;
  const more = e.problems.length > 1 ? ` (and ${e.problems.length - 1} more)` : '';
  return new GraphQLError(`${first.field}: ${first.rule}${more}`, {
    extensions: {
      code: e.reason === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_USER_INPUT',
      field: first.field,
      rule: first.rule,
      problems: e.problems,
      conflictingTerritoryIds: [...new Set(e.problems.flatMap((p) => p.territoryIds))],
    },
  });
}

/** Applies a map edit in one transaction (map change, version by the signed-in OPS user, re-routing, events), then nudges the relay. */

async function edit(ctx: OwnershipContext, editor: Identity, mapEdit: MapEdit) {
  try {
    const applied = await ctx.dataSource.transaction((m) => applyMapEdit(m, mapEdit, editor.subject, ctx.clock()));
    ctx.relay.nudge();
    return applied;
  } catch (e) {
    if (e instanceof MapEditRefused) throw refusal(e);
    throw e;
  }
}

async function currentRepView(ctx: OwnershipContext, id: string): Promise<RepView> {
  const row = await findRep(ctx.dataSource.manager, id);
  if (!row) throw new Error(`rep ${id} vanished after its own save`);
  return repView(row);
}

async function currentTerritoryView(ctx: OwnershipContext, id: string): Promise<TerritoryView> {
  const found = (await listTerritories(ctx.dataSource.manager)).find((t) => t.row.id === id);
  if (!found) throw new Error(`territory ${id} vanished after its own save`);
  return territoryView(found.territory, { mapVersion: found.row.mapVersion, changedAt: found.row.updatedAt }, found.row.mapVersion);
}

async function settingsView(ctx: OwnershipContext) {
  const row = await loadSettingsRow(ctx.dataSource.manager);
  if (!row) throw new Error('ownership settings are missing: run the migrations');
  return {
    conflictRules: row.conflictRules,
    writtenRules: describeConflictRules(row.conflictRules as Parameters<typeof describeConflictRules>[0]),
    midPeriodPolicy: row.midPeriodPolicy,
    inFlightDays: row.inFlightDays,
    mapVersion: row.mapVersion,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

const territoryListSchema = z.array(territoryInputSchema).max(1000);
const idListSchema = z.array(z.string().trim().min(1)).max(1000);

async function validateMap(ctx: OwnershipContext, args: { proposed?: unknown; retire?: unknown }) {
  const proposed = args.proposed == null ? [] : parseInput(territoryListSchema, args.proposed, 'proposed');
  const retire = args.retire == null ? [] : parseInput(idListSchema, args.retire, 'retire');
  return ctx.dataSource.transaction(async (m) => {
    await lockMap(m, 'read');
    const map: OwnershipMap = await loadCurrentMap(m);
    retire.forEach((id, i) => {
      if (!map.territories.some((t) => t.id === id)) throw badUserInput([{ field: `retire.${i}`, rule: `no live territory ${id}` }]);
    });
    const byId = new Map(map.territories.filter((t) => !retire.includes(t.id)).map((t) => [t.id, t]));
    for (const t of proposed) byId.set(t.id, t);
    const problems = validateOwnershipMap({ ...map, territories: [...byId.values()] });
    return { valid: !problems.some((p) => p.severity === 'ERROR'), mapVersion: map.version, problems };
  });
}

// ---- resolvers ---------------------------------------------------------------------------------
// Every root field and every __resolveReference checks the viewer first (src/authorization.ts), before
// reading or parsing anything; nested fields live under an authorized parent, except the lists of
// ownership moves (filtered to the handoffs the viewer may see) and a rep's personal fields
// (outOfOffice, lastChange: null unless the viewer's own, their team's or OPS; availability without the note).

const asOfArg = (value: unknown, name = 'asOf') => {
  const parsed = parseInput(asOfSchema, value, name);
  return parsed ? new Date(parsed) : null;
};

const READ_MAP = 'reading the ownership map';
const READ_HISTORY = "reading the ownership map's change history (ops' audit trail; ownerAssignment(asOf) answers who owned an account when)";
const EDIT_MAP = 'editing the ownership map (reps, leave, territories, settings)';

/** The moves the viewer may see: OPS all; otherwise those routed to them (or their team) before or after. */
const visibleMoves = (ctx: OwnershipContext, moves: OwnershipMoveEntity[]): MoveView[] => {
  const viewer = requireViewer(ctx.viewer);
  return moves.filter((m) => canSeeMove(viewer, m)).map(moveView);
};

export const resolvers: GraphQLResolverMap<OwnershipContext> = {
  Query: {
    reps: async (_: unknown, __: unknown, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, READ_MAP);
      return (await listReps(ctx.dataSource.manager)).map(repView);
    },
    rep: (_: unknown, args: { id: string }, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, READ_MAP);
      return loadRepView(ctx, args.id);
    },
    territories: (_: unknown, args: { asOf?: unknown }, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, READ_MAP);
      return territoriesView(ctx, asOfArg(args.asOf));
    },
    ownerAssignment: (_: unknown, args: { accountId: string; asOf?: unknown }, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, 'asking who owns an account');
      return previewOwnership(ctx, args.accountId, asOfArg(args.asOf));
    },
    ownershipDecision: async (_: unknown, args: { qualificationId: string }, ctx: OwnershipContext) => {
      const viewer = requireMapReader(ctx.viewer, 'reading an ownership decision');
      const decision = await decisionView(ctx, parseInput(z.uuid('must be a UUID'), args.qualificationId, 'qualificationId'));
      if (decision && !canSeeRouting(viewer, decision.parties)) {
        throw forbidden(
          viewer.role === 'MANAGER'
            ? 'this qualification was never routed to you or to an owner in your team'
            : 'this qualification was never routed to you (as owner or backup)',
          'qualificationId',
        );
      }
      return decision;
    },
    ownershipSettings: (_: unknown, __: unknown, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, READ_MAP);
      return settingsView(ctx);
    },
    ownershipMapVersions: async (_: unknown, args: { limit?: unknown; before?: unknown }, ctx: OwnershipContext) => {
      requireOps(ctx.viewer, READ_HISTORY);
      const limit = parseInput(z.number().int().min(1).max(500).nullish(), args.limit, 'limit') ?? 20;
      const before = parseInput(z.number().int().min(1).nullish(), args.before, 'before') ?? null;
      return (await listMapVersions(ctx.dataSource.manager, limit, before)).map(versionView);
    },
    ownershipMapVersion: async (_: unknown, args: { version: number }, ctx: OwnershipContext) => {
      requireOps(ctx.viewer, READ_HISTORY);
      const v = await findMapVersion(ctx.dataSource.manager, args.version);
      return v ? versionView(v) : null;
    },
    validateOwnershipMap: (_: unknown, args: { proposed?: unknown; retire?: unknown }, ctx: OwnershipContext) => {
      requireOps(ctx.viewer, 'validating a proposed ownership map edit');
      return validateMap(ctx, args);
    },
  },
  Mutation: {
    upsertRep: async (_: unknown, args: { input: unknown }, ctx: OwnershipContext) => {
      const editor = requireOps(ctx.viewer, EDIT_MAP);
      requireStorableText(args);
      const input = parseInput(repInputSchema, args.input, 'input');
      await edit(ctx, editor, { kind: 'UPSERT_REP', input });
      return currentRepView(ctx, input.id);
    },
    addOutOfOffice: async (_: unknown, args: { input: unknown }, ctx: OwnershipContext) => {
      const editor = requireOps(ctx.viewer, EDIT_MAP);
      requireStorableText(args);
      const input = parseInput(addOutOfOfficeInputSchema, args.input, 'input');
      await edit(ctx, editor, { kind: 'ADD_OUT_OF_OFFICE', repId: input.repId, period: { from: input.from, to: input.to, note: input.note ?? null } });
      return currentRepView(ctx, input.repId);
    },
    cancelOutOfOffice: async (_: unknown, args: { repId: string; periodId: string }, ctx: OwnershipContext) => {
      const editor = requireOps(ctx.viewer, EDIT_MAP);
      requireStorableText(args);
      await edit(ctx, editor, { kind: 'CANCEL_OUT_OF_OFFICE', repId: args.repId, periodId: args.periodId });
      return currentRepView(ctx, args.repId);
    },
    upsertTerritory: async (_: unknown, args: { input: unknown }, ctx: OwnershipContext) => {
      const editor = requireOps(ctx.viewer, EDIT_MAP);
      requireStorableText(args);
      const territory = parseInput(territoryInputSchema, args.input, 'input');
      await edit(ctx, editor, { kind: 'UPSERT_TERRITORY', territory });
      return currentTerritoryView(ctx, territory.id);
    },
    retireTerritory: async (_: unknown, args: { id: string }, ctx: OwnershipContext) => {
      const editor = requireOps(ctx.viewer, EDIT_MAP);
      requireStorableText(args);
      const applied = await edit(ctx, editor, { kind: 'RETIRE_TERRITORY', territoryId: args.id });
      return versionView(applied.version!);
    },
    updateOwnershipSettings: async (_: unknown, args: { input: unknown }, ctx: OwnershipContext) => {
      const editor = requireOps(ctx.viewer, EDIT_MAP);
      requireStorableText(args);
      const input = parseInput(settingsInputSchema, args.input, 'input');
      await edit(ctx, editor, { kind: 'UPDATE_SETTINGS', input });
      return settingsView(ctx);
    },
  },
  Rep: {
    // The gateway resolves owner and backup names on handoff cards through this: every sales role.
    __resolveReference: (ref: { id: string }, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, 'reading a rep');
      return loadRepView(ctx, ref.id);
    },
    manager: (r: RepView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, r.managerRepId),
    // Personal: the rep, their team's manager, OPS; null for anyone else (a list of reps still loads).
    outOfOffice: (r: RepView, _: unknown, ctx: OwnershipContext) => (canSeeRepPersonal(requireViewer(ctx.viewer), r) ? r.outOfOffice : null),
    availability: async (r: RepView, args: { at?: unknown }, ctx: OwnershipContext) => {
      const personal = canSeeRepPersonal(requireViewer(ctx.viewer), r);
      const at = parseInput(asOfSchema, args.at, 'at');
      const when = at ? new Date(at) : ctx.clock();
      const row = await ctx.loadRep(r.id);
      const rep = row ? toRep(row) : undefined;
      // Colleagues learn that and until when a rep is away (cover), not the leave's note.
      const a = repAvailability(r.id, rep && !personal ? { ...rep, outOfOffice: rep.outOfOffice.map((p) => ({ ...p, note: null })) } : rep, when);
      return a.available
        ? { at: when.toISOString(), available: true, reason: null, explanation: `${a.rep.name} is available` }
        : { at: when.toISOString(), available: false, reason: a.code, explanation: `${a.label} ${a.why}` };
    },
    lastChange: async (r: RepView, _: unknown, ctx: OwnershipContext) => {
      if (!canSeeRepPersonal(requireViewer(ctx.viewer), r)) return null;
      const v = await lastRepVersion(ctx.dataSource.manager, r.id);
      return v ? versionView(v) : null;
    },
  },
  Territory: {
    owner: (t: TerritoryView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, t.ownerRepId),
    backup: (t: TerritoryView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, t.backupRepId),
    escalationOwner: (t: TerritoryView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, t.escalationRepId),
    problems: async (t: TerritoryView, _: unknown, ctx: OwnershipContext) => (await ctx.problemsAt(t.readFrom)).filter((p) => p.territoryIds.includes(t.id)),
  },
  OwnerAssignmentPreview: {
    owner: (p: PreviewView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, p.ownerRepId),
    backup: (p: PreviewView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, p.backupRepId),
  },
  OwnershipAbsentRep: {
    rep: (a: AbsentView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, a.repId),
  },
  OwnershipDecision: {
    owner: (d: DecisionView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, d.ownerRepId),
    backup: (d: DecisionView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, d.backupRepId),
    currentOwner: (d: DecisionView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, d.currentOwnerRepId),
    currentBackup: (d: DecisionView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, d.currentBackupRepId),
    // The decision was authorized as a whole: every move of the handoff's routing is part of it.
    moves: async (d: DecisionView, _: unknown, ctx: OwnershipContext) => (await listMoves(ctx.dataSource.manager, { qualificationId: d.qualificationId }, 100)).map(moveView),
  },
  OwnershipMove: {
    previousOwner: (m: MoveView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, m.previousOwnerRepId),
    previousBackup: (m: MoveView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, m.previousBackupRepId),
    currentOwner: (m: MoveView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, m.currentOwnerRepId),
    currentBackup: (m: MoveView, _: unknown, ctx: OwnershipContext) => loadRepView(ctx, m.currentBackupRepId),
  },
  OwnershipMapVersion: {
    moves: async (v: VersionView, _: unknown, ctx: OwnershipContext) => visibleMoves(ctx, await listMoves(ctx.dataSource.manager, { mapVersion: v.version }, 1000)),
  },
  Account: {
    __resolveReference: (ref: { id: string }, ctx: OwnershipContext) => {
      requireMapReader(ctx.viewer, 'asking who owns an account');
      return { id: ref.id };
    },
    ownerAssignment: (account: { id: string }, args: { asOf?: unknown }, ctx: OwnershipContext) => previewOwnership(ctx, account.id, asOfArg(args.asOf)),
    ownershipMoves: async (account: { id: string }, _: unknown, ctx: OwnershipContext) => visibleMoves(ctx, await listMoves(ctx.dataSource.manager, { accountId: account.id }, 100)),
  },
};
