import { createEventBus } from '@handoff-graph/bus';
import { createLogger, parseEnvOrExit, systemClock } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
import { stopOnSignals } from '@handoff-graph/runtime';
import { scoringEnvSchema } from './env';
import { scoringEntities, scoringMigrations, startScoringService } from './service';

async function main(): Promise<void> {
  const env = parseEnvOrExit(scoringEnvSchema);
  if (!env.KAFKA_BROKERS) {
    console.error('a standalone service needs KAFKA_BROKERS; `npm start` runs every service in one process on the in-process bus');
    process.exit(1);
  }
  const logger = createLogger('scoring-svc', env.LOG_LEVEL);
  const dataSource = createServiceDataSource({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: scoringEntities,
    migrations: scoringMigrations,
  });
  const bus = createEventBus({ clientId: 'scoring-svc', kafkaBrokers: env.KAFKA_BROKERS });
  const service = await startScoringService({
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

main().catch((e: unknown) => {
  console.error('scoring-svc failed to start:', e);
  process.exit(1);
});
