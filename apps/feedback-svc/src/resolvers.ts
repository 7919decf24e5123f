import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Clock } from '@handoff-graph/config';
import { enqueueEvents, type OutboxRelay } from '@handoff-graph/data';
import { badUserInput, conflict, parseInput } from '@handoff-graph/graphql';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadWeeklyMetrics } from './application/metrics';
import { currentRejectionPatterns, publishRejectionPatternReport } from './application/rejection-report';
import type { FeedbackSettings } from './application/settings';
import type { FeedbackLoader } from './data/feedback-loader';
import { findRejectionPatternReport, type StoredRejectionPatternReport } from './data/rejection-pattern-report.repository';
import { findFeedbackByHandoff, insertFeedback } from './data/feedback.repository';
import { findHandoffRecord } from './data/handoff-record.repository';
import { decideFeedback, type Feedback, type FeedbackCommand, type FeedbackRefusal } from './domain/feedback-rules';
import { isoWeekOf, parseIsoWeek, type IsoWeek } from './domain/iso-week';
import { weekClosed, type RejectionPattern } from './domain/rejection-patterns';
import type { MetricsGroupBy, MetricsGroupRow, WeeklyMetrics } from './domain/weekly-metrics';
import { feedbackEvent } from './events/feedback-events.producer';
import { acceptHandoffInput, recordFirstTouchInput, recordMeetingInput, rejectHandoffInput, trendWeeksArg } from './feedback-inputs.schema';

export interface FeedbackContext {
  dataSource: DataSource;
  relay: OutboxRelay;
  clock: Clock;
  feedbackLoader: FeedbackLoader;
  settings: FeedbackSettings;
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
  };
}

function rowShape(row: MetricsGroupRow) {
  return { ...row, rep: row.groupBy === 'REP' && row.key !== null ? { id: row.key } : null };
}

function metricsShape(m: WeeklyMetrics) {
  const { week, rows, ...numbers } = m;
  return { ...numbers, week: week.label, startsAt: week.start.toISOString(), endsAt: week.end.toISOString(), rows: rows.map(rowShape) };
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
      const week = weekArg(ctx, args.week, 'week');
      const [metrics] = await loadWeeklyMetrics(ctx.dataSource.manager, week, 1, { groupBy: args.groupBy ?? 'OVERALL', now: ctx.clock() });
      return metricsShape(metrics);
    },
    weeklyMetricsTrend: async (
      _: unknown,
      args: { weeks?: number | null; endingWeek?: string | null; groupBy?: MetricsGroupBy | null },
      ctx: FeedbackContext,
    ) => {
      const count = parseInput(trendWeeksArg, args.weeks ?? 13, 'weeks');
      const now = ctx.clock();
      const ending = args.endingWeek ? weekArg(ctx, args.endingWeek, 'endingWeek') : isoWeekOf(now, ctx.settings.metricsTimeZone);
      const weeks = await loadWeeklyMetrics(ctx.dataSource.manager, ending, count, { groupBy: args.groupBy ?? 'OVERALL', now });
      return weeks.map(metricsShape);
    },
    rejectionPatterns: async (_: unknown, args: { week: string }, ctx: FeedbackContext) => {
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
    acceptHandoff: (_: unknown, args: { input: unknown }, ctx: FeedbackContext) =>
      giveFeedback(ctx, { kind: 'ACCEPTED', ...parseInput(acceptHandoffInput, args.input, 'input') }),
    rejectHandoff: (_: unknown, args: { input: unknown }, ctx: FeedbackContext) =>
      giveFeedback(ctx, { kind: 'REJECTED', ...parseInput(rejectHandoffInput, args.input, 'input') }),
    recordFirstTouch: (_: unknown, args: { input: unknown }, ctx: FeedbackContext) =>
      giveFeedback(ctx, { kind: 'FIRST_TOUCH', ...parseInput(recordFirstTouchInput, args.input, 'input') }),
    recordMeeting: (_: unknown, args: { input: unknown }, ctx: FeedbackContext) =>
      giveFeedback(ctx, { kind: 'MEETING_BOOKED', ...parseInput(recordMeetingInput, args.input, 'input') }),
    publishRejectionPatternReport: async (_: unknown, args: { week: string }, ctx: FeedbackContext) => {
      const week = weekArg(ctx, args.week, 'week');
      const now = ctx.clock();
      if (!weekClosed(week, now)) {
        throw badUserInput([
          { field: 'week', rule: `must be a week that has closed; ${week.label} closes at ${week.end.toISOString()} (Monday 00:00 ${week.timeZone})` },
        ]);
      }
      const { report, newlyPublished } = await publishRejectionPatternReport(ctx.dataSource, week, { now, publishedBy: 'OPS' });
      if (newlyPublished) ctx.relay.nudge();
      return publishedShape(report, newlyPublished);
    },
  },
  Handoff: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    feedback: async ({ id }: { id: string }, _: unknown, ctx: FeedbackContext) => (await ctx.feedbackLoader(id)).map(feedbackShape),
  },
};
