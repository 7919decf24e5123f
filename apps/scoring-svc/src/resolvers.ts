import type { Identity } from '@handoff-graph/auth';
import type { Clock, Logger } from '@handoff-graph/config';
import { accountId as accountIdSchema, isoDate, isoDateTime, type ScoringSnapshot } from '@handoff-graph/contracts';
import type { OutboxRelay } from '@handoff-graph/data';
import { badUserInput, notFound, parseInput, zodProblems, type FieldProblem, requireStorableText, unstorableTextField, STORABLE_TEXT_RULE } from '@handoff-graph/graphql';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { requireOps, requireScoreReader } from './authorization';
import { findAccountScore } from './data/account-score.repository';
import type { ModelActivationEntity } from './data/model-activation.entity';
import { listQualifications } from './data/qualification.repository';
import {
  findModel,
  findModelActiveAt,
  firstActivationAt,
  listActivations,
  listModels,
  findActiveModel,
  type StoredScoringModel,
} from './data/scoring-model.repository';
import { listUnmatched } from './data/signal.repository';
import { rulesInOrder, modelVersionSchema, scoringModelInputSchema } from './domain/scoring-model';
import { signalInputSchema, withNulls, type IncomingSignal } from './domain/signal';
import { OUTCOME_LOOKBACK_DAYS, OUTCOME_WINDOW_DAYS, warmUpDays, type OutcomeSummary } from './domain/simulation';
import { DAY_MS, utcDate } from './domain/time';
import { explainScoreAt, type ScoreExplanation } from './use-cases/explain-score.use-case';
import { recordSignals } from './use-cases/record-signals.use-case';
import { activateScoringModel, createScoringModel } from './use-cases/scoring-models.use-case';
import { runThresholdSimulation } from './use-cases/simulate-threshold.use-case';

export interface ScoringContext {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  /** Nudged after a mutation commits, so its events go out at once. */
  relay: OutboxRelay;
  /** Who is asking, as the gateway verified it (null: no identity — every resolver refuses with UNAUTHENTICATED). */
  viewer: Identity | null;
}

export const MAX_SIGNALS_PER_BATCH = 500;
/** The longest range simulateThreshold replays. */
export const MAX_SIMULATION_DAYS = 366;

const batchSchema = z
  .array(z.unknown())
  .min(1, 'at least one signal is required')
  .max(MAX_SIGNALS_PER_BATCH, `at most ${MAX_SIGNALS_PER_BATCH} signals per batch`);

const reasonSchema = z.string().trim().min(1, 'say why').max(2000);
const limitSchema = (max: number) => z.number().int().min(1).max(max);

type SignalCheck = { index: number; signalId: string } & ({ ok: true; signal: IncomingSignal } | { ok: false; problems: FieldProblem[] });

/** Validates one batch item: the signal-received contract's fields and one account reference. */
function checkSignal(value: unknown, index: number): SignalCheck {
  const input = withNulls(value);
  const signalId = typeof (input as { signalId?: unknown })?.signalId === 'string' ? (input as { signalId: string }).signalId : '';
  const parsed = signalInputSchema.safeParse(input);
  const unstorable = unstorableTextField(value, `signals.${index}`);
  const problems = [...(unstorable === null ? [] : [{ field: unstorable, rule: STORABLE_TEXT_RULE }]), ...(parsed.success ? [] : zodProblems(parsed.error, `signals.${index}`))];
  return parsed.success && problems.length === 0 ? { index, signalId, ok: true, signal: parsed.data } : { index, signalId, ok: false, problems };
}


function modelStatus(model: StoredScoringModel): 'ACTIVE' | 'DRAFT' | 'RETIRED' {
  return model.active ? 'ACTIVE' : model.effectiveAt === null ? 'DRAFT' : 'RETIRED';
}

function modelToGraphQL(model: StoredScoringModel) {
  return {
    version: model.version,
    status: modelStatus(model),
    threshold: model.threshold,
    rearmMargin: model.rearmMargin,
    cooldownDays: model.cooldownDays,
    effectiveAt: model.effectiveAt?.toISOString() ?? null,
    author: model.author,
    createdAt: model.createdAt.toISOString(),
    description: model.description,
    rules: rulesInOrder(model),
    fit: model.fit,
  };
}

function activationToGraphQL(a: ModelActivationEntity) {
  return {
    activationId: a.activationId,
    version: a.version,
    previousVersion: a.previousVersion,
    activatedAt: a.activatedAt.toISOString(),
    actor: a.actor,
    reason: a.reason,
  };
}

function explanationToGraphQL(e: ScoreExplanation) {
  return {
    account: { id: e.accountId },
    asOf: e.asOf.toISOString(),
    modelVersion: e.model.version,
    threshold: e.model.threshold,
    score: e.score,
    atOrAboveThreshold: e.score >= e.model.threshold,
    components: e.components,
    snapshot: e.snapshot,
    signalsCounted: e.signalsCounted,
    firmographicsKnown: e.firmographicsKnown,
  };
}

const outcomeToGraphQL = (o: OutcomeSummary) => o;

interface AccountRef {
  id: string;
}

async function modelOr404(ctx: ScoringContext, version: string, field: string): Promise<StoredScoringModel> {
  const model = await findModel(ctx.dataSource.manager, version);
  if (!model) throw notFound('Scoring model', version, field);
  return model;
}

export const scoringResolvers = {
  Query: {
    scoringModel: async (_parent: unknown, args: { version?: string | null }, ctx: ScoringContext) => {
      requireScoreReader(ctx.viewer, 'reading the scoring model');
      if (args.version === undefined || args.version === null) return modelToGraphQL(await findActiveModel(ctx.dataSource.manager));
      return modelToGraphQL(await modelOr404(ctx, parseInput(modelVersionSchema, args.version, 'version'), 'version'));
    },

    scoringModels: async (_parent: unknown, _args: unknown, ctx: ScoringContext) => {
      requireScoreReader(ctx.viewer, 'listing the scoring models');
      return (await listModels(ctx.dataSource.manager)).map(modelToGraphQL);
    },

    modelActivations: async (_parent: unknown, args: { first: number }, ctx: ScoringContext) => {
      requireOps(ctx.viewer, 'reading the model activation audit trail');
      const limit = parseInput(limitSchema(200), args.first, 'first');
      return (await listActivations(ctx.dataSource.manager, { limit })).map(activationToGraphQL);
    },

    explainScore: async (_parent: unknown, args: { accountId: string; asOf?: string | null; modelVersion?: string | null }, ctx: ScoringContext) => {
      requireScoreReader(ctx.viewer, 'explaining a score');
      const accountId = parseInput(accountIdSchema, args.accountId, 'accountId');
      const now = ctx.clock();
      const asOf = args.asOf ? new Date(parseInput(isoDateTime, args.asOf, 'asOf')) : now;
      if (asOf.getTime() > now.getTime()) throw badUserInput([{ field: 'asOf', rule: `must not be in the future (now is ${now.toISOString()})` }]);
      const manager = ctx.dataSource.manager;
      let model: StoredScoringModel | null;
      if (args.modelVersion) {
        model = await modelOr404(ctx, parseInput(modelVersionSchema, args.modelVersion, 'modelVersion'), 'modelVersion');
      } else {
        model = await findModelActiveAt(manager, asOf);
        if (!model) {
          const first = await firstActivationAt(manager);
          throw badUserInput([{ field: 'asOf', rule: `no scoring model was active then; the first became active at ${first?.toISOString() ?? 'never'}` }]);
        }
      }
      const explanation = await explainScoreAt(manager, accountId, asOf, model);
      return explanation && explanationToGraphQL(explanation);
    },

    unmatchedSignals: async (_parent: unknown, args: { first: number }, ctx: ScoringContext) => {
      requireOps(ctx.viewer, 'listing unmatched signals');
      const limit = parseInput(limitSchema(500), args.first, 'first');
      const { total, signals } = await listUnmatched(ctx.dataSource.manager, limit);
      return {
        total,
        signals: signals.map((s) => ({
          signalId: s.signalId,
          referenceKind: s.refKind,
          reference: s.refValue,
          reason: s.unmatchedReason ?? 'no known account matches it yet',
          signalType: s.signalType,
          occurredAt: s.occurredAt.toISOString(),
          receivedAt: s.receivedAt.toISOString(),
          source: s.source,
        })),
      };
    },

    simulateThreshold: async (_parent: unknown, args: { modelVersion: string; threshold: number; from: string; to: string }, ctx: ScoringContext) => {
      requireOps(ctx.viewer, 'simulating a threshold');
      const version = parseInput(modelVersionSchema, args.modelVersion, 'modelVersion');
      const fromDay = new Date(`${parseInput(isoDate, args.from, 'from')}T00:00:00Z`);
      const toDay = new Date(`${parseInput(isoDate, args.to, 'to')}T00:00:00Z`);
      if (toDay.getTime() < fromDay.getTime()) throw badUserInput([{ field: 'to', rule: 'must not be before from' }]);
      if ((toDay.getTime() - fromDay.getTime()) / DAY_MS >= MAX_SIMULATION_DAYS) {
        throw badUserInput([{ field: 'to', rule: `at most ${MAX_SIMULATION_DAYS} days after from` }]);
      }
      const model = await modelOr404(ctx, version, 'modelVersion');
      const threshold = parseInput(
        z.number().max(100).gt(model.rearmMargin, `must be above the model's re-arm margin (${model.rearmMargin})`),
        args.threshold,
        'threshold',
      );
      const result = await runThresholdSimulation(ctx.dataSource.manager, { model, threshold, fromDay, toDay });
      return {
        modelVersion: model.version,
        from: utcDate(result.from),
        to: utcDate(result.to),
        candidate: outcomeToGraphQL(result.candidate),
        current: outcomeToGraphQL(result.current),
        weeks: result.weeks,
        accountsReplayed: result.accountsReplayed,
        signalsReplayed: result.signalsReplayed,
        method:
          `Replays every matched signal from ${warmUpDays(model)} days before from (90-day window + ${model.cooldownDays}-day cooldown, so hysteresis ` +
          `and cooldown state at from come from history) to the end of to, by occurrence time, with ${model.version}'s rules, re-arm margin ` +
          `${model.rearmMargin}, cooldown and fit (current firmographics). A qualification is counted in the ISO week it happens. A rep's ` +
          `verdict (meeting booked, handoff rejected) belongs to the account's latest simulated qualification at or before it if within ` +
          `${OUTCOME_WINDOW_DAYS} days, else to the next one if that comes at most ${OUTCOME_LOOKBACK_DAYS} days later; a meeting outranks a rejection.`,
      };
    },
  },

  Mutation: {
    recordSignals: async (_parent: unknown, args: { signals: unknown[] }, ctx: ScoringContext) => {
      requireOps(ctx.viewer, 'recording signals through GraphQL (marketing tools send them on the signals topic)');
      const items = parseInput(batchSchema, args.signals, 'signals');
      const checks = items.map(checkSignal);
      const valid = checks.filter((c): c is SignalCheck & { ok: true } => c.ok);
      if (valid.length === 0) throw badUserInput(checks.flatMap((c) => (c.ok ? [] : c.problems)));

      const origin = { now: ctx.clock(), correlationId: randomUUID() };
      const result = await ctx.dataSource.transaction((manager) =>
        recordSignals(
          manager,
          valid.map((c) => c.signal),
          origin,
        ),
      );
      ctx.relay.nudge();

      const outcomeByIndex = new Map(valid.map((c, i) => [c.index, result.outcomes[i]]));
      const signals = checks.map((c) => {
        if (!c.ok) {
          return { index: c.index, signalId: c.signalId, status: 'REJECTED', account: null, matchedBy: null, unmatchedReason: null, field: c.problems[0].field, rule: c.problems[0].rule, problems: c.problems };
        }
        const o = outcomeByIndex.get(c.index)!;
        return {
          index: c.index,
          signalId: c.signalId,
          status: o.status,
          account: o.accountId === null ? null : { id: o.accountId },
          matchedBy: o.matchedBy,
          unmatchedReason: o.unmatchedReason,
          field: null,
          rule: null,
          problems: [],
        };
      });
      if (signals.some((s) => s.status === 'REJECTED')) {
        ctx.logger.info('recordSignals rejected some signals', {
          rejected: signals.filter((s) => s.status === 'REJECTED').map((s) => ({ index: s.index, field: s.field, rule: s.rule })),
        });
      }
      const count = (status: string) => signals.filter((s) => s.status === status).length;
      return {
        accepted: count('ACCEPTED'),
        unmatched: count('UNMATCHED'),
        duplicates: count('DUPLICATE'),
        rejected: count('REJECTED'),
        signals,
        accounts: result.accounts.map((a) => ({
          account: { id: a.accountId },
          score: a.score,
          qualified: a.qualified,
          qualifiedByThisBatch: a.qualificationId !== null,
          coolingDown: a.coolingDown,
        })),
      };
    },

    createScoringModel: async (_parent: unknown, args: { input: unknown }, ctx: ScoringContext) => {
      const actor = requireOps(ctx.viewer, 'creating a scoring model').subject;
      requireStorableText(args);
      const input = parseInput(scoringModelInputSchema, args.input, 'input');
      const model = await ctx.dataSource.transaction((manager) => createScoringModel(manager, input, actor, ctx.clock()));
      ctx.logger.info('scoring model created', { version: model.version, actor });
      return modelToGraphQL(model);
    },

    activateScoringModel: async (_parent: unknown, args: { version: string; reason: string }, ctx: ScoringContext) => {
      const actor = requireOps(ctx.viewer, 'activating a scoring model').subject;
      requireStorableText(args);
      const version = parseInput(modelVersionSchema, args.version, 'version');
      const reason = parseInput(reasonSchema, args.reason, 'reason');
      const activation = await ctx.dataSource.transaction((manager) => activateScoringModel(manager, { version, reason, actor }, ctx.clock()));
      ctx.logger.info('scoring model activated', { version, previous: activation.previousVersion, actor, reason });
      return activationToGraphQL(activation);
    },
  },

  ScoringModel: {
    activations: async (model: { version: string }, _args: unknown, ctx: ScoringContext) => {
      requireOps(ctx.viewer, "reading a model's activation audit trail");
      return (await listActivations(ctx.dataSource.manager, { version: model.version, limit: 200 })).map(activationToGraphQL);
    },
  },

  Account: {
    // Async, so a refusal nulls this entity alone (with its FORBIDDEN), not the whole _entities batch.
    __resolveReference: async (ref: AccountRef, ctx: ScoringContext): Promise<AccountRef> => {
      requireScoreReader(ctx.viewer, "reading an account's score");
      return { id: ref.id };
    },

    scoringSnapshot: async (account: AccountRef, _args: unknown, ctx: ScoringContext): Promise<ScoringSnapshot | null> => {
      requireScoreReader(ctx.viewer, "reading an account's scoring snapshot");
      const now = ctx.clock();
      const model = await findActiveModel(ctx.dataSource.manager);
      return (await explainScoreAt(ctx.dataSource.manager, account.id, now, model))?.snapshot ?? null;
    },

    qualified: async (account: AccountRef, _args: unknown, ctx: ScoringContext) => {
      requireScoreReader(ctx.viewer, 'reading whether an account is qualified');
      return (await findAccountScore(ctx.dataSource.manager, account.id))?.qualified ?? false;
    },

    qualifications: async (account: AccountRef, args: { first: number }, ctx: ScoringContext) => {
      requireScoreReader(ctx.viewer, "reading an account's qualifications");
      const limit = parseInput(limitSchema(100), args.first, 'first');
      return (await listQualifications(ctx.dataSource.manager, account.id, limit)).map((q) => ({
        qualificationId: q.qualificationId,
        qualifiedAt: q.qualifiedAt.toISOString(),
        modelVersion: q.modelVersion,
        score: q.score,
        threshold: q.threshold,
        snapshot: q.snapshot,
      }));
    },
  },
};
