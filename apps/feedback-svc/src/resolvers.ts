import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canSeeHandoff, requireRole, requireViewer, type Identity } from '@handoff-graph/auth';
import type { Clock } from '@handoff-graph/config';
import { enqueueEvents, type OutboxRelay } from '@handoff-graph/data';
import { badUserInput, conflict, forbidden, parseInput, requireStorableText } from '@handoff-graph/graphql';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadWeeklyMetrics } from './application/metrics';
import { currentRejectionPatterns, publishRejectionPatternReport } from './application/rejection-report';
import type { FeedbackSettings } from './application/settings';
import type { FeedbackLoader } from './data/feedback-loader';
import type { HandoffPartiesLoader } from './data/handoff-parties.repository';
import { findRejectionPatternReport, type StoredRejectionPatternReport } from './data/rejection-pattern-report.repository';
import { findFeedbackByHandoff, insertFeedback } from './data/feedback.repository';
import { findHandoffRecord } from './data/handoff-record.repository';
import { actingRep } from './domain/feedback-authorization';
import { decideFeedback, type Feedback, type FeedbackCommand, type FeedbackRefusal } from './domain/feedback-rules';
import { isoWeekOf, parseIsoWeek, type IsoWeek } from './domain/iso-week';
import { metricsRowsScopeFor, rowsScopeKey, type MetricsRowsScope } from './domain/metrics-scope';
import { weekClosed, type RejectionPattern } from './domain/rejection-patterns';
import type { MetricsGroupBy, MetricsGroupRow, WeeklyMetrics } from './domain/weekly-metrics';
import { feedbackEvent } from './events/feedback-events.producer';
import { acceptHandoffInput, recordFirstTouchInput, recordMeetingInput, rejectHandoffInput, trendWeeksArg } from './feedback-inputs.schema';

export interface FeedbackContext {
  dataSource: DataSource;
  relay: OutboxRelay;
  clock: Clock;
  feedbackLoader: FeedbackLoader;
  /** Owner, backup and owner's team of each handoff, for the visibility check (batched per request). */
  handoffParties: HandoffPartiesLoader;
  settings: FeedbackSettings;
  /** The identity the gateway verified; null when none came (every resolver then refuses UNAUTHENTICATED). */
  viewer: Identity | null;
}

/** Who may give feedback at all (whose feedback it is, and on which handoff, is decided after). */
const FEEDBACK_ROLES: Identity['role'][] = ['REP', 'MANAGER', 'OPS'];
/** Who may read metrics (rows limited per role: domain/metrics-scope.ts). */
const METRICS_ROLES: Identity['role'][] = ['REP', 'MANAGER', 'OPS'];
/** The weekly rejection-pattern review: marketing operations and sales managers. */
const REJECTION_PATTERN_ROLES: Identity['role'][] = ['MANAGER', 'OPS'];

function metricsScope(ctx: FeedbackContext, what: string): MetricsRowsScope {
  const viewer = requireRole(ctx.viewer, METRICS_ROLES, what);
  const scope = metricsRowsScopeFor(viewer);
  if (!scope) throw forbidden(`${what} needs role ${METRICS_ROLES.join(' or ')}; you are ${viewer.role}`);
  return scope;
}

/**
 * The entity check of `Handoff` (through `_entities` and for its `feedback`): OPS any; a REP the
 * handoffs they own or back up; a MANAGER their team's and their own; a PARTNER none. A handoff this
 * service has not projected has no feedback here, so there is nothing to refuse: it resolves (with
 * an empty history) for anyone who may read handoffs at all.
 */
async function authorizeHandoff(ctx: FeedbackContext, handoffId: string): Promise<void> {
  const viewer = requireRole(ctx.viewer, ['REP', 'MANAGER', 'OPS'], 'Handoff.feedback');
  if (viewer.role === 'OPS') return;
  const parties = await ctx.handoffParties(handoffId);
  if (parties && !canSeeHandoff(viewer, parties)) {
    const who = viewer.role === 'MANAGER' ? `manager of ${viewer.team ?? 'no team'} (${viewer.repId})` : `rep ${viewer.repId}`;
    throw forbidden(
      `handoff ${handoffId} is not yours to see: you are ${who}; it is owned by ${parties.ownerRepId} (${parties.ownerTeam ?? 'team unknown'}) with backup ${parties.backupRepId ?? 'none'}`,
    );
  }
}


function refusalError(refusal: FeedbackRefusal): GraphQLError {
  switch (refusal.code) {
    case 'BAD_USER_INPUT':
      return badUserInput([{ field: refusal.field ?? 'input', rule: refusal.message }]);
    case 'CONFLICT':
      return conflict(refusal.message, refusal.field);
    default:
      return new GraphQLError(refusal.message, { extensions: { code: refusal.code, ...(refusal.field ? { field: refusal.field } : {}) } });
  }
}

type FeedbackInput<K extends FeedbackCommand['kind']> = Omit<Extract<FeedbackCommand, { kind: K }>, 'kind' | 'repId' | 'recordedBy'> & {
  repId: string | null;
};

/**
 * Whose feedback it is, from the verified identity (domain/feedback-authorization.ts `actingRep`):
 * a REP or MANAGER as themselves, OPS for the rep it names; then decides and stores it.
 */
async function giveFeedbackAs<K extends FeedbackCommand['kind']>(ctx: FeedbackContext, kind: K, input: FeedbackInput<K>) {
  const viewer = requireViewer(ctx.viewer);
  const acting = actingRep(viewer, input.repId);
  if (!acting.ok) {
    throw acting.code === 'BAD_USER_INPUT'
      ? badUserInput([{ field: acting.field ?? 'input.repId', rule: acting.message }])
      : forbidden(acting.message, acting.field);
  }
  return giveFeedback(ctx, { ...input, kind, repId: acting.repId, recordedBy: viewer.subject } as FeedbackCommand);
}

/** Decides and stores one piece of feedback with its event, in one transaction on the locked handoff row. */
async function giveFeedback(ctx: FeedbackContext, command: FeedbackCommand) {
  const now = ctx.clock();
  const decision = await ctx.dataSource.transaction(async (manager) => {
    const handoff = await findHandoffRecord(manager, command.handoffId, { forUpdate: true });
    const history = handoff ? ((await findFeedbackByHandoff(manager, [handoff.handoffId])).get(handoff.handoffId) ?? []) : [];
    const decided = decideFeedback(command, { handoff, history }, { now, feedbackId: randomUUID() });
    if (decided.ok && handoff) {
      await insertFeedback(manager, decided.feedback);
      await enqueueEvents(manager, [feedbackEvent(decided.feedback, handoff)]);
    }
    return decided;
  });
  if (!decision.ok) throw refusalError(decision.refusal);
  ctx.relay.nudge();
  return feedbackShape(decision.feedback);
}

function feedbackShape(f: Feedback) {
  return {
    id: f.feedbackId,
    kind: f.kind,
    handoff: { id: f.handoffId },
    repId: f.repId,
    rep: { id: f.repId },
    reason: f.reason,
    note: f.note,
    channel: f.channel,
    at: f.at.toISOString(),
    recordedAt: f.recordedAt.toISOString(),
    recordedBy: f.recordedBy,
  };
}

function rowShape(row: MetricsGroupRow) {
  return { ...row, rep: row.groupBy === 'REP' && row.key !== null ? { id: row.key } : null };
}

function metricsShape(m: WeeklyMetrics, scope: MetricsRowsScope) {
  const { week, rows, ...numbers } = m;
  return {
    ...numbers,
    week: week.label,
    startsAt: week.start.toISOString(),
    endsAt: week.end.toISOString(),
    rows: rows.map(rowShape),
    rowsScope: scope.scope,
    rowsScopeKey: rowsScopeKey(scope),
  };
}

const patternShape = (p: RejectionPattern) => ({ ...p });

function publishedShape(r: StoredRejectionPatternReport, newlyPublished: boolean) {
  return {
    week: r.week,
    timeZone: r.timeZone,
    generatedAt: r.generatedAt.toISOString(),
    deliveredCount: r.deliveredCount,
    rejectedCount: r.rejectedCount,
    patterns: r.patterns.map(patternShape),
    eventId: r.eventId,
    publishedBy: r.publishedBy,
    publishedBySubject: r.publishedBySubject,
    newlyPublished,
  };
}

function weekArg(ctx: FeedbackContext, value: string, argumentName: string): IsoWeek {
  const parsed = parseIsoWeek(value, ctx.settings.metricsTimeZone);
  if (!parsed.ok) throw badUserInput([{ field: argumentName, rule: parsed.rule }]);
  return parsed.week;
}

export const resolvers: GraphQLResolverMap<FeedbackContext> = {
  Query: {
    weeklyMetrics: async (_: unknown, args: { week: string; groupBy?: MetricsGroupBy | null }, ctx: FeedbackContext) => {
      const scope = metricsScope(ctx, 'weeklyMetrics');
      const week = weekArg(ctx, args.week, 'week');
      const [metrics] = await loadWeeklyMetrics(ctx.dataSource.manager, week, 1, { groupBy: args.groupBy ?? 'OVERALL', now: ctx.clock(), scope });
      return metricsShape(metrics, scope);
    },
    weeklyMetricsTrend: async (
      _: unknown,
      args: { weeks?: number | null; endingWeek?: string | null; groupBy?: MetricsGroupBy | null },
      ctx: FeedbackContext,
    ) => {
      const scope = metricsScope(ctx, 'weeklyMetricsTrend');
      const count = parseInput(trendWeeksArg, args.weeks ?? 13, 'weeks');
      const now = ctx.clock();
      const ending = args.endingWeek ? weekArg(ctx, args.endingWeek, 'endingWeek') : isoWeekOf(now, ctx.settings.metricsTimeZone);
      const weeks = await loadWeeklyMetrics(ctx.dataSource.manager, ending, count, { groupBy: args.groupBy ?? 'OVERALL', now, scope });
      return weeks.map((w) => metricsShape(w, scope));
    },
    rejectionPatterns: async (_: unknown, args: { week: string }, ctx: FeedbackContext) => {
      requireRole(ctx.viewer, REJECTION_PATTERN_ROLES, 'rejectionPatterns');
      const week = weekArg(ctx, args.week, 'week');
      const [report, published] = await Promise.all([
        currentRejectionPatterns(ctx.dataSource.manager, week),
        findRejectionPatternReport(ctx.dataSource.manager, week.label),
      ]);
      return {
        week: week.label,
        startsAt: week.start.toISOString(),
        endsAt: week.end.toISOString(),
        timeZone: week.timeZone,
        deliveredCount: report.deliveredCount,
        rejectedCount: report.rejectedCount,
        patterns: report.patterns.map(patternShape),
        published: published ? publishedShape(published, false) : null,
      };
    },
  },
  Mutation: {
    acceptHandoff: async (_: unknown, args: { input: unknown }, ctx: FeedbackContext) => {
      requireRole(ctx.viewer, FEEDBACK_ROLES, 'acceptHandoff');
      requireStorableText(args);
      return giveFeedbackAs(ctx, 'ACCEPTED', parseInput(acceptHandoffInput, args.input, 'input'));
    },
    rejectHandoff: async (_: unknown, args: { input: unknown }, ctx: FeedbackContext) => {
      requireRole(ctx.viewer, FEEDBACK_ROLES, 'rejectHandoff');
      requireStorableText(args);
      return giveFeedbackAs(ctx, 'REJECTED', parseInput(rejectHandoffInput, args.input, 'input'));
    },
    recordFirstTouch: async (_: unknown, args: { input: unknown }, ctx: FeedbackContext) => {
      requireRole(ctx.viewer, FEEDBACK_ROLES, 'recordFirstTouch');
      requireStorableText(args);
      return giveFeedbackAs(ctx, 'FIRST_TOUCH', parseInput(recordFirstTouchInput, args.input, 'input'));
    },
    recordMeeting: async (_: unknown, args: { input: unknown }, ctx: FeedbackContext) => {
      requireRole(ctx.viewer, FEEDBACK_ROLES, 'recordMeeting');
      requireStorableText(args);
      return giveFeedbackAs(ctx, 'MEETING_BOOKED', parseInput(recordMeetingInput, args.input, 'input'));
    },
    publishRejectionPatternReport: async (_: unknown, args: { week: string }, ctx: FeedbackContext) => {
      const viewer = requireRole(ctx.viewer, ['OPS'], 'publishRejectionPatternReport');
      requireStorableText(args);
      const week = weekArg(ctx, args.week, 'week');
      const now = ctx.clock();
      if (!weekClosed(week, now)) {
        throw badUserInput([
          { field: 'week', rule: `must be a week that has closed; ${week.label} closes at ${week.end.toISOString()} (Monday 00:00 ${week.timeZone})` },
        ]);
      }
      const { report, newlyPublished } = await publishRejectionPatternReport(ctx.dataSource, week, {
        now,
        publishedBy: 'OPS',
        publishedBySubject: viewer.subject,
      });
      if (newlyPublished) ctx.relay.nudge();
      return publishedShape(report, newlyPublished);
    },
  },
  Handoff: {
    // Entity resolution through `_entities` is checked here, per entity (one refused entity does not fail the others).
    __resolveReference: async ({ id }: { id: string }, ctx: FeedbackContext) => {
      await authorizeHandoff(ctx, id);
      return { id };
    },
    // And again for the field, which is also reached from Feedback.handoff (the check is cached per request).
    feedback: async ({ id }: { id: string }, _: unknown, ctx: FeedbackContext) => {
      await authorizeHandoff(ctx, id);
      return (await ctx.feedbackLoader(id)).map(feedbackShape);
    },
  },
};
