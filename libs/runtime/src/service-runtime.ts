import type { BaseContext } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { verifyIdentityHeaders, type Identity } from '@handoff-graph/auth';
import type { EventBus, Subscription } from '@handoff-graph/bus';
import type { Clock, Logger } from '@handoff-graph/config';
import { Topics, type Topic } from '@handoff-graph/contracts';
import {
  DEFAULT_MESSAGING_RETENTION,
  OutboxRelay,
  initializeDataSource,
  pruneMessaging,
  startEventConsumer,
  type EventHandlers,
  type MessagingRetention,
} from '@handoff-graph/data';
import { startSubgraph, unauthenticated, type HttpRoute } from '@handoff-graph/graphql';
import type { IncomingMessage } from 'node:http';
import type { DataSource } from 'typeorm';

/** What main.ts (or the dev stack, or a test) hands a service. */
export interface ServiceDeps {
  /** Created with createServiceDataSource, not yet initialized: the runtime migrates it. */
  dataSource: DataSource;
  bus: EventBus;
  /** 0 picks a free port (tests). */
  port: number;
  clock: Clock;
  logger: Logger;
  production?: boolean;
  /**
   * The secret the gateway signs the caller's identity with. `required`: a request without a valid
   * signed identity is refused (UNAUTHENTICATED) — the subgraph trusts only the gateway.
   */
  auth?: { gatewaySecret: string; required: boolean };
  /**
   * How long the outbox keeps published rows and the inbox its rows (OUTBOX_RETENTION_HOURS,
   * INBOX_RETENTION_HOURS), and how often the 'messaging retention' job deletes older ones (every
   * 10 minutes). Absent: DEFAULT_MESSAGING_RETENTION (7 and 14 days).
   */
  retention?: MessagingRetention & { everyMs?: number };
}

/** How often every service deletes outbox and inbox rows past their retention. */
export const MESSAGING_RETENTION_EVERY_MS = 10 * 60_000;

export interface RunningService {
  name: string;
  /** The subgraph's GraphQL URL. */
  url: string;
  dataSource: DataSource;
  relay: OutboxRelay;
  /** Graceful: stop consuming (in-flight finishes), publish what is in the outbox, close HTTP, disconnect. */
  stop(): Promise<void>;
}

export interface ServiceDefinition<C extends BaseContext> {
  name: string;
  schemaPath: string;
  resolvers: GraphQLResolverMap<C>;
  /**
   * Builds the per-request context; the relay is passed so mutations can nudge it after commit, and
   * the viewer is the identity the gateway verified (null when auth is not required and none came).
   */
  context: (req: IncomingMessage, relay: OutboxRelay, viewer: Identity | null) => Promise<C>;
  /** Topics this service publishes to (created at start). */
  produces: Topic[];
  consumer?: { groupId: string; topics: Topic[]; handlers: EventHandlers };
  /** Extra GET endpoints beside /graphql, /health and /ready (e.g. a CSV export). */
  routes?: Record<string, HttpRoute>;
  /**
   * Periodic work (e.g. an SLA sweep), started after the subgraph and stopped before it. The relay is
   * nudged after each run, so events a run enqueued go out at once.
   */
  background?: { name: string; everyMs: number; run: () => Promise<void> }[];
}

/** The start-up every service shares: migrate, relay the outbox, consume, serve the subgraph. */
export async function runService<C extends BaseContext>(deps: ServiceDeps, def: ServiceDefinition<C>): Promise<RunningService> {
  const { dataSource, bus, logger } = deps;
  await initializeDataSource(dataSource);
  await bus.ensureTopics([...def.produces, Topics.deadLetter]);
  const relay = new OutboxRelay({ dataSource, bus, logger });
  relay.start();
  let subscription: Subscription | undefined;
  if (def.consumer) {
    subscription = await startEventConsumer({ bus, dataSource, logger, relay, ...def.consumer });
  }
  const http = await startSubgraph<C>({
    name: def.name,
    schemaPath: def.schemaPath,
    resolvers: def.resolvers,
    port: deps.port,
    production: deps.production,
    context: (req) => def.context(req, relay, viewerOf(req, deps)),
    // /ready: 503 naming the failing dependency (and why) until both answer; /health stays liveness only.
    readiness: { database: () => databaseHealth(dataSource), broker: () => bus.health() },
    routes: def.routes,
  });
  const timers = [...(def.background ?? []), messagingRetentionJob(deps)].map((job) => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      job
        .run()
        .then(() => relay.nudge())
        .catch((e) => logger.warn(`${job.name} failed; will run again`, { error: (e as Error).message }))
        .finally(() => (running = false));
    }, job.everyMs);
  });
  logger.info(`${def.name} ready`, { url: http.url });
  return {
    name: def.name,
    url: http.url,
    dataSource,
    relay,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await subscription?.stop();
      await relay.flush().catch((e) => logger.warn('outbox flush on stop failed', { error: (e as Error).message }));
      await relay.stop();
      await http.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** The job every service runs: outbox and inbox rows past their retention are deleted (in batches, see pruneMessaging). */
function messagingRetentionJob(deps: ServiceDeps): NonNullable<ServiceDefinition<BaseContext>['background']>[number] {
  const { everyMs = MESSAGING_RETENTION_EVERY_MS, ...retention } = { ...DEFAULT_MESSAGING_RETENTION, ...deps.retention };
  return {
    name: 'messaging retention',
    everyMs,
    run: async () => {
      const deleted = await pruneMessaging(deps.dataSource, retention);
      if (deleted.outbox > 0 || deleted.inbox > 0) {
        deps.logger.info('messaging retention deleted old rows', {
          outboxRows: deleted.outbox,
          inboxRows: deleted.inbox,
          outboxKeepHours: retention.outboxKeepHours,
          inboxKeepHours: retention.inboxKeepHours,
        });
      }
    },
  };
}

/** The database readiness check: one `SELECT 1` through the service's pool (the HTTP server bounds how long it may take). */
export async function databaseHealth(dataSource: DataSource): Promise<{ ok: boolean; detail: string }> {
  try {
    await dataSource.query('SELECT 1');
    return { ok: true, detail: 'PostgreSQL answered SELECT 1' };
  } catch (e) {
    return { ok: false, detail: `PostgreSQL did not answer SELECT 1: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * For main.ts: stop gracefully on SIGTERM / SIGINT — and, in a process started with an IPC channel
 * (the benchmark and fault-injection harness starts its services so), when that channel closes:
 * the parent disconnected or died, even by SIGKILL, and nothing else would ever stop this process.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}; draining`);
    stop()
      .then(() => process.exit(0))
      .catch((e) => {
        logger.error('shutdown failed', { error: (e as Error).message });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  if (process.send) process.on('disconnect', () => onSignal('the end of its parent\'s IPC channel'));
}

/** The gateway-signed identity of a request, or null; refuses when the service requires one. */
function viewerOf(req: IncomingMessage, deps: ServiceDeps): Identity | null {
  if (!deps.auth) return null;
  // Wall-clock time on purpose: this is transport freshness, not a domain rule on the injected clock.
  const check = verifyIdentityHeaders(req.headers, deps.auth.gatewaySecret);
  if (check.ok) return check.identity;
  if (deps.auth.required) throw unauthenticated(check.reason);
  return null;
}
