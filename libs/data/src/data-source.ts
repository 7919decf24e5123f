import 'reflect-metadata';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { ConsumedMessage } from './messaging/consumed-message.entity';
import { OutboxMessage } from './messaging/outbox-message.entity';
import { CreateMessagingTables1764000000000 } from './messaging/1764000000000-CreateMessagingTables';
import { MessagingRetentionIndexes1764000000001 } from './messaging/1764000000001-MessagingRetentionIndexes';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema: its tables, its migrations table, its search_path. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  poolSize?: number;
  logging?: boolean;
}

/**
 * One service, one schema. The outbox and inbox tables (and their migrations: the tables, then the
 * indexes the retention reads) are added to every service's data source. `synchronize` is always
 * off: the schema only changes through migrations.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [OutboxMessage, ConsumedMessage, ...(options.entities as unknown[])] as never,
    migrations: [CreateMessagingTables1764000000000, MessagingRetentionIndexes1764000000001, ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: options.logging ? ['error', 'warn', 'migration'] : ['error'],
    poolSize: options.poolSize ?? 10,
    extra: { options: `-c search_path=${options.schema}`, application_name: options.schema },
  });
}

/** Connects, creates the service's schema if needed and runs pending migrations. */
export async function initializeDataSource(dataSource: DataSource): Promise<DataSource> {
  const schema = (dataSource.options as { schema: string }).schema;
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** True when the database answers (readiness). */
export async function databaseIsHealthy(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
