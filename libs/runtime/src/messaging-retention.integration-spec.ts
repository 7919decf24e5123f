import { InProcessEventBus, type EventBus } from '@handoff-graph/bus';
import { systemClock, type Logger } from '@handoff-graph/config';
import { createServiceDataSource } from '@handoff-graph/data';
import { createTestSchema, waitFor, type TestSchema } from '@handoff-graph/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runService, type RunningService } from './service-runtime';

// Every service runs the messaging retention with the settings in its ServiceDeps, and logs what a
// run deleted (real PostgreSQL; the in-process bus, nothing is consumed).
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

"""A probe subgraph: just enough schema to start a service."""
type Query {
  """Always "pong"."""
  ping: String!
}
`;

describe('runService messaging retention', () => {
  let schema: TestSchema;
  let bus: EventBus;
  let service: RunningService;
  let sdlDir: string;
  const infos: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = { debug: () => undefined, info: (message, fields) => void infos.push({ message, fields }), warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    schema = await createTestSchema('runtime_retention');
    sdlDir = mkdtempSync(join(tmpdir(), 'runtime-retention-spec-'));
    writeFileSync(join(sdlDir, 'schema.graphql'), SDL);
    bus = new InProcessEventBus({ logger: { warn: () => undefined } });
    service = await runService(
      {
        dataSource: createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [] }),
        bus,
        port: 0,
        clock: systemClock,
        logger,
        retention: { outboxKeepHours: 2, inboxKeepHours: 24, everyMs: 100 },
      },
      { name: 'probe-svc', schemaPath: join(sdlDir, 'schema.graphql'), resolvers: { Query: { ping: () => 'pong' } }, context: async () => ({}), produces: [] },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await schema?.drop();
    rmSync(sdlDir, { recursive: true, force: true });
  });

  it('deletes what is past the retention in ServiceDeps, keeps the rest, and logs how many rows went', async () => {
    const db = service.dataSource;
    // One transaction: a run sees all of the rows or none.
    await db.transaction(async (m) => {
      await m.query(
        `INSERT INTO outbox (event_id, type, topic, key, value, published_at) VALUES
           (gen_random_uuid(), 'meeting-booked', 'feedback-events', 'old', '{}', now() - interval '3 hours'),
           (gen_random_uuid(), 'meeting-booked', 'feedback-events', 'recent', '{}', now() - interval '1 hour')`,
      );
      await m.query(
        `INSERT INTO inbox (event_id, consumer_group, type, consumed_at) VALUES
           (gen_random_uuid(), 'g', 'meeting-booked', now() - interval '25 hours'),
           (gen_random_uuid(), 'g', 'meeting-booked', now() - interval '23 hours'),
           (gen_random_uuid(), 'h', 'meeting-booked', now() - interval '30 hours')`,
      );
    });
    const logged = await waitFor(() => infos.find((i) => i.message === 'messaging retention deleted old rows'), { what: 'the retention log line' });
    expect(logged.fields).toEqual({ outboxRows: 1, inboxRows: 2, outboxKeepHours: 2, inboxKeepHours: 24 });
    expect(await db.query(`SELECT key FROM outbox`)).toEqual([{ key: 'recent' }]);
    expect(await db.query(`SELECT consumer_group FROM inbox`)).toEqual([{ consumer_group: 'g' }]);
    // Runs that delete nothing say nothing.
    await new Promise((r) => setTimeout(r, 400));
    expect(infos.filter((i) => i.message === 'messaging retention deleted old rows')).toHaveLength(1);
  });
});
