import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Clock } from '@handoff-graph/config';
import type { OutboxRelay } from '@handoff-graph/data';
import { badUserInput, parseInput } from '@handoff-graph/graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { applyAccountUpsert, applyContactUpsert, rejectionFromConstraint, type MirrorResult } from './application/crm-mirror';
import type { AccountEntity } from './data/account.entity';
import type { ContactEntity } from './data/contact.entity';
import { contactsOfAccount, findAccount, listAccounts } from './data/crm-mirror.repository';
import type { HandoffEntity } from './data/handoff.entity';
import { findHandoff, handoffsOfAccount, incompleteHandoffs, latestHandoffOfAccount, queueOf } from './data/handoff.repository';
import { listPlaybookRules } from './data/playbook-rule.repository';
import { accountInputSchema, contactInputSchema, type MirrorRejection } from './domain/crm-mirror';
import type { OwnerAssignment } from './domain/handoff.types';
import { queueDateOf } from './domain/queue';

export interface HandoffContext {
  dataSource: DataSource;
  relay: OutboxRelay;
  clock: Clock;
}

const uuid = z.uuid();
const isoDate = z.iso.date();

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

export const resolvers: GraphQLResolverMap<HandoffContext> = {
  Query: {
    account: (_: unknown, { id }: { id: string }, ctx: HandoffContext) => findAccount(ctx.dataSource.manager, id),
    accounts: (_: unknown, __: unknown, ctx: HandoffContext) => listAccounts(ctx.dataSource.manager),
    handoff: (_: unknown, { id }: { id: string }, ctx: HandoffContext) => findHandoff(ctx.dataSource.manager, parseInput(uuid, id, 'id')),
    myHandoffQueue: (_: unknown, args: { repId: string; date?: string | null }, ctx: HandoffContext) => {
      const date = args.date == null ? queueDateOf(ctx.clock()) : parseInput(isoDate, args.date, 'date');
      return queueOf(ctx.dataSource.manager, args.repId, date);
    },
    incompleteHandoffs: (_: unknown, __: unknown, ctx: HandoffContext) => incompleteHandoffs(ctx.dataSource.manager),
    playbookRules: (_: unknown, __: unknown, ctx: HandoffContext) => listPlaybookRules(ctx.dataSource.manager),
  },
  Mutation: {
    upsertAccount: (_: unknown, args: { input: unknown }, ctx: HandoffContext) => {
      const input = parseInput(accountInputSchema, args.input, 'input');
      return mirrorWrite(ctx, (m) => applyAccountUpsert(m, input, ctx.clock()));
    },
    upsertContact: (_: unknown, args: { input: unknown }, ctx: HandoffContext) => {
      const input = parseInput(contactInputSchema, args.input, 'input');
      return mirrorWrite(ctx, (m) => applyContactUpsert(m, input, ctx.clock()));
    },
  },
  Account: {
    __resolveReference: (ref: { id: string }, ctx: HandoffContext) => findAccount(ctx.dataSource.manager, ref.id),
    contacts: (a: AccountEntity, _: unknown, ctx: HandoffContext) => contactsOfAccount(ctx.dataSource.manager, a.id),
    handoff: (a: AccountEntity, _: unknown, ctx: HandoffContext) => latestHandoffOfAccount(ctx.dataSource.manager, a.id),
    handoffs: (a: AccountEntity, _: unknown, ctx: HandoffContext) => handoffsOfAccount(ctx.dataSource.manager, a.id),
    updatedAt: (a: AccountEntity) => a.updatedAt.toISOString(),
  },
  Contact: {
    updatedAt: (c: ContactEntity) => c.updatedAt.toISOString(),
  },
  Handoff: {
    __resolveReference: (ref: { id: string }, ctx: HandoffContext) =>
      uuid.safeParse(ref.id).success ? findHandoff(ctx.dataSource.manager, ref.id) : null,
    account: (h: HandoffEntity, _: unknown, ctx: HandoffContext) => findAccount(ctx.dataSource.manager, h.accountId),
    createdAt: (h: HandoffEntity) => h.createdAt.toISOString(),
    deliveredAt: (h: HandoffEntity) => h.deliveredAt?.toISOString() ?? null,
    ownerAssignment: (h: HandoffEntity) => ownerAssignmentView(h.ownerAssignment),
  },
};
