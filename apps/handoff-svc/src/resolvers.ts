import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { requireRole, requireViewer, type Identity, type Role } from '@handoff-graph/auth';
import type { Clock } from '@handoff-graph/config';
import type { OutboxRelay } from '@handoff-graph/data';
import { badUserInput, forbidden, parseInput, requireStorableText } from '@handoff-graph/graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { applyAccountUpsert, applyContactUpsert, rejectionFromConstraint, type MirrorResult } from './application/crm-mirror';
import { createPlaybookRule, deletePlaybookRule, updatePlaybookRule } from './application/playbooks';
import type { AccountEntity } from './data/account.entity';
import type { ContactEntity } from './data/contact.entity';
import { contactsOfAccount, listAccounts } from './data/crm-mirror.repository';
import type { HandoffEscalationEntity, HandoffRerouteEntity, HandoffTransitionEntity, QueueDeferralEntity } from './data/handoff-history.entity';
import type { HandoffEntity } from './data/handoff.entity';
import {
  capDeferralsBetween,
  handoffsEscalatedTo,
  handoffsOfAccount,
  incompleteHandoffs,
  openHandoffsOfOwner,
  queueOf,
  queueSizes,
} from './data/handoff.repository';
import type { PlaybookRuleVersionEntity } from './data/playbook-rule-version.entity';
import type { PlaybookRuleEntity } from './data/playbook-rule.entity';
import { findPlaybookRule, findRuleVersion, listPlaybookRuleRows, versionsOfRule } from './data/playbook-rule.repository';
import { calendarOf, calendarsOf, teamsOf } from './data/rep.repository';
import type { HandoffLoaders } from './data/request-loaders';
import type { SlaPolicyEntity } from './data/sla-policy.entity';
import { findSlaPolicy, saveSlaPolicy, slaPolicy } from './data/sla-policy.repository';
import { handoffParties, mayViewHandoff, mayViewRep } from './domain/access';
import { accountInputSchema, contactInputSchema, type MirrorRejection } from './domain/crm-mirror';
import { deferralReport } from './domain/deferral-report';
import type { OwnerAssignment } from './domain/handoff.types';
import { playbookRuleInputSchema, ruleIdSchema, validatePlaybookRule } from './domain/playbook';
import { currentBusinessDay, type RepCalendar } from './domain/rep-calendar';
import { whyMe } from './domain/reroute';
import { slaClock, slaProgress, slaTimes, type SlaPolicy } from './domain/sla';
import { addCalendarDays, formatClockTime } from './domain/zoned-time';

export interface HandoffContext {
  dataSource: DataSource;
  relay: OutboxRelay;
  clock: Clock;
  /** Per-request memo (calendars, the SLA policy): a queue of twenty cards reads each once. */
  memo: Map<string, Promise<unknown>>;
  /** Per-request batch loaders (data/request-loaders.ts): N entities or N cards' histories in one query per kind. */
  loaders: HandoffLoaders;
  /** Who is asking, as the gateway verified and signed it; null when no identity came (every resolver then refuses: UNAUTHENTICATED). */
  viewer: Identity | null;
}

const uuid = z.uuid();
const isoDate = z.iso.date();

function memo<T>(ctx: HandoffContext, key: string, load: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (!p) ctx.memo.set(key, (p = load()));
  return p;
}
const calendarFor = (ctx: HandoffContext, repId: string) => memo(ctx, `calendar:${repId}`, () => calendarOf(ctx.dataSource.manager, repId));
const policyFor = (ctx: HandoffContext) => memo<SlaPolicy>(ctx, 'sla-policy', () => slaPolicy(ctx.dataSource.manager));

// ---- authorization (the rules: libs/auth/src/policy.ts and domain/access.ts; the table: authorization-matrix.json) ----

/** Reps, managers and ops read; partners read nothing of this subgraph (accounts, contacts, handoffs, calendars are personal or sales data). */
const READERS: Role[] = ['REP', 'MANAGER', 'OPS'];
const reader = (ctx: HandoffContext, what: string) => requireRole(ctx.viewer, READERS, what);
/** Ops alone edit the CRM mirror by hand, the playbook and the SLA policy. */
const opsOnly = (ctx: HandoffContext, what: string) => requireRole(ctx.viewer, ['OPS'], what);

/** The handoffs of `list` the viewer may read, in order (lists filter, they never fail). */
async function visibleHandoffs(ctx: HandoffContext, viewer: Identity, list: HandoffEntity[]): Promise<HandoffEntity[]> {
  const denied = list.filter((h) => !mayViewHandoff(viewer, handoffParties(h)));
  if (denied.length === 0) return list;
  // A rep the handoff was escalated to may read it even when the policy alone would not.
  const targets = viewer.repId ? await Promise.all(denied.map((h) => ctx.loaders.escalationTargets.load(h.id))) : [];
  const refused = new Set(denied.filter((h, i) => !mayViewHandoff(viewer, handoffParties(h), targets[i])).map((h) => h.id));
  return list.filter((h) => !refused.has(h.id));
}

/** One handoff: itself when the viewer may read it, null when there is none, FORBIDDEN otherwise. */
async function readableHandoff(ctx: HandoffContext, viewer: Identity, h: HandoffEntity | null, field?: string): Promise<HandoffEntity | null> {
  if (!h || (await visibleHandoffs(ctx, viewer, [h])).length === 1) return h;
  throw forbidden(
    `handoff ${h.id} is not yours to read: a REP reads the handoffs they own or back up (or were escalated), a MANAGER their team's; you are ${viewer.role} ${viewer.subject}`,
    field,
  );
}

/**
 * The rep a queue / calendar query is about: `repId`, or the viewer's own when omitted. A REP may
 * name only themselves, a MANAGER themselves and their team (the rep's team from the rep's profile),
 * OPS anyone (and must name one: an ops identity has no queue) — otherwise FORBIDDEN naming `repId`.
 */
async function repInScope(ctx: HandoffContext, viewer: Identity, repId: string | null | undefined, what: string): Promise<string> {
  const id = repId ?? viewer.repId;
  if (!id) throw badUserInput([{ field: 'repId', rule: `required: a ${viewer.role} identity has no rep id of its own; name the rep` }]);
  if (viewer.role === 'OPS' || id === viewer.repId) return id;
  const team = (await teamsOf(ctx.dataSource.manager, [id])).get(id) ?? null;
  if (!mayViewRep(viewer, id, team)) {
    throw forbidden(
      `${what} of ${id} is not yours to read: a REP reads their own, a MANAGER their team's (${viewer.team ?? 'no team'}); ${id} is ${team ? `in ${team}` : 'of no known team'}`,
      'repId',
    );
  }
  return id;
}

/** Carries a refusal out of the transaction callback, so the transaction rolls back. */
class MirrorRefusal extends Error {
  constructor(readonly rejection: MirrorRejection) {
    super(`${rejection.field}: ${rejection.rule}`);
  }
}

/** Runs a CRM-mirror write in one transaction; a refusal becomes BAD_USER_INPUT naming `input.<field>`, with nothing stored. */
async function mirrorWrite<T>(ctx: HandoffContext, write: (m: EntityManager) => Promise<MirrorResult<T>>): Promise<T> {
  let value: T;
  try {
    value = await ctx.dataSource.transaction(async (m) => {
      const result = await write(m);
      if (!result.ok) throw new MirrorRefusal(result.rejection);
      return result.value;
    });
  } catch (e) {
    const rejection = e instanceof MirrorRefusal ? e.rejection : rejectionFromConstraint(e);
    if (!rejection) throw e;
    throw badUserInput([{ field: `input.${rejection.field}`, rule: rejection.rule }]);
  }
  ctx.relay.nudge();
  return value;
}

function ownerAssignmentView(a: OwnerAssignment | null) {
  return a && { ...a, owner: { id: a.owner.repId }, backup: { id: a.backup.repId } };
}

/** Validates a playbook rule save before any transaction: shape, then the action rules (every problem named). */
function parseRuleSave(args: { id: string; input: unknown }) {
  const id = parseInput(ruleIdSchema, args.id, 'id');
  const input = parseInput(playbookRuleInputSchema, args.input, 'input');
  const problems = validatePlaybookRule(input);
  if (problems.length) throw badUserInput(problems);
  return { id, input };
}

const deferralReportArgs = z
  .object({
    from: isoDate,
    to: isoDate,
    persistentMinDays: z.number().int().min(1).max(60),
    persistentOfLastBusinessDays: z.number().int().min(1).max(60),
  })
  .superRefine((a, ctx) => {
    if (a.to < a.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (a.to > addCalendarDays(a.from, 366)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most 366 days after from' });
    if (a.persistentMinDays > a.persistentOfLastBusinessDays) {
      ctx.addIssue({ code: 'custom', path: ['persistentMinDays'], message: 'must not exceed persistentOfLastBusinessDays' });
    }
  });

const slaPolicyInputSchema = z.strictObject({
  acceptanceWindowMinutes: z.number().int().min(1).max(480),
  expireAfterBusinessDays: z.number().int().min(1).max(30),
});


async function write<T>(ctx: HandoffContext, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const value = await ctx.dataSource.transaction(work);
  ctx.relay.nudge();
  return value;
}

const repRef = (id: string | null) => (id ? { id } : null);

export const resolvers: GraphQLResolverMap<HandoffContext> = {
  Query: {
    account: (_: unknown, { id }: { id: string }, ctx: HandoffContext) => {
      reader(ctx, 'reading an account');
      return ctx.loaders.account.load(id);
    },
    accounts: (_: unknown, __: unknown, ctx: HandoffContext) => {
      reader(ctx, 'listing accounts');
      return listAccounts(ctx.dataSource.manager);
    },
    handoff: async (_: unknown, { id }: { id: string }, ctx: HandoffContext) => {
      const viewer = reader(ctx, 'reading a handoff');
      return readableHandoff(ctx, viewer, await ctx.loaders.handoff.load(parseInput(uuid, id, 'id')), 'id');
    },
    myHandoffQueue: async (_: unknown, args: { repId?: string | null; date?: string | null }, ctx: HandoffContext) => {
      const viewer = reader(ctx, 'reading a queue');
      const repId = await repInScope(ctx, viewer, args.repId, 'the queue');
      const date = args.date == null ? currentBusinessDay(await calendarFor(ctx, repId), ctx.clock()) : parseInput(isoDate, args.date, 'date');
      const queue = await queueOf(ctx.dataSource.manager, repId, date);
      queue.forEach((h, n) => ctx.loaders.queueRank.prime(h.id, n + 1)); // in rank order: no count needed
      return visibleHandoffs(ctx, viewer, queue);
    },
    myOpenHandoffs: async (_: unknown, args: { repId?: string | null }, ctx: HandoffContext) => {
      const viewer = reader(ctx, 'reading open handoffs');
      const repId = await repInScope(ctx, viewer, args.repId, 'the open handoffs');
      return visibleHandoffs(ctx, viewer, await openHandoffsOfOwner(ctx.dataSource.manager, repId));
    },
    myEscalations: async (_: unknown, args: { repId?: string | null }, ctx: HandoffContext) => {
      const viewer = reader(ctx, 'reading escalations');
      const repId = await repInScope(ctx, viewer, args.repId, 'the escalations');
      return visibleHandoffs(ctx, viewer, await handoffsEscalatedTo(ctx.dataSource.manager, repId));
    },
    incompleteHandoffs: async (_: unknown, __: unknown, ctx: HandoffContext) => {
      const viewer = requireRole(ctx.viewer, ['MANAGER', 'OPS'], 'the incomplete-handoff worklist');
      return visibleHandoffs(ctx, viewer, await incompleteHandoffs(ctx.dataSource.manager));
    },
    deferralReport: async (_: unknown, args: unknown, ctx: HandoffContext) => {
      const viewer = requireRole(ctx.viewer, ['MANAGER', 'OPS'], 'the deferral report');
      const parsed = deferralReportArgs.safeParse(args);
      if (!parsed.success) throw badUserInput(parsed.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.message })));
      const a = parsed.data;
      const m = ctx.dataSource.manager;
      // The look-back window may reach before `from`: read far enough back for any calendar.
      const lookBack = addCalendarDays(a.to, -(a.persistentOfLastBusinessDays * 3 + 21));
      const deferrals = await capDeferralsBetween(m, lookBack < a.from ? lookBack : a.from, a.to);
      const calendars = await calendarsOf(m, deferrals.map((d) => d.repId));
      const report = deferralReport({
        deferrals,
        calendars,
        from: a.from,
        to: a.to,
        minDays: a.persistentMinDays,
        ofLastBusinessDays: a.persistentOfLastBusinessDays,
      });
      const sizes = await queueSizes(m, a.from, a.to);
      const cap = (repId: string) => calendars.get(repId)?.dailyCapacity ?? null;
      // A manager sees their own row and their team's (the rep's team from the rep's profile).
      let inScope = (_repId: string) => true;
      if (viewer.role === 'MANAGER') {
        const teams = await teamsOf(m, [...report.days.map((d) => d.repId), ...report.persistentCaps.map((p) => p.repId)]);
        inScope = (repId) => mayViewRep(viewer, repId, teams.get(repId) ?? null);
      }
      return {
        from: a.from,
        to: a.to,
        persistentMinDays: a.persistentMinDays,
        persistentOfLastBusinessDays: a.persistentOfLastBusinessDays,
        days: report.days.filter((d) => inScope(d.repId)).map((d) => ({
          rep: { id: d.repId },
          date: d.date,
          deferredCount: d.deferredCount,
          queuedCount: sizes.get(`${d.repId}\u0000${d.date}`) ?? 0,
          dailyCapacity: cap(d.repId),
        })),
        persistentCaps: report.persistentCaps.filter((p) => inScope(p.repId)).map((p) => ({
          rep: { id: p.repId },
          capDays: p.capDays,
          capDayCount: p.capDays.length,
          window: p.window,
          dailyCapacity: cap(p.repId),
        })),
      };
    },
    playbookRules: (_: unknown, args: { includeDeleted?: boolean | null }, ctx: HandoffContext) => {
      reader(ctx, 'reading the playbook');
      return listPlaybookRuleRows(ctx.dataSource.manager, { onlyActive: false, includeDeleted: args.includeDeleted === true });
    },
    playbookRule: (_: unknown, { id }: { id: string }, ctx: HandoffContext) => {
      reader(ctx, 'reading the playbook');
      return findPlaybookRule(ctx.dataSource.manager, id);
    },
    repCalendar: async (_: unknown, args: { repId?: string | null }, ctx: HandoffContext) => {
      const viewer = reader(ctx, 'reading a rep calendar');
      return calendarFor(ctx, await repInScope(ctx, viewer, args.repId, 'the calendar'));
    },
    handoffSlaPolicy: (_: unknown, __: unknown, ctx: HandoffContext) => {
      reader(ctx, 'reading the SLA policy');
      return findSlaPolicy(ctx.dataSource.manager);
    },
  },
  Mutation: {
    upsertAccount: (_: unknown, args: { input: unknown }, ctx: HandoffContext) => {
      opsOnly(ctx, 'editing the CRM mirror');
      requireStorableText(args);
      const input = parseInput(accountInputSchema, args.input, 'input');
      return mirrorWrite(ctx, (m) => applyAccountUpsert(m, input, ctx.clock()));
    },
    upsertContact: (_: unknown, args: { input: unknown }, ctx: HandoffContext) => {
      opsOnly(ctx, 'editing the CRM mirror');
      requireStorableText(args);
      const input = parseInput(contactInputSchema, args.input, 'input');
      return mirrorWrite(ctx, (m) => applyContactUpsert(m, input, ctx.clock()));
    },
    createPlaybookRule: (_: unknown, args: { id: string; input: unknown }, ctx: HandoffContext) => {
      const { subject } = opsOnly(ctx, 'editing the playbook');
      requireStorableText(args);
      const { id, input } = parseRuleSave(args);
      return write(ctx, (m) => createPlaybookRule(m, id, input, subject, ctx.clock()));
    },
    updatePlaybookRule: (_: unknown, args: { id: string; input: unknown; expectedVersion?: number | null }, ctx: HandoffContext) => {
      const { subject } = opsOnly(ctx, 'editing the playbook');
      requireStorableText(args);
      const { id, input } = parseRuleSave(args);
      return write(ctx, (m) => updatePlaybookRule(m, id, input, subject, ctx.clock(), args.expectedVersion ?? null));
    },
    deletePlaybookRule: (_: unknown, args: { id: string }, ctx: HandoffContext) => {
      const { subject } = opsOnly(ctx, 'editing the playbook');
      requireStorableText(args);
      return write(ctx, (m) => deletePlaybookRule(m, args.id, subject, ctx.clock()));
    },
    updateHandoffSlaPolicy: (_: unknown, args: { input: unknown }, ctx: HandoffContext) => {
      const { subject } = opsOnly(ctx, 'changing the SLA policy');
      requireStorableText(args);
      const input = parseInput(slaPolicyInputSchema, args.input, 'input');
      return write(ctx, (m) => saveSlaPolicy(m, input, subject, ctx.clock()));
    },
  },
  Account: {
    __resolveReference: (ref: { id: string }, ctx: HandoffContext) => {
      reader(ctx, 'reading an account');
      return ctx.loaders.account.load(ref.id);
    },
    contacts: (a: AccountEntity, _: unknown, ctx: HandoffContext) => contactsOfAccount(ctx.dataSource.manager, a.id),
    handoff: async (a: AccountEntity, _: unknown, ctx: HandoffContext) =>
      readableHandoff(ctx, requireViewer(ctx.viewer), await ctx.loaders.latestHandoffOfAccount.load(a.id)),
    handoffs: async (a: AccountEntity, _: unknown, ctx: HandoffContext) =>
      visibleHandoffs(ctx, requireViewer(ctx.viewer), await handoffsOfAccount(ctx.dataSource.manager, a.id)),
    updatedAt: (a: AccountEntity) => a.updatedAt.toISOString(),
  },
  Contact: {
    updatedAt: (c: ContactEntity) => c.updatedAt.toISOString(),
  },
  Handoff: {
    __resolveReference: async (ref: { id: string }, ctx: HandoffContext) => {
      const viewer = reader(ctx, 'reading a handoff');
      return uuid.safeParse(ref.id).success ? readableHandoff(ctx, viewer, await ctx.loaders.handoff.load(ref.id)) : null;
    },
    account: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => ctx.loaders.account.load(h.accountId),
    createdAt: (h: HandoffEntity) => h.createdAt.toISOString(),
    deliveredAt: (h: HandoffEntity) => h.deliveredAt?.toISOString() ?? null,
    priorityRank: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => (h.queueDate ? ctx.loaders.queueRank.load(h.id) : null),
    statusChangedAt: (h: HandoffEntity) => h.statusChangedAt.toISOString(),
    statusHistory: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => ctx.loaders.transitions.load(h.id),
    nextAction: (h: HandoffEntity) => h.nextAction && { ...h.nextAction, playbookRuleVersion: h.playbookRuleVersion },
    ownerAssignment: (h: HandoffEntity) => ownerAssignmentView(h.currentAssignment ?? h.ownerAssignment),
    originalOwnerAssignment: (h: HandoffEntity) => ownerAssignmentView(h.ownerAssignment),
    whyMe: async (h: HandoffEntity, _: unknown, ctx: HandoffContext) => {
      const assignment = h.currentAssignment ?? h.ownerAssignment;
      if (!assignment) return null;
      const moves = (await ctx.loaders.reroutes.load(h.id)).filter((r) => r.moved && r.fromOwnerRepId !== r.toOwnerRepId);
      const last = moves[moves.length - 1];
      const from = last && (h.ownerAssignment?.owner.repId === last.fromOwnerRepId ? h.ownerAssignment.owner.name : last.fromOwnerRepId);
      return whyMe(assignment, last ? { at: last.at, fromRepName: from, policy: last.policy, reason: last.changeReason } : null);
    },
    playbookRule: (h: HandoffEntity, _: unknown, ctx: HandoffContext) =>
      h.nextAction && h.playbookRuleVersion ? findRuleVersion(ctx.dataSource.manager, h.nextAction.playbookRuleId, h.playbookRuleVersion) : null,
    deferrals: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => ctx.loaders.deferrals.load(h.id),
    escalations: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => ctx.loaders.escalations.load(h.id),
    reroutes: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => ctx.loaders.reroutes.load(h.id),
    sla: async (h: HandoffEntity, _: unknown, ctx: HandoffContext) => {
      if (!h.queueDate || !h.queuedAt || !h.ownerRepId) return null;
      const calendar = await calendarFor(ctx, h.ownerRepId);
      const times = slaTimes(calendar, h.queueDate, h.queuedAt, await policyFor(ctx));
      const history = (await ctx.loaders.transitions.load(h.id)).filter((t) => t.applied).map((t) => ({ to: t.toStatus, at: t.at }));
      return { ...slaClock(times, slaProgress(h.status, history), calendar, ctx.clock()), timezone: calendar.timezone };
    },
  },
  HandoffSla: {
    clockStartsAt: (s: { clockStartsAt: Date }) => s.clockStartsAt.toISOString(),
    acceptanceDueAt: (s: { acceptanceDueAt: Date }) => s.acceptanceDueAt.toISOString(),
    firstTouchDueAt: (s: { firstTouchDueAt: Date }) => s.firstTouchDueAt.toISOString(),
    expiresAt: (s: { expiresAt: Date }) => s.expiresAt.toISOString(),
  },
  HandoffStatusTransition: {
    from: (t: HandoffTransitionEntity) => t.fromStatus,
    to: (t: HandoffTransitionEntity) => t.toStatus,
    at: (t: HandoffTransitionEntity) => t.at.toISOString(),
    recordedAt: (t: HandoffTransitionEntity) => t.recordedAt.toISOString(),
    cause: (t: HandoffTransitionEntity) => t.causeType,
  },
  QueueDeferral: {
    deferredAt: (d: QueueDeferralEntity) => d.deferredAt.toISOString(),
  },
  HandoffEscalation: {
    from: (e: HandoffEscalationEntity) => ({ id: e.fromRepId }),
    to: (e: HandoffEscalationEntity) => repRef(e.toRepId),
    dueAt: (e: HandoffEscalationEntity) => e.dueAt.toISOString(),
    escalatedAt: (e: HandoffEscalationEntity) => e.escalatedAt.toISOString(),
  },
  HandoffReroute: {
    at: (r: HandoffRerouteEntity) => r.at.toISOString(),
    from: (r: HandoffRerouteEntity) => ({ id: r.fromOwnerRepId }),
    to: (r: HandoffRerouteEntity) => repRef(r.toOwnerRepId),
  },
  RepWorkingCalendar: {
    rep: (c: RepCalendar) => ({ id: c.repId }),
    workingHoursStart: (c: RepCalendar) => formatClockTime(c.startMinute),
    workingHoursEnd: (c: RepCalendar) => formatClockTime(c.endMinute),
    manager: (c: RepCalendar) => repRef(c.managerRepId),
    outOfOffice: (c: RepCalendar) => c.outOfOffice.map((o) => ({ from: o.from.toISOString(), to: o.to.toISOString() })),
    currentBusinessDay: (c: RepCalendar, _: unknown, ctx: HandoffContext) => currentBusinessDay(c, ctx.clock()),
  },
  HandoffSlaPolicy: {
    updatedAt: (p: SlaPolicyEntity) => p.updatedAt.toISOString(),
  },
  PlaybookRule: {
    updatedAt: (r: PlaybookRuleEntity) => r.updatedAt.toISOString(),
    versions: (r: PlaybookRuleEntity, _: unknown, ctx: HandoffContext) => versionsOfRule(ctx.dataSource.manager, r.id),
  },
  PlaybookRuleVersion: {
    savedAt: (v: PlaybookRuleVersionEntity) => v.savedAt.toISOString(),
  },
};
