import 'reflect-metadata';
import { createEventBus } from '@handoff-graph/bus';
import { createLogger, parseEnvOrExit, systemClock } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
import { stopOnSignals } from '@handoff-graph/runtime';
import { ownershipEnvSchema } from './env';
import { OWNERSHIP_SERVICE, ownershipEntities, ownershipMigrations, startOwnershipService } from './service';

/** Wiring only: env → database → bus → service. */
async function main(): Promise<void> {
  const env = parseEnvOrExit(ownershipEnvSchema);
  if (!env.KAFKA_BROKERS) {
    console.error('a standalone service needs KAFKA_BROKERS; `npm start` runs every service in one process on the in-process bus');
    process.exit(1);
  }
  const logger = createLogger(OWNERSHIP_SERVICE, env.LOG_LEVEL);
  const dataSource = createServiceDataSource({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: ownershipEntities,
    migrations: ownershipMigrations,
  });
  const bus = createEventBus({ clientId: OWNERSHIP_SERVICE, kafkaBrokers: env.KAFKA_BROKERS });
  const service = await startOwnershipService({
    dataSource,
    bus,
    port: env.PORT,
    clock: systemClock,
    logger,
    production: env.NODE_ENV === 'production',
  });
  stopOnSignals(async () => {
    await service.stop();
    await bus.close();
  }, logger);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
