import { createEventBus } from '@handoff-graph/bus';
import { createLogger, parseEnvOrExit, systemClock } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
import { stopOnSignals } from '@handoff-graph/runtime';
import { handoffEnvSchema } from './env';
import { handoffEntities, handoffMigrations, startHandoffService } from './service';

async function main(): Promise<void> {
  const env = parseEnvOrExit(handoffEnvSchema);
  const logger = createLogger('handoff-svc', env.LOG_LEVEL);
  if (!env.KAFKA_BROKERS) {
    console.error('a standalone service needs KAFKA_BROKERS; `npm start` runs every service in one process on the in-process bus');
    process.exit(1);
  }
  const dataSource = createServiceDataSource({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: handoffEntities,
    migrations: handoffMigrations,
  });
  const bus = createEventBus({ clientId: 'handoff-svc', kafkaBrokers: env.KAFKA_BROKERS });
  const service = await startHandoffService({
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
