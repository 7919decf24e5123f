import fc from 'fast-check';
import { deadLetterSchema, type DeadLetter } from './dead-letter.schema';
import { eventEnvelopeSchema } from './envelope';
import { ContractViolation, createEvent, parseEvent, toMessage, type ParseResult } from './event';
import { EVENT_EXAMPLES } from './examples';
import { EVENT_CONTRACTS, findContract, type EventType } from './registry';

/**
 * Generated bad input against every event contract: each property starts from a type's published
 * example and breaks it (a dropped field, a value of the wrong type, an unknown field, a borderline
 * value, a wrong version, text that is not JSON, random bytes, deeply nested junk). `parseEvent` must
 * never throw, must refuse whatever the zod contract refuses (the schema itself is the oracle for
 * borderline values, never a hard-coded verdict), and its error must name the field path and the rule.
 */

const RUNS = 200;
const TYPES = Object.keys(EVENT_CONTRACTS) as EventType[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

// ---- paths ----------------------------------------------------------------------------------

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every node below the root: its path and value (array items included). */
function nodes(value: Json, path: Path = []): { path: Path; value: Json }[] {
  const children: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isObject(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [{ path: [...path, key], value: child }, ...nodes(child, [...path, key])]);
}

/** The paths of object keys (what a producer can leave out). */
const keyPaths = (value: Json) => nodes(value).filter((n) => typeof n.path[n.path.length - 1] === 'string');
/** The paths of objects, the root first (where an unknown field can be added). */
const objectPaths = (value: Json): Path[] => [[], ...nodes(value).filter((n) => isObject(n.value)).map((n) => n.path)];

const dotted = (path: Path) => path.map(String).join('.');
/** How ContractViolation names a path: `payload.account.name`, or `(root)`. */
const named = (path: Path) => dotted(path) || '(root)';
const startsWith = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
/** The issue is about the field that was broken, or a field inside it, or the object holding it. */
const related = (a: Path, b: Path) => startsWith(a, b) || startsWith(b, a);

function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** The node at `path`, or undefined when an earlier mutation removed or replaced what held it. */
function at(root: Json | undefined, path: Path): Json | undefined {
  return path.reduce<Json | undefined>((node, key) => (node !== null && typeof node === 'object' ? (node as JsonObject)[key as string] : undefined), root);
}

/** Sets a key as an own enumerable property, so `__proto__` and `constructor` are plain keys too. */
function put(target: Json, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation = { kind: 'drop'; path: Path } | { kind: 'set'; path: Path; value: Json } | { kind: 'add'; path: Path; key: string; value: Json };

function apply(root: JsonObject, mutations: Mutation[]): JsonObject {
  const out = clone(root);
  for (const m of mutations) {
    const holder = m.kind === 'add' ? at(out, m.path) : at(out, m.path.slice(0, -1));
    if (holder === null || typeof holder !== 'object') continue; // an earlier mutation replaced what held it
    // Values are cloned: a generated value may hold nodes of the fixture itself (e.g. a repeated item).
    if (m.kind === 'add') put(holder, m.key, clone(m.value));
    else if (m.kind === 'drop') delete (holder as JsonObject)[m.path[m.path.length - 1] as string];
    else put(holder, m.path[m.path.length - 1], clone(m.value));
  }
  return out;
}

// ---- values ---------------------------------------------------------------------------------

const smallJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

/** A value whose JSON type differs from `value`'s (never null: null may be allowed, see `borderline`). */
function wrongType(value: Json): fc.Arbitrary<Json> {
  const str = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1', 'true', 'null', '[]', '{}'));
  const num = fc.oneof(fc.integer(), finite);
  const bool = fc.boolean();
  const arr = fc.array(smallJson, { maxLength: 3 });
  const obj = fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 3 }) as fc.Arbitrary<Json>;
  if (typeof value === 'string') return fc.oneof(num, bool, arr, obj);
  if (typeof value === 'number') return fc.oneof(str, bool, arr, obj);
  if (typeof value === 'boolean') return fc.oneof(str, num, arr, obj);
  if (Array.isArray(value)) return fc.oneof(str, num, bool, obj);
  return fc.oneof(str, num, bool, arr);
}

const huge = (length: number) => fc.constantFrom('x', 'é', '\u{1F600}', ' ').map((c) => c.repeat(length));
const badDates = fc.constantFrom(
  'yesterday',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-11-24T25:61:00Z',
  '2026-11-24T14:02:11',
  '2026-11-24 14:02:11Z',
  '2026-11-24',
  '24/11/2026',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-W48',
  '1732456931000',
);
const badTokens = fc.constantFrom('NOT_A_VALUE', 'not-a-uuid', 'a@', '@example.com', 'acc northwind', '\u0000', '\t\n', "'; DROP TABLE inbox; --", '<script>x</script>');

/** The same JSON type as `value` but borderline (or null): may or may not satisfy the contract. */
function borderline(value: Json): fc.Arbitrary<Json> {
  if (typeof value === 'string') {
    return fc.oneof(
      fc.constant(''),
      fc.constant(' '),
      huge(10_000),
      badDates,
      badTokens,
      fc.constant(value.toLowerCase()),
      fc.constant(`${value}X`),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constant(null),
    );
  }
  if (typeof value === 'number') {
    return fc.oneof(
      fc.constantFrom(-1, 0, 0.5, -0.5, 101, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      finite,
      fc.constant(null),
    );
  }
  if (typeof value === 'boolean') return fc.constant(null);
  if (Array.isArray(value)) {
    return fc.constantFrom<Json>(
      [],
      value.length > 0 ? Array.from({ length: 2_000 }, () => value[0]) : [null],
      [...value, null],
      [...value, ...value],
      null,
    );
  }
  return fc.oneof(fc.constant({}), fc.constant(null));
}

/** An unknown field: a fresh name, or one that is special to JavaScript objects. */
const unknownKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).map((k) => `fuzz_${k}`),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
);

/** A mutation that must break the contract: a dropped field, a value of the wrong JSON type, an unknown field. */
function invalidMutation(root: JsonObject): fc.Arbitrary<Mutation> {
  const keys = keyPaths(root);
  const present = nodes(root).filter((n) => n.value !== null);
  const objects = objectPaths(root);
  return fc.oneof(
    fc.constantFrom(...keys).map((n): Mutation => ({ kind: 'drop', path: n.path })),
    fc.constantFrom(...present).chain((n) => wrongType(n.value).map((value): Mutation => ({ kind: 'set', path: n.path, value }))),
    fc
      .tuple(fc.constantFrom(...objects), unknownKey, smallJson)
      .filter(([path, key]) => !Object.prototype.hasOwnProperty.call(at(root, path), key))
      .map(([path, key, value]): Mutation => ({ kind: 'add', path, key, value })),
  );
}

/** 1–3 borderline replacements: the contract decides whether the result is still valid. */
function borderlineMutations(root: JsonObject): fc.Arbitrary<Mutation[]> {
  const all = nodes(root);
  return fc.array(
    fc.constantFrom(...all).chain((n) => borderline(n.value).map((value): Mutation => ({ kind: 'set', path: n.path, value }))),
    { minLength: 1, maxLength: 3 },
  );
}

// ---- the oracle: the zod schemas themselves -------------------------------------------------

type Expected =
  | { ok: true }
  | { ok: false; kind: 'not-json' }
  | { ok: false; kind: 'unknown-type'; type: string }
  | { ok: false; kind: 'unknown-version'; type: string; version: number }
  | { ok: false; kind: 'issues'; issues: { path: Path; text: string }[] };

function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }, prefix: Path): { path: Path; text: string }[] {
  return error.issues.map((i) => {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    return { path, text: `${named(path)}: ${i.message}` };
  });
}

/** What the contract says about a message value, straight from the zod schemas. */
function expected(value: string): Expected {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, kind: 'not-json' };
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, kind: 'issues', issues: issuesOf(envelope.error, []) };
  const { type, version } = envelope.data;
  const contract = findContract(type, version);
  if (!contract) {
    return type in EVENT_CONTRACTS ? { ok: false, kind: 'unknown-version', type, version } : { ok: false, kind: 'unknown-type', type };
  }
  const payload = contract.payload.safeParse(envelope.data.payload);
  return payload.success ? { ok: true } : { ok: false, kind: 'issues', issues: issuesOf(payload.error, ['payload']) };
}

/** parseEvent never throws; the result matches the oracle; a refusal names every broken path and its rule. */
function checkParse(value: string, broken: Path[]): ParseResult {
  let result: ParseResult;
  try {
    result = parseEvent(value);
  } catch (e) {
    throw new Error(`parseEvent threw ${(e as Error).name}: ${(e as Error).message}`);
  }
  const want = expected(value);
  if (want.ok) {
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(JSON.parse(JSON.stringify(result.event))).toEqual(JSON.parse(value));
    return result;
  }
  expect(result.ok).toBe(false);
  if (result.ok) return result;
  expect(result.error.length).toBeGreaterThan(0);
  switch (want.kind) {
    case 'not-json':
      expect(result).toMatchObject({ reason: 'invalid', error: expect.stringMatching(/^value is not JSON: \S/) });
      break;
    case 'unknown-type':
      expect(result).toMatchObject({ reason: 'unknown-type', type: want.type, error: `unknown event type ${want.type}` });
      break;
    case 'unknown-version':
      expect(result).toEqual({ ok: false, reason: 'invalid', error: `${want.type} version ${want.version} is not a known contract version` });
      break;
    case 'issues':
      expect(result.reason).toBe('invalid');
      for (const issue of want.issues) expect(result.error).toContain(issue.text);
      if (broken.length > 0) {
        // At least one issue is about a field the mutation touched (or inside it, or the object holding it).
        const about = want.issues.filter((i) => broken.some((b) => related(i.path, b)));
        if (about.length === 0) throw new Error(`no issue names a broken field (${broken.map(named).join(', ')}): ${result.error}`);
      }
      break;
  }
  return result;
}

// ---- fixtures -------------------------------------------------------------------------------

const meta = { aggregateId: 'acc-northwind', producer: 'fuzz', causedBy: { eventId: '0b0f0c3e-6a1d-4c2e-9f11-3a6b1f2c9d10', correlationId: 'corr-1' } };
const envelopeOf = (type: EventType): JsonObject => JSON.parse(toMessage(createEvent(type, EVENT_EXAMPLES[type] as never, meta)).value) as JsonObject;

describe('event contracts under generated bad input', () => {
  it('every fixture starts valid', () => {
    for (const type of TYPES) expect(parseEvent(JSON.stringify(envelopeOf(type)))).toMatchObject({ ok: true });
  });

  it.each(TYPES)('%s: a dropped field, a value of the wrong type or an unknown field is refused, naming the field and the rule', (type) => {
    const base = envelopeOf(type);
    fc.assert(
      fc.property(invalidMutation(base), (mutation) => {
        const value = JSON.stringify(apply(base, [mutation]));
        const result = checkParse(value, [mutation.path]);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const path = mutation.path;
        // `payload` itself is z.unknown() in the envelope: its contract names it instead.
        const rule = mutation.kind === 'add' ? `${named(path)}: Unrecognized key` : `${named(path)}: `;
        expect(result.error).toContain(rule);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(TYPES)('%s: borderline values (empty, huge, negative, invalid dates, unknown enum values, null) are judged exactly as the contract says', (type) => {
    const base = envelopeOf(type);
    fc.assert(
      fc.property(borderlineMutations(base), (mutations) => {
        checkParse(JSON.stringify(apply(base, mutations)), mutations.map((m) => m.path));
      }),
      { numRuns: RUNS },
    );
  });

  it.each(TYPES)('%s: a wrong version is refused, naming the version', (type) => {
    const base = envelopeOf(type);
    const version = fc.oneof(
      fc.integer({ min: -5, max: 1_000 }).filter((v) => v !== EVENT_CONTRACTS[type].version),
      fc.constantFrom(1.5, '1', null, true, 1e308) as fc.Arbitrary<Json>,
    );
    fc.assert(
      fc.property(version, (v) => {
        const result = checkParse(JSON.stringify({ ...base, version: v }), [['version']]);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/version/);
      }),
      { numRuns: 50 },
    );
  });

  it('text that is not JSON, random bytes and truncated messages are refused with the JSON error, never thrown', () => {
    const valid = TYPES.map((t) => JSON.stringify(envelopeOf(t)));
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b).toString('utf8')),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([v, n]) => v.slice(0, n % v.length)),
      fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '{}', '[]', '"event"', '{"type":"meeting-booked"}', '\uFEFF{}'),
    );
    fc.assert(
      fc.property(text, (value) => {
        const result = checkParse(value, []);
        expect(result.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('deeply nested junk (as the message, the payload, a field or an unknown field) is refused without a stack overflow', () => {
    const base = envelopeOf('handoff-created');
    const deep = fc
      .tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.boolean())
      .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
    const where = fc.constantFrom('message', 'payload', 'field', 'unknown');
    fc.assert(
      fc.property(deep, where, (junk, at) => {
        const marker = '"__JUNK__"';
        const holder: JsonObject =
          at === 'payload' ? { ...base, payload: '__JUNK__' }
          : at === 'field' ? { ...base, payload: { ...(base.payload as JsonObject), handoffId: '__JUNK__' } }
          : { ...base, payload: { ...(base.payload as JsonObject), nested: '__JUNK__' } };
        const value = at === 'message' ? junk : JSON.stringify(holder).replace(marker, junk);
        const broken: Record<typeof at, Path> = { message: [], payload: ['payload'], field: ['payload', 'handoffId'], unknown: ['payload'] };
        const result = checkParse(value, [broken[at]]);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toContain(`${named(broken[at])}: `);
      }),
      { numRuns: 40 },
    );
  });
});

describe('createEvent under generated bad payloads', () => {
  const payloadOf = (type: EventType) => envelopeOf(type).payload as JsonObject;

  /** createEvent throws ContractViolation (never TypeError and the like) naming the broken field, or accepts what the contract accepts. */
  function checkCreate(type: EventType, payload: Json, broken: Path[]): void {
    const verdict = EVENT_CONTRACTS[type].payload.safeParse(payload);
    let thrown: unknown;
    let event: ReturnType<typeof createEvent> | undefined;
    try {
      event = createEvent(type, payload as never, meta);
    } catch (e) {
      thrown = e;
    }
    if (verdict.success) {
      expect(thrown).toBeUndefined();
      expect(event?.payload).toEqual(payload);
      return;
    }
    if (!(thrown instanceof ContractViolation)) throw new Error(`expected a ContractViolation, got ${String(thrown)}`);
    expect(thrown).toMatchObject({ name: 'ContractViolation', eventType: type });
    expect(thrown.issues.length).toBeGreaterThan(0);
    for (const issue of thrown.issues) {
      expect(issue.path === 'payload' || issue.path.startsWith('payload.')).toBe(true);
      expect(issue.message.trim().length).toBeGreaterThan(0);
      expect(thrown.message).toContain(`${issue.path}: ${issue.message}`);
    }
    const paths = thrown.issues.map((i) => i.path.split('.'));
    if (!paths.some((p) => broken.some((b) => related(p, ['payload', ...b])))) {
      throw new Error(`no issue names a broken field (${broken.map((b) => named(['payload', ...b])).join(', ')}): ${thrown.message}`);
    }
  }

  it.each(TYPES)('%s: a dropped field, a wrong type or an unknown field throws ContractViolation naming the field', (type) => {
    const base = payloadOf(type);
    fc.assert(
      fc.property(invalidMutation(base), (mutation) => {
        const payload = apply(base, [mutation]);
        expect(EVENT_CONTRACTS[type].payload.safeParse(payload).success).toBe(false);
        checkCreate(type, payload, [mutation.path]);
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it.each(TYPES)('%s: borderline payload values are accepted or refused exactly as the contract says', (type) => {
    const base = payloadOf(type);
    fc.assert(
      fc.property(borderlineMutations(base), (mutations) => checkCreate(type, apply(base, mutations), mutations.map((m) => m.path))),
      { numRuns: RUNS / 2 },
    );
  });

  it('a payload that is not an object at all throws ContractViolation naming payload', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.oneof(smallJson.filter((v) => !isObject(v)), fc.constant(undefined)), (type, payload) => {
        let thrown: unknown;
        try {
          createEvent(type, payload as never, meta);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(ContractViolation);
        expect((thrown as ContractViolation).issues).toEqual([{ path: 'payload', message: expect.stringMatching(/\S/) }]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the dead-letter schema under generated bad input', () => {
  const message = toMessage(createEvent('meeting-booked', EVENT_EXAMPLES['meeting-booked'], meta));
  const base: DeadLetter & JsonObject = {
    originalTopic: message.topic,
    partition: 2,
    offset: '41',
    key: message.key,
    consumerGroup: 'scoring-svc',
    errorKind: 'validation',
    error: 'meeting-booked violates its contract: payload.repId: Too small: expected string to have >=1 characters',
    value: message.value,
    headers: { 'x-origin': 'fuzz' },
    failedAt: '2026-11-24T14:02:11.000Z',
  };

  function refusedAt(letter: Json, path: Path, unrecognized = false): void {
    const result = deadLetterSchema.safeParse(letter);
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = issuesOf(result.error, []);
    const hit = issues.find((i) => dotted(i.path) === dotted(path));
    if (!hit) throw new Error(`no issue at ${named(path)}: ${JSON.stringify(issues)}`);
    expect(hit.text).toMatch(unrecognized ? /Unrecognized key/ : /: \S/);
  }

  it('starts valid', () => expect(deadLetterSchema.parse(base)).toEqual(base));

  it('a dropped field, a value of the wrong type or an unknown top-level field is refused at that field', () => {
    const keys = Object.keys(base);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...keys).map((k): Mutation => ({ kind: 'drop', path: [k] })),
          fc.constantFrom(...nodes(base)).chain((n) => wrongType(n.value).map((value): Mutation => ({ kind: 'set', path: n.path, value }))),
          unknownKey.filter((k) => !keys.includes(k)).map((key): Mutation => ({ kind: 'add', path: [], key, value: 1 })),
        ),
        (mutation) => refusedAt(apply(base, [mutation]), mutation.path, mutation.kind === 'add'),
      ),
      { numRuns: RUNS },
    );
  });

  it('values that break its documented rules are refused at that field', () => {
    const rules: [string, fc.Arbitrary<Json>][] = [
      ['originalTopic', fc.constant('')],
      ['consumerGroup', fc.constant('')],
      ['error', fc.constant('')],
      ['partition', fc.oneof(fc.integer({ max: -1 }), fc.double({ min: 0.01, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)))],
      ['errorKind', fc.string().filter((s) => s !== 'validation' && s !== 'processing')],
      ['failedAt', fc.oneof(badDates, fc.string({ maxLength: 30 }).filter((t) => !/^\d{4}-/.test(t)))],
      ['headers', fc.dictionary(fc.oneof(fc.string({ minLength: 1 }), fc.constant('__proto__')), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<Json>],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...rules).chain(([field, bad]) => bad.map((value) => [field, value] as const)), ([field, value]) => {
        const letter = { ...base, [field]: value };
        if (field === 'headers') {
          const bad = Object.keys(value as JsonObject)[0];
          refusedAt(letter, ['headers', bad]);
        } else {
          refusedAt(letter, [field]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps any original value and any string headers byte for byte, so a letter can be replayed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.dictionary(fc.string(), fc.string({ unit: 'binary' }), { maxKeys: 4 }), (value, headers) => {
        const letter = { ...base, value, headers };
        expect(deadLetterSchema.parse(JSON.parse(JSON.stringify(letter)))).toEqual(letter);
      }),
      // A header named `__proto__` (z.record would skip it) or `constructor` stays in the letter.
      { numRuns: RUNS, examples: [['', JSON.parse('{"__proto__":"","constructor":"x"}') as Record<string, string>]] },
    );
  });
});
