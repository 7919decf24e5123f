import type { GraphQLError } from 'graphql';
import { resolvers, type FeedbackContext } from './resolvers';
import { DEFAULT_FEEDBACK_SETTINGS } from './application/settings';

/**
 * Without a verified identity (a service started without `deps.auth`, or a request that carried
 * none) every resolver refuses with UNAUTHENTICATED before it reads or writes anything: the context
 * here fails the test if any of it is touched.
 */
const untouchable = new Proxy(
  {},
  {
    get: (_t, key) => {
      throw new Error(`the resolver touched ${String(key)} before checking the identity`);
    },
  },
);
const ctx = {
  dataSource: untouchable,
  relay: untouchable,
  clock: () => new Date('2026-11-26T12:00:00Z'),
  feedbackLoader: () => Promise.reject(new Error('loaded feedback without an identity')),
  handoffParties: () => Promise.reject(new Error('loaded a handoff without an identity')),
  settings: DEFAULT_FEEDBACK_SETTINGS,
  viewer: null,
} as unknown as FeedbackContext;

type Resolver = (parent: unknown, args: unknown, ctx: FeedbackContext) => unknown;
const map = resolvers as unknown as Record<string, Record<string, Resolver>>;
const handoffId = 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01';
const ARGS: Record<string, unknown> = {
  weeklyMetrics: { week: '2026-W48' },
  weeklyMetricsTrend: {},
  rejectionPatterns: { week: '2026-W48' },
  acceptHandoff: { input: { handoffId } },
  rejectHandoff: { input: { handoffId, reason: 'NO_FIT' } },
  recordFirstTouch: { input: { handoffId, channel: 'EMAIL' } },
  recordMeeting: { input: { handoffId } },
  publishRejectionPatternReport: { week: '2026-W47' },
};

async function codeOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return 'no error';
  } catch (e) {
    return (e as GraphQLError).extensions?.code ?? (e as Error).message;
  }
}

describe('resolvers without a verified identity', () => {
  it.each([...Object.keys(map.Query).map((f) => ['Query', f]), ...Object.keys(map.Mutation).map((f) => ['Mutation', f])])(
    '%s.%s refuses UNAUTHENTICATED',
    async (type, field) => {
      expect(ARGS).toHaveProperty([field]);
      expect(await codeOf(() => map[type][field]({}, ARGS[field], ctx))).toBe('UNAUTHENTICATED');
    },
  );

  it('refuses to resolve a Handoff entity or its feedback', async () => {
    const entity = map.Handoff as unknown as { __resolveReference: (ref: unknown, c: FeedbackContext) => unknown; feedback: Resolver };
    expect(await codeOf(() => entity.__resolveReference({ id: handoffId }, ctx))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => entity.feedback({ id: handoffId }, {}, ctx))).toBe('UNAUTHENTICATED');
  });
});
