import { createEventBus, withTopicPrefix } from '@handoff-graph/bus';
import { createLogger, systemClock, type ServiceEnv } from '@handoff-graph/config';
import { createServiceDataSource, type ServiceDataSourceOptions } from '@handoff-graph/data';
import { stopOnSignals, type RunningService, type ServiceDeps } from './service-runtime';

export interface StandaloneServiceSpec {
  /** The service name: logger tag and Kafka client id. */
  name: string;
  env: ServiceEnv;
  entities: ServiceDataSourceOptions['entities'];
  migrations: ServiceDataSourceOptions['migrations'];
  start: (deps: ServiceDeps) => Promise<RunningService>;
}

/**
 * What every service's main.ts does: env → database → Kafka (topics it creates get
 * KAFKA_PARTITIONS partitions) → service, and a graceful stop on SIGTERM. A service in its own process needs Kafka: the in-process bus only joins services that
 * share a process (`npm start`).
 */
export function runStandaloneService(spec: StandaloneServiceSpec): void {
  const { env, name } = spec;
  if (!env.KAFKA_BROKERS) {
    console.error(`${name}: a standalone service needs KAFKA_BROKERS; \`npm start\` runs every service in one process on the in-process bus`);
    process.exit(1);
  }
  if (!env.GATEWAY_SHARED_SECRET && env.NODE_ENV === 'production') {
    console.error(`${name}: GATEWAY_SHARED_SECRET is required in production (the service trusts only the gateway)`);
    process.exit(1);
  }
  const logger = createLogger(name, env.LOG_LEVEL);
  const bus = createEventBus({
    clientId: name,
    kafkaBrokers: env.KAFKA_BROKERS,
    partitions: env.KAFKA_PARTITIONS,
    consumerConcurrency: env.KAFKA_CONSUMER_CONCURRENCY,
    consumerBatchSize: env.KAFKA_CONSUMER_BATCH_SIZE,
  });
  const started = spec.start({
    dataSource: createServiceDataSource({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, entities: spec.entities, migrations: spec.migrations }),
    bus: env.KAFKA_TOPIC_PREFIX ? withTopicPrefix(bus, env.KAFKA_TOPIC_PREFIX) : bus,
    port: env.PORT,
    clock: systemClock,
    logger,
    production: env.NODE_ENV === 'production',
    auth: env.GATEWAY_SHARED_SECRET ? { gatewaySecret: env.GATEWAY_SHARED_SECRET, required: true } : undefined,
    retention: { outboxKeepHours: env.OUTBOX_RETENTION_HOURS, inboxKeepHours: env.INBOX_RETENTION_HOURS },
  });
  // Signals are handled from the start: a stop asked for while the service starts waits for it, then drains.
  stopOnSignals(async () => {
    await (await started).stop();
    await bus.close();
  }, logger);
  started.catch((e: unknown) => {
    logger.error(`${name} failed to start`, { error: e instanceof Error ? e.stack ?? e.message : String(e) });
    process.exit(1);
  });
}
