/**
 * `npm start`: the whole system in one process — embedded PostgreSQL (one database per service)
 * and the in-process bus unless DATABASE_URL / KAFKA_BROKERS point at real servers — seeded with
 * demo data. Prints the gateway URL and an example query.
 */
import { parseEnvOrExit } from '@handoff-graph/config';
import { graphqlData, waitFor } from '@handoff-graph/testing';
import { resolve } from 'node:path';
import { DEMO_IDENTITIES, QUALIFYING_DEMO_ACCOUNTS, seedDemoData } from './demo-data';
import { devStackEnvSchema } from './env';
import { randomStackAuth, stackToken, startStack } from './stack';

export const EXAMPLE_QUERY = `query Card {
  account(id: "acc-northwind") {
    name
    scoringSnapshot { score threshold contributors { label points evidence } trend { delta } }
    handoff {
      id status
      primaryContact { name committeeRole engagementEvidence }
      nextAction { primary fallback triggerReason }
      ownerAssignment { owner { name email } backup { name } explanation }
    }
  }
}`;

async function main(): Promise<void> {
  const env = parseEnvOrExit(devStackEnvSchema);
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const started = Date.now();
  console.log(
    `Starting handoff-graph: ${env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PostgreSQL (${env.EMBEDDED_PG_DIR})`}, ` +
      `${env.KAFKA_BROKERS ? `Kafka at ${env.KAFKA_BROKERS.join(',')}` : 'in-process event bus'}…`,
  );
  const auth = { ...randomStackAuth(), ...(env.JWT_SECRET ? { tokenSecret: env.JWT_SECRET } : {}) };
  const tokens = {
    rep: await stackToken(auth, { ...DEMO_IDENTITIES.rep }),
    manager: await stackToken(auth, { ...DEMO_IDENTITIES.manager }),
    ops: await stackToken(auth, { ...DEMO_IDENTITIES.ops }),
  };
  const stack = await startStack({
    auth,
    databaseUrl: env.DATABASE_URL,
    embedded: { dataDir: resolve(env.EMBEDDED_PG_DIR), port: env.EMBEDDED_PG_PORT },
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaPartitions: env.KAFKA_PARTITIONS,
    gatewayPort: env.PORT,
    metricsTimeZone: env.METRICS_TIME_ZONE,
    logLevel: env.LOG_LEVEL,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  if (env.DEMO_DATA) {
    await seedDemoData(stack.gatewayUrl, new Date(), `Bearer ${tokens.ops}`);
    await waitFor(
      async () => {
        const data = await graphqlData<{ accounts: { id: string; handoff: { id: string } | null }[] }>(
          stack.gatewayUrl,
          `{ accounts { id handoff { id } } }`,
          {},
          { authorization: `Bearer ${tokens.ops}` },
        );
        const withHandoff = new Set(data.accounts.filter((a) => a.handoff).map((a) => a.id));
        return QUALIFYING_DEMO_ACCOUNTS.every((id) => withHandoff.has(id));
      },
      { what: 'the demo handoffs', timeoutMs: 60_000 },
    );
  }
  const url = stack.gatewayUrl;
  console.log(`
handoff-graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s.

  GraphQL endpoint (all four subgraphs through the gateway): ${url}
  Subgraphs: ${Object.entries(stack.services).map(([n, s]) => `${n} ${s.url}`).join(', ')}

Every request needs a bearer token (valid 12 h; new ones each start unless JWT_SECRET is set):

  export OPS_TOKEN=${tokens.ops}
  export REP_TOKEN=${tokens.rep}   # Ana Ortiz, SDR, EMEA
  export MANAGER_TOKEN=${tokens.manager}   # Mara Lind, manager of EMEA

Then try the handoff card of a demo account that qualified from signals:

  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $OPS_TOKEN" \\
    -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'

More: README.md ("Example queries"). Ctrl-C stops everything.`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
