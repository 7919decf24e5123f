import { InProcessEventBus, type EventBus, type Subscription } from '@handoff-graph/bus';
import type { Logger } from '@handoff-graph/config';
import {
  EVENT_CONTRACTS,
  EVENT_EXAMPLES,
  Topics,
  createEvent,
  deadLetterSchema,
  eventTypesOnTopic,
  toMessage,
  type DeadLetter,
  type EventEnvelope,
  type EventType,
} from '@handoff-graph/contracts';
import { createTestSchema, waitFor, type TestSchema } from '@handoff-graph/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { createServiceDataSource, initializeDataSource } from '../data-source';
import { startEventConsumer } from './event-consumer';

/**
 * Generated bad messages against a real consumer (real PostgreSQL, the in-process bus): every
 * message that breaks its contract goes to the dead-letter topic with errorKind `validation` and an
 * error naming the field, its handler never runs, nothing is stored (inbox and the handler's table),
 * and the consumer keeps going: a valid message published after them is applied.
 */

class CreateAppliedFeedback1764000000001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE applied_feedback (event_id uuid PRIMARY KEY, type text NOT NULL, account_id text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applied_feedback`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

const GROUP = 'fuzz-consumer';
const KEY = 'acc-fuzz';
const TOPIC = Topics.feedbackEvents;
/** Every type on the topic is broken, also those without a handler: validation comes before the handler lookup. */
const TYPES = eventTypesOnTopic(TOPIC);
const HANDLED = ['meeting-booked', 'handoff-accepted'] as const satisfies EventType[];

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
function nodes(value: Json, path: Path = []): { path: Path; value: Json }[] {
  const children: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isObject(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [{ path: [...path, key], value: child }, ...nodes(child, [...path, key])]);
}
const named = (path: Path) => path.map(String).join('.') || '(root)';
const at = (root: Json, path: Path): Json | undefined =>
  path.reduce<Json | undefined>((n, k) => (n !== null && typeof n === 'object' ? (n as JsonObject)[k as string] : undefined), root);
function withChange(root: JsonObject, path: Path, change: (holder: JsonObject, key: string) => void): JsonObject {
  const out = structuredClone(root);
  change(at(out, path.slice(0, -1)) as JsonObject, String(path[path.length - 1]));
  return out;
}

/** One generated message and what its dead letter's error must contain (null: skipped, no dead letter). */
interface BadMessage {
  what: string;
  value: string;
  headers: Record<string, string>;
  errorNames: string | null;
}

function envelopeOf(type: EventType): JsonObject {
  return JSON.parse(toMessage(createEvent(type, EVENT_EXAMPLES[type] as never, { aggregateId: KEY, producer: 'fuzz' })).value) as JsonObject;
}

const smallJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
function wrongType(value: Json): fc.Arbitrary<Json> {
  const options: fc.Arbitrary<Json>[] = [];
  if (typeof value !== 'string') options.push(fc.string({ maxLength: 20 }));
  if (typeof value !== 'number') options.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  if (typeof value !== 'boolean') options.push(fc.boolean());
  if (!Array.isArray(value)) options.push(fc.array(smallJson, { maxLength: 3 }));
  if (!isObject(value)) options.push(fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 3 }) as fc.Arbitrary<Json>);
  return fc.oneof(...options);
}

function badMessageOf(type: EventType): fc.Arbitrary<Omit<BadMessage, 'headers'>> {
  const base = envelopeOf(type);
  const all = nodes(base);
  const keys = all.filter((n) => typeof n.path[n.path.length - 1] === 'string');
  const objects: Path[] = [[], ...all.filter((n) => isObject(n.value)).map((n) => n.path)];
  const dropped = fc.constantFrom(...keys).map((n) => ({
    what: `${type} without ${named(n.path)}`,
    value: JSON.stringify(withChange(base, n.path, (h, k) => delete h[k])),
    errorNames: `${named(n.path)}: `,
  }));
  const retyped = fc
    .constantFrom(...all.filter((n) => n.value !== null))
    .chain((n) => wrongType(n.value).map((v) => ({ path: n.path, v })))
    .map(({ path, v }) => ({
      what: `${type} with ${named(path)} = ${JSON.stringify(v)}`,
      value: JSON.stringify(withChange(base, path, (h, k) => (h[k] = v))),
      errorNames: `${named(path)}: `,
    }));
  const unknownField = fc
    .tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 10 }).map((k) => `fuzz_${k}`), smallJson)
    .map(([path, key, v]) => {
      const out = structuredClone(base);
      (at(out, path) as JsonObject)[key] = v;
      return { what: `${type} with an unknown field ${key} in ${named(path)}`, value: JSON.stringify(out), errorNames: `${named(path)}: Unrecognized key` };
    });
  const version = fc
    .oneof(fc.integer({ min: -3, max: 50 }).filter((v) => v !== EVENT_CONTRACTS[type].version), fc.constantFrom<Json>('1', 1.5, null))
    .map((v) => ({
      what: `${type} version ${JSON.stringify(v)}`,
      value: JSON.stringify({ ...base, version: v }),
      // A well-formed version the registry does not know, or a malformed one the envelope refuses.
      errorNames: typeof v === 'number' && Number.isInteger(v) && v > 0 ? `version ${v} is not a known contract version` : 'version: ',
    }));
  const field = Object.keys(base.payload as JsonObject)[0];
  const deep = fc.integer({ min: 1_000, max: 20_000 }).map((depth) => ({
    what: `${type} with payload.${field} nested ${depth} deep`,
    value: JSON.stringify({ ...base, payload: { ...(base.payload as JsonObject), [field]: '__DEEP__' } }).replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth)),
    errorNames: `payload.${field}: `,
  }));
  return fc.oneof(dropped, retyped, unknownField, version, deep);
}

const notJson: fc.Arbitrary<Omit<BadMessage, 'headers'>> = fc
  .oneof(
    fc.string({ maxLength: 100 }),
    fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString('utf8')),
    fc.constantFrom(...TYPES).chain((t) => {
      const v = JSON.stringify(envelopeOf(t));
      return fc.nat({ max: v.length - 1 }).map((n) => v.slice(0, n));
    }),
  )
  .filter((value) => {
    try {
      JSON.parse(value);
      return false;
    } catch {
      return true;
    }
  })
  .map((value) => ({ what: `not JSON: ${JSON.stringify(value.slice(0, 40))}`, value, errorNames: 'value is not JSON: ' }));

const notAnEnvelope = smallJson
  .filter((v) => !isObject(v))
  .map((v) => ({ what: `a JSON ${Array.isArray(v) ? 'array' : typeof v}`, value: JSON.stringify(v), errorNames: '(root): ' }));

/** Skipped, not dead-lettered: a shared topic carries types this consumer does not know. */
const unknownType = fc
  .tuple(fc.constantFrom(...TYPES), fc.string({ minLength: 1, maxLength: 30 }))
  .filter(([, t]) => !(t in EVENT_CONTRACTS))
  .map(([type, t]) => ({ what: `unknown type ${JSON.stringify(t)}`, value: JSON.stringify({ ...envelopeOf(type), type: t }), errorNames: null }));

const badMessage: fc.Arbitrary<BadMessage> = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constantFrom(...TYPES).chain(badMessageOf), weight: 6 }, { arbitrary: notJson, weight: 2 }, { arbitrary: notAnEnvelope, weight: 1 }, { arbitrary: unknownType, weight: 1 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 2 }),
  )
  .map(([m, headers]) => ({ ...m, headers: { ...headers } }));

describe('a consumer fed generated bad messages (PostgreSQL, in-process bus)', () => {
  // Every dead letter is logged as an error: silent here, the test reads the dead-letter topic.
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  let schema: TestSchema;
  let dataSource: DataSource;
  let bus: EventBus;
  const subscriptions: Subscription[] = [];
  const deadLetters: DeadLetter[] = [];
  const handled: EventEnvelope[] = [];

  const count = async (table: string) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  /** Everything the consumer could have stored: the inbox and the handler's table. */
  const stored = async () => ({ inbox: await count('inbox'), applied: await count('applied_feedback') });

  beforeAll(async () => {
    schema = await createTestSchema('consumer_fuzz');
    dataSource = await initializeDataSource(
      createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [CreateAppliedFeedback1764000000001] }),
    );
    bus = new InProcessEventBus({ logger: { warn: () => undefined } });
    await bus.ensureTopics([TOPIC, Topics.deadLetter]);
    subscriptions.push(
      await bus.subscribe({ groupId: 'dead-letter-collector', topics: [Topics.deadLetter], handler: async (m) => void deadLetters.push(deadLetterSchema.parse(JSON.parse(m.value))) }),
    );
    const apply = async (event: EventEnvelope, manager: EntityManager) => {
      handled.push(event);
      await manager.query(`INSERT INTO applied_feedback (event_id, type, account_id) VALUES ($1, $2, $3)`, [event.eventId, event.type, event.aggregateId]);
    };
    subscriptions.push(
      await startEventConsumer({ bus, dataSource, logger, groupId: GROUP, topics: [TOPIC], handlers: Object.fromEntries(HANDLED.map((t) => [t, apply])) }),
    );
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await bus?.close();
    await dataSource?.destroy();
    await schema?.drop();
  });

  it('dead-letters every bad message with the field and the rule, runs no handler, stores nothing, and still applies the next valid message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(badMessage, { minLength: 1, maxLength: 8 }), async (batch) => {
        const before = await stored();
        const lettersBefore = deadLetters.length;
        const handledBefore = handled.length;
        // One key, so one partition: the bad messages are consumed in order, then the valid one.
        const valid = createEvent('meeting-booked', { ...EVENT_EXAMPLES['meeting-booked'], feedbackId: randomUUID() }, { aggregateId: KEY, producer: 'fuzz' });
        await bus.publish([...batch.map((m) => ({ topic: TOPIC, key: KEY, value: m.value, headers: m.headers })), toMessage(valid)]);
        await waitFor(() => handled.some((e) => e.eventId === valid.eventId), { what: `the valid message after ${batch.length} bad ones`, timeoutMs: 10_000 });

        // The handler ran once, for the valid message; the inbox and its table grew by that one row.
        expect(handled.slice(handledBefore).map((e) => e.eventId)).toEqual([valid.eventId]);
        expect(await stored()).toEqual({ inbox: before.inbox + 1, applied: before.applied + 1 });
        const [row] = await dataSource.query(`SELECT type, account_id FROM applied_feedback WHERE event_id = $1`, [valid.eventId]);
        expect(row).toEqual({ type: 'meeting-booked', account_id: KEY });

        // One dead letter per contract-breaking message (a type the consumer does not know is skipped).
        const letters = deadLetters.slice(lettersBefore);
        const expected = batch.filter((m) => m.errorNames !== null);
        expect(letters).toHaveLength(expected.length);
        for (const m of expected) {
          const i = letters.findIndex((l) => l.value === m.value);
          if (i < 0) throw new Error(`no dead letter for ${m.what}`);
          const [letter] = letters.splice(i, 1);
          expect(letter).toMatchObject({ originalTopic: TOPIC, key: KEY, consumerGroup: GROUP, errorKind: 'validation', headers: m.headers });
          const where = letter.error.indexOf(m.errorNames!);
          if (where < 0) throw new Error(`the dead letter of ${m.what} does not name ${m.errorNames}: ${letter.error}`);
          // The rule follows the field: "payload.repId: Too small: …", "value is not JSON: Unexpected token …".
          if (m.errorNames!.endsWith(': ')) expect(letter.error.slice(where + m.errorNames!.length)).toMatch(/^\S/);
        }
      }),
      { numRuns: 40 },
    );
    expect(handled.every((e) => (HANDLED as readonly string[]).includes(e.type))).toBe(true);
  });
});
