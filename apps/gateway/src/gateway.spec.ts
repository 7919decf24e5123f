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
  const seenAuthorization: (string | undefined)[] = [];
  const closedPort = 'http://127.0.0.1:9/graphql';

  beforeAll(async () => {
    handoff = await startSubgraph<{ authorization?: string }>({
      name: 'handoff-stub',
      schemaPath: join(__dirname, '..', '..', 'handoff-svc', 'src', 'schema.graphql'),
      port: 0,
      context: async (req) => ({ authorization: req.headers.authorization }),
      resolvers: {
        Query: {
          account: (_: unknown, { id }: { id: string }, ctx: { authorization?: string }) => {
            seenAuthorization.push(ctx.authorization);
            return id === 'acc-known' ? { id, name: 'Known Account' } : null;
          },
        },
      },
    });
  });

  afterAll(() => handoff.close());

  async function withGateway(production: boolean, run: (url: string) => Promise<void>): Promise<void> {
    const gateway = await startGateway({
      supergraphSdl: loadSupergraph(),
      subgraphUrls: { handoff: handoff.url, scoring: closedPort, ownership: closedPort, feedback: closedPort },
      port: 0,
      logger: createLogger('gateway-spec', 'error'),
      production,
    });
    try {
      await run(gateway.url);
    } finally {
      await gateway.close();
    }
  }

  it('routes to the subgraph URL it is given and forwards the authorization header', async () => {
    await withGateway(false, async (url) => {
      const body = await graphqlRequest(url, `{ account(id: "acc-known") { id name } }`, {}, { authorization: 'Bearer demo-token' });
      expect(body).toEqual({ data: { account: { id: 'acc-known', name: 'Known Account' } } });
      expect(seenAuthorization).toContain('Bearer demo-token');
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
      const introspection = await graphqlRequest(url, `{ __schema { queryType { name } } }`);
      expect(introspection.errors?.[0].message).toMatch(/introspection is not allowed/i);
      const down = await graphqlRequest(url, `{ weeklyMetrics(week: "2026-W48") { deliveredCount } }`);
      expect(down.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(down.errors)).not.toContain('stacktrace');
    });
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
