import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { readFileSync } from 'node:fs';
import gql from 'graphql-tag';
import type { IncomingMessage } from 'node:http';
import { storableTextInReadsPlugin } from './storable-text';
import { startGraphQLHttpServer, type HealthCheck, type HttpRoute, type RunningHttpServer } from './http-server';

/** Reads a service's schema-first SDL (src/schema.graphql). */
export function loadSchemaFile(path: string) {
  return gql(readFileSync(path, 'utf8'));
}

export interface SubgraphOptions<C extends BaseContext> {
  name: string;
  schemaPath: string;
  resolvers: GraphQLResolverMap<C>;
  port: number;
  context: (req: IncomingMessage) => Promise<C>;
  readiness?: HealthCheck;
  routes?: Record<string, HttpRoute>;
  /** Stack traces in errors only outside production. */
  production?: boolean;
}

/** Builds a Federation 2 subgraph from its SDL file and serves it with /health and /ready. */
export async function startSubgraph<C extends BaseContext>(options: SubgraphOptions<C>): Promise<RunningHttpServer> {
  const schema = buildSubgraphSchema({ typeDefs: loadSchemaFile(options.schemaPath), resolvers: options.resolvers as never });
  const apollo = new ApolloServer<C>({
    schema,
    includeStacktraceInErrorResponses: !options.production,
    // The gateway runs from the committed supergraph, so subgraphs never need introspection in production.
    introspection: !options.production,
    csrfPrevention: true,
    // Shutdown is the process's own (stopOnSignals, or the dev stack's stop: consumers, outbox, HTTP);
    // Apollo's SIGTERM handlers would stop the server a second time beside it, and in a process with an
    // IPC channel (the benchmark harness) that stop never finished.
    stopOnTerminationSignals: false,
    // Traces are for Apollo's hosted studio, which this system never reports to.
    plugins: [ApolloServerPluginInlineTraceDisabled(), storableTextInReadsPlugin<C>()],
  });
  await apollo.start();
  const http = await startGraphQLHttpServer({ apollo, port: options.port, context: options.context, readiness: options.readiness, routes: options.routes });
  return {
    ...http,
    close: async () => {
      await http.close();
      await apollo.stop();
    },
  };
}
