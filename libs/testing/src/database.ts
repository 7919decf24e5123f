import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { requireTestEnv } from './env';

export interface TestSchema {
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * A throwaway schema on the test PostgreSQL (DATABASE_URL, default 127.0.0.1:5432/test), so suites
 * run side by side without seeing each other's rows. Migrations create the tables in it.
 */
export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const url = requireTestEnv('DATABASE_URL');
  const schema = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  return {
    url,
    schema,
    drop: async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}
