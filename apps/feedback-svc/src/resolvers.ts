import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Clock } from '@handoff-graph/config';
import { enqueueEvents, type OutboxRelay } from '@handoff-graph/data';
import { badUserInput, conflict, parseInput } from '@handoff-graph/graphql';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { FeedbackLoader } from './data/feedback-loader';
import { findFeedbackByHandoff, insertFeedback } from './data/feedback.repository';
import { findOutcomesDeliveredBetween } from './data/handoff-outcome.repository';
import { findHandoffRecord } from './data/handoff-record.repository';
import { decideFeedback, type Feedback, type FeedbackCommand, type FeedbackRefusal } from './domain/feedback-rules';
import { isoWeekOf, parseIsoWeek, type IsoWeek } from './domain/iso-week';
import { trendWeeks, weeklyMetrics, weeklyMetricsTrend, type WeeklyMetrics } from './domain/weekly-metrics';
import { feedbackEvent } from './events/feedback-events.producer';
import { acceptHandoffInput, recordFirstTouchInput, recordMeetingInput, rejectHandoffInput, trendWeeksArg } from './feedback-inputs.schema';

export interface FeedbackContext {
  dataSource: DataSource;
  relay: OutboxRelay;
  clock: Clock;
  feedbackLoader: FeedbackLoader;
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

function metricsShape(m: WeeklyMetrics) {
  const { week, ...numbers } = m;
  return { ...numbers, week: week.label, startsAt: week.start.toISOString(), endsAt: week.end.toISOString() };
}

function weekArg(value: string, argumentName: string): IsoWeek {
  const parsed = parseIsoWeek(value);
  if (!parsed.ok) throw badUserInput([{ field: argumentName, rule: parsed.rule }]);
  return parsed.week;
}

export const resolvers: GraphQLResolverMap<FeedbackContext> = {
  Query: {
    weeklyMetrics: async (_: unknown, args: { week: string }, ctx: FeedbackContext) => {
      const week = weekArg(args.week, 'week');
      const outcomes = await findOutcomesDeliveredBetween(ctx.dataSource.manager, week.start, week.end);
      return metricsShape(weeklyMetrics(week, outcomes));
    },
    weeklyMetricsTrend: async (_: unknown, args: { weeks?: number | null; endingWeek?: string | null }, ctx: FeedbackContext) => {
      const count = parseInput(trendWeeksArg, args.weeks ?? 13, 'weeks');
      const ending = args.endingWeek ? weekArg(args.endingWeek, 'endingWeek') : isoWeekOf(ctx.clock());
      const weeks = trendWeeks(ending, count);
      const outcomes = await findOutcomesDeliveredBetween(ctx.dataSource.manager, weeks[0].start, ending.end);
      return weeklyMetricsTrend(ending, count, outcomes).map(metricsShape);
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
  },
  Handoff: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    feedback: async ({ id }: { id: string }, _: unknown, ctx: FeedbackContext) => (await ctx.feedbackLoader(id)).map(feedbackShape),
  },
};
