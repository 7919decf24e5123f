import { signHs256Token, verifyIdentityHeaders, type IdentityCheck } from '@handoff-graph/auth';
import { createLogger } from '@handoff-graph/config';
import { startSubgraph, type RunningHttpServer } from '@handoff-graph/graphql';
import { graphqlRequest } from '@handoff-graph/testing';
import { join } from 'node:path';
import { startGateway } from './gateway';
import { loadSupergraph } from './supergraph';

/**
 * The gateway's own plumbing, over the committed supergraph: URL overrides, header forwarding,
 * readiness per subgraph, production hardening. One subgraph runs (handoff's real SDL with a tiny
 * in-test resolver); the others point at a closed port.
 */
describe('gateway', () => {
  let handoff: RunningHttpServer;
  const seen: { authorization?: string; identity: IdentityCheck }[] = [];
  const closedPort = 'http://127.0.0.1:9/graphql';
  const token = { issuer: 'handoff-graph', audience: 'handoff-graph-api', hs256Secret: 'spec-token-secret-0123456789abcdef' };
  const gatewaySecret = 'spec-gateway-secret';

  beforeAll(async () => {
    handoff = await startSubgraph<{ authorization?: string; identity: IdentityCheck }>({
      name: 'handoff-stub',
      schemaPath: join(__dirname, '..', '..', 'handoff-svc', 'src', 'schema.graphql'),
      port: 0,
      context: async (req) => ({ authorization: req.headers.authorization, identity: verifyIdentityHeaders(req.headers, gatewaySecret) }),
      resolvers: {
        Query: {
          account: (_: unknown, { id }: { id: string }, ctx: { authorization?: string; identity: IdentityCheck }) => {
            seen.push(ctx);
            return id === 'acc-known' ? { id, name: 'Known Account' } : null;
          },
        },
      },
    });
  });

  afterAll(() => handoff.close());

  async function withGateway(production: boolean, run: (url: string) => Promise<void>, queryLimits?: { maxDepth: number; maxFields: number }): Promise<void> {
    const gateway = await startGateway({
      queryLimits,
      supergraphSdl: loadSupergraph(),
      subgraphUrls: { handoff: handoff.url, scoring: closedPort, ownership: closedPort, feedback: closedPort },
      port: 0,
      logger: createLogger('gateway-spec', 'error'),
      production,
      auth: { token, gatewaySecret },
    });
    try {
      await run(gateway.url);
    } finally {
      await gateway.close();
    }
  }

  const opsToken = () =>
    signHs256Token({ subject: 'ops@example.com', role: 'OPS', repId: null, team: null }, { ...token, secret: token.hs256Secret });

  it('routes to the subgraph URL it is given and passes the verified identity, signed, never the bearer token', async () => {
    await withGateway(false, async (url) => {
      const body = await graphqlRequest(url, `{ account(id: "acc-known") { id name } }`, {}, { authorization: `Bearer ${await opsToken()}` });
      expect(body).toEqual({ data: { account: { id: 'acc-known', name: 'Known Account' } } });
      expect(seen.at(-1)).toEqual({
        authorization: undefined,
        identity: { ok: true, identity: { subject: 'ops@example.com', role: 'OPS', repId: null, team: null } },
      });
    });
  });

  it.each([
    ['no token', undefined],
    ['a forged token', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6Ik9QUyJ9.c2lnbmF0dXJl'],
  ])('refuses a request with %s: UNAUTHENTICATED, HTTP 401, nothing reaches a subgraph', async (_name, authorization) => {
    await withGateway(false, async (url) => {
      const before = seen.length;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: `{ account(id: "acc-known") { id } }` }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(seen.length).toBe(before);
    });
  });

  it('reports readiness per subgraph: not ready while any subgraph is down', async () => {
    await withGateway(false, async (url) => {
      const res = await fetch(url.replace(/\/graphql$/, '/ready'));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ready: false, checks: { handoff: true, scoring: false, ownership: false, feedback: false } });
      expect((await fetch(url.replace(/\/graphql$/, '/health'))).status).toBe(200);
    });
  });

  it('turns off introspection and stack traces in production', async () => {
    await withGateway(true, async (url) => {
      const auth = { authorization: `Bearer ${await opsToken()}` };
      const introspection = await graphqlRequest(url, `{ __schema { queryType { name } } }`, {}, auth);
      expect(introspection.errors?.[0].message).toMatch(/introspection is not allowed/i);
      const down = await graphqlRequest(url, `{ weeklyMetrics(week: "2026-W48") { deliveredCount } }`, {}, auth);
      expect(down.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(down.errors)).not.toContain('stacktrace');
    });
  });

  it('refuses an operation over the depth or field limit before any subgraph is called', async () => {
    await withGateway(
      false,
      async (url) => {
        const before = seen.length;
        const body = await graphqlRequest(url, `{ account(id: "acc-known") { id name firmographics { industry region } } }`, {}, {
          authorization: `Bearer ${await opsToken()}`,
        });
        // Apollo reports every validation failure as GRAPHQL_VALIDATION_FAILED; the limit is in `reason` and `rule`.
        expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.reason, e.extensions?.rule])).toEqual([
          ['GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX', 'depth ≤ 2'],
        ]);
        expect(body.errors?.[0].message).toBe('query depth 3 exceeds the limit of 2');
        expect(seen.length).toBe(before);
      },
      { maxDepth: 2, maxFields: 100 },
    );
  });

  it('refuses a request body over the size limit', async () => {
    await withGateway(false, async (url) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ account(id: "${'x'.repeat(1_100_000)}") { id } }` }),
      });
      expect(res.status).toBe(413);
    });
  });
});
