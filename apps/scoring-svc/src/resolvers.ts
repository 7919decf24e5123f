import type { Clock, Logger } from '@handoff-graph/config';
import { accountId as accountIdSchema, signalReceivedV1, type ScoringSnapshot } from '@handoff-graph/contracts';
import type { OutboxRelay } from '@handoff-graph/data';
import { badUserInput, parseInput, zodProblems, type FieldProblem } from '@handoff-graph/graphql';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { findAccountScore } from './data/account-score.repository';
import { findActiveModel, type StoredScoringModel } from './data/scoring-model.repository';
import { rulesInOrder } from './domain/scoring-model';
import type { SignalReceived } from './domain/signal';
import { currentSnapshot } from './use-cases/explain-score.use-case';
import { recordSignals } from './use-cases/record-signals.use-case';

export interface ScoringContext {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  /** Nudged after a mutation commits, so its events go out at once. */
  relay: OutboxRelay;
}

export const MAX_SIGNALS_PER_BATCH = 500;

const batchSchema = z
  .array(z.unknown())
  .min(1, 'at least one signal is required')
  .max(MAX_SIGNALS_PER_BATCH, `at most ${MAX_SIGNALS_PER_BATCH} signals per batch`);

type SignalCheck = { index: number; signalId: string } & (
  | { ok: true; signal: SignalReceived }
  | { ok: false; problems: FieldProblem[] }
);

/** Validates one batch item with the signal-received contract; absent optional fields mean null. */
function checkSignal(value: unknown, index: number): SignalCheck {
  const input: Record<string, unknown> = { contactEmail: null, detail: null, ...(value as Record<string, unknown>) };
  const signalId = typeof input.signalId === 'string' ? input.signalId : '';
  const parsed = signalReceivedV1.safeParse(input);
  return parsed.success
    ? { index, signalId, ok: true, signal: parsed.data }
    : { index, signalId, ok: false, problems: zodProblems(parsed.error, `signals.${index}`) };
}

function modelToGraphQL(model: StoredScoringModel) {
  return {
    version: model.version,
    threshold: model.threshold,
    rearmMargin: model.rearmMargin,
    effectiveAt: model.effectiveAt.toISOString(),
    author: model.author,
    rules: rulesInOrder(model),
  };
}

interface AccountRef {
  id: string;
}

export const scoringResolvers = {
  Query: {
    scoringModel: async (_parent: unknown, _args: unknown, ctx: ScoringContext) => modelToGraphQL(await findActiveModel(ctx.dataSource.manager)),

    explainScore: async (_parent: unknown, args: { accountId: string }, ctx: ScoringContext): Promise<ScoringSnapshot | null> => {
      const accountId = parseInput(accountIdSchema, args.accountId, 'accountId');
      return currentSnapshot(ctx.dataSource.manager, accountId, ctx.clock());
    },
  },

  Mutation: {
    recordSignals: async (_parent: unknown, args: { signals: unknown[] }, ctx: ScoringContext) => {
      const items = parseInput(batchSchema, args.signals, 'signals');
      const checks = items.map(checkSignal);
      const valid = checks.filter((c): c is SignalCheck & { ok: true } => c.ok);
      if (valid.length === 0) throw badUserInput(checks.flatMap((c) => (c.ok ? [] : c.problems)));

      const origin = { now: ctx.clock(), correlationId: randomUUID() };
      const outcome = await ctx.dataSource.transaction((manager) =>
        recordSignals(
          manager,
          valid.map((c) => c.signal),
          origin,
        ),
      );
      ctx.relay.nudge();

      const statusByIndex = new Map(valid.map((c, i) => [c.index, outcome.statuses[i]]));
      const signals = checks.map((c) =>
        c.ok
          ? { index: c.index, signalId: c.signalId, status: statusByIndex.get(c.index)!, field: null, rule: null, problems: [] }
          : { index: c.index, signalId: c.signalId, status: 'REJECTED', field: c.problems[0].field, rule: c.problems[0].rule, problems: c.problems },
      );
      if (signals.some((s) => s.status === 'REJECTED')) {
        ctx.logger.info('recordSignals rejected some signals', {
          rejected: signals.filter((s) => s.status === 'REJECTED').map((s) => ({ index: s.index, field: s.field, rule: s.rule })),
        });
      }
      return {
        accepted: signals.filter((s) => s.status === 'ACCEPTED').length,
        duplicates: signals.filter((s) => s.status === 'DUPLICATE').length,
        rejected: signals.filter((s) => s.status === 'REJECTED').length,
        signals,
        accounts: outcome.accounts.map((a) => ({
          account: { id: a.accountId },
          score: a.score,
          qualified: a.qualified,
          qualifiedByThisBatch: a.qualificationId !== null,
        })),
      };
    },
  },

  Account: {
    __resolveReference: (ref: AccountRef): AccountRef => ({ id: ref.id }),

    scoringSnapshot: (account: AccountRef, _args: unknown, ctx: ScoringContext) =>
      currentSnapshot(ctx.dataSource.manager, account.id, ctx.clock()),

    qualified: async (account: AccountRef, _args: unknown, ctx: ScoringContext) =>
      (await findAccountScore(ctx.dataSource.manager, account.id))?.qualified ?? false,
  },
};
