import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createTokenVerifier, signIdentityHeaders, type Identity, type TokenConfig } from '@handoff-graph/auth';
import type { Logger } from '@handoff-graph/config';
import {
  DEFAULT_QUERY_LIMITS,
  queryLimitsRule,
  startGraphQLHttpServer,
  unauthenticated,
  type HttpRoute,
  type QueryLimits,
  type RunningHttpServer,
} from '@handoff-graph/graphql';
import type { IncomingHttpHeaders } from 'node:http';
import { createSubgraphFetcher } from './subgraph-fetcher';

/** The subgraphs the committed supergraph composes, by their names in it. */
export const SUBGRAPH_NAMES = ['scoring', 'ownership', 'handoff', 'feedback'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface GatewayOptions {
  /** The composed supergraph (apps/gateway/supergraph.graphql), never introspected at run time. */
  supergraphSdl: string;
  /** Where each subgraph runs; overrides the URLs written in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  port: number;
  logger: Logger;
  production?: boolean;
  /**
   * Verify the caller's bearer token (refused with UNAUTHENTICATED when missing, expired or forged)
   * and pass the identity to every subgraph, signed with the secret the subgraphs share.
   */
  auth?: { token: TokenConfig; gatewaySecret: string };
  /** Depth and field-count limits for incoming operations. */
  queryLimits?: QueryLimits;
}

interface GatewayContext {
  headers: IncomingHttpHeaders;
  identity: Identity | null;
}

/** Request headers passed on to every subgraph call (never the bearer token itself). */
const FORWARDED_HEADERS = ['x-request-id'];

export async function startGateway(options: GatewayOptions): Promise<RunningHttpServer> {
  // Apollo's gateway reports anonymous usage metrics to Apollo unless told not to: nothing leaves this machine.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // Keep-alive connections to the subgraphs, without Apollo's default fetcher (subgraph-fetcher.ts).
  const subgraphs = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: {
      debug: () => undefined,
      info: (m: unknown) => options.logger.info(String(m)),
      warn: (m: unknown) => options.logger.warn(String(m)),
      error: (m: unknown) => options.logger.error(String(m)),
    },
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls[name as SubgraphName] ?? url,
        fetcher: subgraphs.fetcher,
        willSendRequest({ request, context }) {
          for (const header of FORWARDED_HEADERS) {
            const value = context.headers?.[header];
            if (typeof value === 'string') request.http?.headers.set(header, value);
          }
          if (options.auth && context.identity) {
            for (const [name, value] of Object.entries(signIdentityHeaders(context.identity, options.auth.gatewaySecret))) {
              request.http?.headers.set(name, value);
            }
          }
        },
      }),
  });
  const verifyToken = options.auth ? createTokenVerifier(options.auth.token) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: !options.production,
    introspection: !options.production,
    csrfPrevention: true,
    // Shutdown is the process's own (stopOnSignals, or the dev stack's stop: consumers, outbox, HTTP);
    // Apollo's SIGTERM handlers would stop the server a second time beside it, and in a process with an
    // IPC channel (the benchmark harness) that stop never finished.
    stopOnTerminationSignals: false,
    validationRules: [queryLimitsRule(options.queryLimits ?? DEFAULT_QUERY_LIMITS)],
  });
  await apollo.start();
  const http = await startGraphQLHttpServer<GatewayContext>({
    apollo,
    port: options.port,
    context: async (req) => {
      if (!verifyToken) return { headers: req.headers, identity: null };
      try {
        return { headers: req.headers, identity: await verifyToken(req.headers.authorization) };
      } catch (e) {
        throw unauthenticated((e as Error).message);
      }
    },
    routes: options.auth && options.subgraphUrls.feedback ? { [CSV_EXPORT_PATH]: csvExportRoute(options.subgraphUrls.feedback, options.auth, verifyToken!) } : {},
    readiness: Object.fromEntries(
      Object.entries(options.subgraphUrls).map(([name, url]) => [name, () => subgraphReady(url as string)]),
    ),
  });
  options.logger.info('gateway ready', { url: http.url });
  return {
    ...http,
    close: async () => {
      await http.close();
      await apollo.stop();
      subgraphs.close();
    },
  };
}

/** feedback-svc's CSV export for the quarterly business review, served on the one public endpoint. */
const CSV_EXPORT_PATH = '/exports/weekly-metrics.csv';

/**
 * Verifies the bearer token like a GraphQL request, then fetches the export from feedback-svc with
 * the identity signed for it (feedback-svc decides who may export: OPS and MANAGER). Status, type
 * and body pass through unchanged.
 */
function csvExportRoute(
  feedbackGraphqlUrl: string,
  auth: NonNullable<GatewayOptions['auth']>,
  verifyToken: (authorization: string | undefined) => Promise<Identity>,
): HttpRoute {
  return async (req, res, url) => {
    let identity: Identity;
    try {
      identity = await verifyToken(req.headers.authorization);
    } catch (e) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end(`${(e as Error).message}\n`);
      return;
    }
    const target = new URL(CSV_EXPORT_PATH, feedbackGraphqlUrl);
    target.search = url.search;
    const upstream = await fetch(target, { headers: signIdentityHeaders(identity, auth.gatewaySecret) });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'text/plain; charset=utf-8',
      ...(upstream.headers.get('content-disposition') ? { 'content-disposition': upstream.headers.get('content-disposition')! } : {}),
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
}

async function subgraphReady(graphqlUrl: string): Promise<boolean> {
  const res = await fetch(graphqlUrl.replace(/\/graphql$/, '/ready'));
  return res.ok;
}
