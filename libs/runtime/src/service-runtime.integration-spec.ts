import { KafkaEventBus, withTopicPrefix, type EventBus } from '@handoff-graph/bus';
import { createLogger, systemClock } from '@handoff-graph/config';
import { Topics } from '@handoff-graph/contracts';
import { createServiceDataSource } from '@handoff-graph/data';
import { createTestSchema, testKafkaBrokers, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runService, type RunningService } from './service-runtime';

// runService against the real PostgreSQL and Kafka: /ready reports both dependencies, by name,
// and /health stays a pure liveness answer whatever they do.
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

"""A probe subgraph: just enough schema to start a service."""
type Query {
  """Always "pong"."""
  ping: String!
}
`;

interface ReadyBody {
  ready: boolean;
  checks: Record<string, boolean>;
  details?: Record<string, string>;
}

describe('runService readiness and liveness', () => {
  let schema: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  let sdlDir: string;

  const get = async (path: string) => {
    const res = await fetch(service.url.replace(/\/graphql$/, path));
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    schema = await createTestSchema('runtime');
    sdlDir = mkdtempSync(join(tmpdir(), 'runtime-spec-'));
    writeFileSync(join(sdlDir, 'schema.graphql'), SDL);
    bus = withTopicPrefix(new KafkaEventBus({ clientId: 'runtime-spec', brokers: testKafkaBrokers() }), `it-${randomUUID().slice(0, 8)}`);
    service = await runService(
      {
        dataSource: createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [] }),
        bus,
        port: 0,
        clock: systemClock,
        logger: createLogger('runtime-spec', 'error'),
      },
      {
        name: 'probe-svc',
        schemaPath: join(sdlDir, 'schema.graphql'),
        resolvers: { Query: { ping: () => 'pong' } },
        context: async () => ({}),
        produces: [Topics.feedbackEvents],
        consumer: { groupId: 'probe-svc', topics: [Topics.feedbackEvents], handlers: {} },
      },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await schema?.drop();
    rmSync(sdlDir, { recursive: true, force: true });
  });

  // The three tests run in order on one service: healthy, then the broker goes, then the database.
  it('answers /ready 200 when the database and the broker are both fine', async () => {
    const { status, body } = await get('/ready');
    expect(status).toBe(200);
    expect(body).toEqual({
      ready: true,
      checks: { database: true, broker: true },
      details: {
        database: 'PostgreSQL answered SELECT 1',
        broker: expect.stringMatching(/^Kafka cluster \S+ reachable: 1 broker\(s\), controller \d+; 1 consumer\(s\) running$/),
      },
    });
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers /ready 503 naming the broker when the bus cannot work, while /health stays 200', async () => {
    await bus.close();
    const { status, body } = await get('/ready');
    expect(status).toBe(503);
    expect(body).toEqual({
      ready: false,
      checks: { database: true, broker: false },
      details: { database: 'PostgreSQL answered SELECT 1', broker: 'the Kafka bus is closed' },
    });
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers /ready 503 naming the database once it is gone too', async () => {
    await service.dataSource.destroy();
    const { status, body } = await get('/ready');
    expect(status).toBe(503);
    const report = body as ReadyBody;
    expect(report).toMatchObject({ ready: false, checks: { database: false, broker: false } });
    expect(report.details?.database).toMatch(/^PostgreSQL did not answer SELECT 1: /);
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
