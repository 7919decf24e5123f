import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A check's answer: up or not, optionally with what was checked or what is wrong. */
export type HealthCheckResult = boolean | { ok: boolean; detail?: string };

export interface HealthCheck {
  /** Named dependency checks, e.g. { database: …, broker: () => bus.health() }. A check that throws counts as down. */
  [dependency: string]: () => Promise<HealthCheckResult>;
}

/** The body of GET /ready: `checks` names every check and whether it passed; `details` explains, for the checks that say. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
  details?: Record<string, string>;
}

/** How long /ready waits for one check before counting it as down. */
export const DEFAULT_READINESS_CHECK_TIMEOUT_MS = 3_000;

export interface GraphQLHttpServerOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  port: number;
  host?: string;
  context: (req: IncomingMessage) => Promise<C>;
  /**
   * GET /ready runs every check (in parallel, each bounded by readinessTimeoutMs) and answers 200
   * only when all pass, else 503; the body is a ReadinessReport. GET /health is liveness only
   * (the process answers), so a dependency outage never gets the process restarted.
   */
  readiness?: HealthCheck;
  readinessTimeoutMs?: number;
  maxBodyBytes?: number;
  /** Extra GET endpoints beside /graphql (e.g. a CSV export), by path. */
  routes?: Record<string, HttpRoute>;
}

/** Writes the whole response (status, headers, body) for a GET on its path. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves an ApolloServer (subgraph or gateway) on POST/GET /graphql, with /health and /ready.
 * The apollo instance must already be started.
 */
export async function startGraphQLHttpServer<C extends BaseContext>(options: GraphQLHttpServerOptions<C>): Promise<RunningHttpServer> {
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (e as Error).message }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (url.pathname === '/ready') {
      const report = await readinessReport(options.readiness ?? {}, options.readinessTimeoutMs ?? DEFAULT_READINESS_CHECK_TIMEOUT_MS);
      res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      return;
    }
    const route = options.routes?.[url.pathname];
    if (route && req.method === 'GET') {
      await route(req, res, url);
      return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === null) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end('{"error":"request body too large"}');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: url.search,
        body: body.length > 0 && headers.get('content-type')?.includes('json') ? JSON.parse(body) : body,
      },
      context: () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Runs the checks side by side; a check that throws is down, one that does not answer in time is down with that as its detail. */
export async function readinessReport(readiness: HealthCheck, timeoutMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(readiness).map(async ([name, check]): Promise<[string, { ok: boolean; detail?: string }]> => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<HealthCheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `did not answer within ${timeoutMs}ms` }), timeoutMs);
      });
      try {
        const result = await Promise.race([check().catch((): HealthCheckResult => false), timedOut]);
        return [name, typeof result === 'boolean' ? { ok: result } : { ok: result.ok === true, detail: result.detail }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report: ReadinessReport = {
    ready: results.every(([, r]) => r.ok),
    checks: Object.fromEntries(results.map(([name, r]) => [name, r.ok])),
  };
  const details = results.filter(([, r]) => r.detail !== undefined).map(([name, r]) => [name, r.detail!]);
  if (details.length > 0) report.details = Object.fromEntries(details);
  return report;
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Over the limit: keep draining (so the 413 reaches the client) but stop buffering.
      if (size > max) return;
      chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
