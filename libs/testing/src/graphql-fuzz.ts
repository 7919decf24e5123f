import fc from 'fast-check';
import {
  buildASTSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/**
 * Fuzzing a subgraph's mutations with generated bad or borderline variables, from its SDL alone.
 *
 * `mutationFuzzTargets(sdl, { examples })` walks every Mutation field's arguments and builds, per
 * mutation, a fast-check arbitrary of requests. Each request starts from the mutation's valid example
 * variables (or, without one, values built from the argument types) and breaks ONE part of them, so
 * most requests get past the first check and reach the resolver's own parsing:
 * - `wrong-type`    a value of another GraphQL type (GraphQL itself refuses: BAD_USER_INPUT "Variable …");
 * - `null`          null, also where the type is non-null;
 * - `missing`       a field or argument left out, also a required one;
 * - `unknown-field` an input field the type does not define;
 * - `borderline`    a well-typed but suspicious value: empty, blank and 10 000-character strings, NUL
 *                   and control characters, negative, zero, huge and tiny numbers, invalid or extreme ISO
 *                   dates (the DateTime / Date scalars accept any JSON, so the resolver must refuse), any
 *                   enum value, empty, duplicated and huge lists;
 * - `unknown-id`    a well-formed id nothing has (`unknown-…`, a random UUID);
 * - `generated`     every argument generated from its type with borderline leaves;
 * - `unknown-argument` an argument the field does not take (GRAPHQL_VALIDATION_FAILED).
 *
 * `fuzzMutation(target, …)` sends each request and fails on the first answer that is not a clean
 * refusal or a success: a non-JSON or 5xx answer, an error without a message or with a code outside
 * the allowed set (never INTERNAL_SERVER_ERROR), a BAD_USER_INPUT of ours without `extensions.field`
 * and `extensions.rule`, or a refused request after which the store (`footprint`) changed.
 */

export type FuzzVariables = Record<string, unknown>;
type Path = (string | number)[];

export interface FuzzRequest {
  mutation: string;
  /** How the example was broken, e.g. `borderline`. */
  strategy: string;
  /** What was broken: the dotted variable path (`input.email`), or `*` for a fully generated request. */
  target: string;
  query: string;
  variables: FuzzVariables;
}

export interface MutationFuzzTarget {
  /** The Mutation field. */
  name: string;
  /** The operation every request of this target sends (one variable per argument, typed as in the SDL). */
  query: string;
  /** The first valid example: what requests start from (with the other variants, if any). */
  example: FuzzVariables;
  requests: fc.Arbitrary<FuzzRequest>;
}

export interface MutationFuzzOptions {
  /**
   * Valid variables per mutation name: requests break one part of them (missing ones are built from
   * the types). Give several variants when a success uses its example up (a handoff accepted once, a
   * version created once), so later requests still get past the state checks to the writes.
   */
  examples?: Record<string, FuzzVariables | FuzzVariables[]>;
  /** Items of a `huge list` (default 1 000; keep the request under the server's 1 MB body limit). */
  hugeListLength?: number;
}

/** Codes a refusal may carry; INTERNAL_SERVER_ERROR (an unhandled exception) never. */
export const FUZZ_ALLOWED_ERROR_CODES = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'] as const;

// ---- values ---------------------------------------------------------------------------------

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const LONG = 10_000;
/** Text PostgreSQL cannot store (NUL; jsonb also refuses an unpaired surrogate): a classic unhandled exception. */
const unstorableStrings = fc.constantFrom('\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy');
const suspiciousStrings = fc.constantFrom(
  '',
  ' ',
  '\t\n\r',
  '\u0007\u001b[31m',
  '\u202Eevil',
  '\u{1F600}\u{1F469}\u200D\u{1F4BB}',
  "'; DROP TABLE outbox; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%s%n%x',
  '${jndi:ldap://x}',
  'null',
  'undefined',
  'x'.repeat(LONG),
  'é'.repeat(LONG),
  ' '.repeat(LONG),
);
const anyString = fc.oneof(
  { arbitrary: suspiciousStrings, weight: 3 },
  { arbitrary: unstorableStrings, weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
);
const unknownIds = fc.oneof(
  fc.uuid().map((u) => `unknown-${u.slice(0, 8)}`),
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '0', '-1'),
);
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const borderInts = fc.oneof(fc.constantFrom(0, -1, 1, INT32.min, INT32.max, 1_000_000), fc.integer(INT32));
const borderFloats = fc.oneof(
  fc.constantFrom(0, -0, -1, -0.0001, 0.0001, 100.0001, 1e21, 1e308, -1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const dateTimes = fc.oneof(
  fc.constantFrom(
    'not-a-date',
    '',
    '2026-02-30T10:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-24T25:61:00Z',
    '2026-11-24T12:00:00',
    '2026-11-24 12:00:00Z',
    '2026-11-24',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00.000Z',
    '2026-11-24T12:00:00+25:00',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom<unknown>(0, 1_732_000_000_000, true, {}, []),
);
const dates = fc.oneof(
  fc.constantFrom('2026-13-01', '2026-02-29', '2026-02-30', '2026-11-24T00:00:00Z', '0000-01-01', '9999-12-31', '', '24.11.2026', '2026-W48', '2026-1-5'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom<unknown>(20261124, true, {}, []),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });

function unwrapNonNull(type: GraphQLInputType): GraphQLInputType {
  return isNonNullType(type) ? type.ofType : type;
}

/** A value GraphQL accepts for the type, to start from when a mutation has no example. */
function plausible(type: GraphQLInputType): unknown {
  const t = unwrapNonNull(type);
  if (isListType(t)) return [plausible(t.ofType)];
  if (isInputObjectType(t)) {
    return Object.fromEntries(
      Object.values(t.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, plausible(f.type)]),
    );
  }
  if (isEnumType(t)) return t.getValues()[0].value;
  switch (t.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'ID':
      return `fuzz-${randomUUID().slice(0, 8)}`;
    case 'DateTime':
      return '2026-11-24T12:00:00.000Z';
    case 'Date':
      return '2026-11-24';
    default:
      return 'fuzz';
  }
}

/** A value GraphQL refuses for the type (its own coercion answers BAD_USER_INPUT). */
function wrongType(type: GraphQLInputType): fc.Arbitrary<unknown> | null {
  const t = unwrapNonNull(type);
  const obj = fc.constant({ fuzz: 1 });
  if (isListType(t)) {
    const item = wrongType(t.ofType);
    return item && fc.array(item, { minLength: 1, maxLength: 2 });
  }
  if (isInputObjectType(t)) return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant([1, 2]));
  if (isEnumType(t)) {
    const values = t.getValues().map((v) => v.value as string);
    return fc.oneof(
      fc.constantFrom('NOT_A_VALUE', '', ...values.map((v) => v.toLowerCase()), ...values.map((v) => ` ${v}`)),
      fc.integer(),
      obj,
    ).filter((v) => !values.includes(v as string));
  }
  switch (t.name) {
    case 'String':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), obj, fc.constant(['a']));
    case 'ID':
      return fc.oneof(fc.constant(1.5), fc.boolean(), obj, fc.constant(['a']));
    case 'Int':
      return fc.oneof(fc.constantFrom<unknown>('1', 1.5, 2 ** 31, -(2 ** 31) - 1, 1e308, 'NaN'), fc.boolean(), obj);
    case 'Float':
      return fc.oneof(fc.constantFrom<unknown>('1.5', 'NaN', 'Infinity', '-Infinity', ''), fc.boolean(), obj);
    case 'Boolean':
      return fc.oneof(fc.constantFrom<unknown>('true', 'false', 0, 1, ''), obj);
    default:
      // Custom scalars (DateTime, Date) take any JSON in GraphQL: only the resolver can refuse.
      return null;
  }
}

/** A value GraphQL accepts for the type but that is empty, extreme, malformed or meaningless. */
function borderline(type: GraphQLInputType, current: unknown, hugeListLength: number): fc.Arbitrary<unknown> {
  const t = unwrapNonNull(type);
  if (isListType(t)) {
    const items = Array.isArray(current) && current.length > 0 ? current : [plausible(t.ofType)];
    return fc.oneof(
      fc.constant([]),
      fc.constant([...items, ...items]),
      fc.constant(Array.from({ length: hugeListLength }, (_, i) => items[i % items.length])),
      borderline(t.ofType, items[0], hugeListLength).map((item) => [item]),
    );
  }
  if (isInputObjectType(t)) return fc.constant({});
  if (isEnumType(t)) return fc.constantFrom(...t.getValues().map((v) => v.value as string));
  switch (t.name) {
    case 'String':
      return anyString;
    case 'ID':
      return fc.oneof(anyString, unknownIds, fc.constantFrom(0, -1, INT32.max));
    case 'Int':
      return borderInts;
    case 'Float':
      return borderFloats;
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return dateTimes;
    case 'Date':
      return dates;
    default:
      return fc.oneof(anyString, anyJson);
  }
}

/** A whole value generated from the type, every leaf borderline (null and absent fields included). */
function generated(type: GraphQLInputType, depth: number, hugeListLength: number): fc.Arbitrary<unknown> {
  const t = unwrapNonNull(type);
  const orNull = (a: fc.Arbitrary<unknown>) => (isNonNullType(type) ? fc.oneof({ arbitrary: a, weight: 9 }, { arbitrary: fc.constant(null), weight: 1 }) : fc.option(a));
  if (isListType(t)) return orNull(depth > 3 ? fc.constant([]) : fc.array(generated(t.ofType, depth + 1, hugeListLength), { maxLength: 3 }));
  if (isInputObjectType(t)) {
    if (depth > 3) return orNull(fc.constant({}));
    const fields = Object.values(t.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, generated(f.type, depth + 1, hugeListLength)]));
    return orNull(fc.record(model, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) }));
  }
  return orNull(borderline(t, undefined, hugeListLength));
}

// ---- requests -------------------------------------------------------------------------------

interface Slot {
  path: Path;
  type: GraphQLInputType;
  value: unknown;
}

/** Every part of `value` the type describes: arguments, input fields (present or not), the first list items. */
function slots(type: GraphQLInputType, value: unknown, path: Path): Slot[] {
  const own: Slot = { path, type, value };
  const t = unwrapNonNull(type);
  if (isListType(t) && Array.isArray(value)) return [own, ...value.slice(0, 2).flatMap((item, i) => slots(t.ofType, item, [...path, i]))];
  if (isInputObjectType(t) && isPlainObject(value)) {
    return [own, ...Object.values(t.getFields()).flatMap((f) => slots(f.type, value[f.name], [...path, f.name]))];
  }
  return [own];
}

function setAt(variables: FuzzVariables, path: Path, value: unknown, remove = false): FuzzVariables {
  const out = structuredClone(variables);
  let holder: Record<string | number, unknown> = out;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete holder[last];
  else Object.defineProperty(holder, last, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function operation(name: string, args: readonly GraphQLArgument[], returnsObject: boolean, extraArgument = ''): string {
  const declared = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = [...args.map((a) => `${a.name}: $${a.name}`), ...(extraArgument ? [extraArgument] : [])].join(', ');
  return `mutation Fuzz${declared ? `(${declared})` : ''} { ${name}${passed ? `(${passed})` : ''}${returnsObject ? ' { __typename }' : ''} }`;
}

function plausibleArguments(args: readonly GraphQLArgument[]): FuzzVariables {
  return Object.fromEntries(args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, plausible(a.type)]));
}

/** One target per Mutation field of the SDL (federation directives are ignored). */
export function mutationFuzzTargets(sdl: string, options: MutationFuzzOptions = {}): MutationFuzzTarget[] {
  const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
  const mutationType = schema.getMutationType();
  if (!mutationType) return [];
  const hugeListLength = options.hugeListLength ?? 1_000;
  return Object.values(mutationType.getFields()).map((field) => {
    const args = field.args;
    const returnsObject = isCompositeType(getNamedType(field.type));
    const query = operation(field.name, args, returnsObject);
    const given = options.examples?.[field.name];
    const variants: FuzzVariables[] = given === undefined ? [plausibleArguments(args)] : Array.isArray(given) ? given : [given];
    const request = (strategy: string, path: Path | '*', variables: FuzzVariables, q = query): FuzzRequest => ({
      mutation: field.name,
      strategy,
      target: path === '*' ? '*' : path.map(String).join('.'),
      query: q,
      variables,
    });

    const onePart = fc
      .constantFrom(...variants)
      .chain((example) => fc.constantFrom(...args.flatMap((a) => slots(a.type, example[a.name], [a.name]))).map((slot) => ({ example, slot })))
      .chain(({ example, slot }) => {
        const choices: { arbitrary: fc.Arbitrary<FuzzRequest>; weight: number }[] = [
          { arbitrary: borderline(slot.type, slot.value, hugeListLength).map((v) => request('borderline', slot.path, setAt(example, slot.path, v))), weight: 6 },
          { arbitrary: fc.constant(request('null', slot.path, setAt(example, slot.path, null))), weight: 1 },
        ];
        const wrong = wrongType(slot.type);
        if (wrong) choices.push({ arbitrary: wrong.map((v) => request('wrong-type', slot.path, setAt(example, slot.path, v))), weight: 2 });
        if (slot.value !== undefined) choices.push({ arbitrary: fc.constant(request('missing', slot.path, setAt(example, slot.path, undefined, true))), weight: 1 });
        const named = getNamedType(slot.type);
        if (isScalarType(named) && named.name === 'ID') choices.push({ arbitrary: unknownIds.map((v) => request('unknown-id', slot.path, setAt(example, slot.path, v))), weight: 2 });
        if (isInputObjectType(unwrapNonNull(slot.type)) && isPlainObject(slot.value)) {
          choices.push({
            arbitrary: fc
              .constantFrom('fuzzUnknown', '__proto__', 'constructor')
              .map((key) => request('unknown-field', [...slot.path, key], setAt(example, [...slot.path, key], 1))),
            weight: 1,
          });
        }
        return fc.oneof(...choices);
      });

    const whole = fc
      .record(Object.fromEntries(args.map((a) => [a.name, generated(a.type, 0, hugeListLength)])), { requiredKeys: [] })
      .map((variables) => request('generated', '*', variables as FuzzVariables));
    const unknownArgument = fc.constant(request('unknown-argument', ['fuzzUnknownArgument'], variants[0], operation(field.name, args, returnsObject, 'fuzzUnknownArgument: 1')));

    const requests = args.length
      ? fc.oneof({ arbitrary: onePart, weight: 16 }, { arbitrary: whole, weight: 3 }, { arbitrary: unknownArgument, weight: 1 })
      : fc.oneof(whole, unknownArgument);
    return { name: field.name, query, example: variants[0], requests };
  });
}

// ---- answers --------------------------------------------------------------------------------

export interface FuzzAnswer {
  status: number;
  /** The parsed body, or undefined when it was not JSON (see `text`). */
  body: { data?: Record<string, unknown> | null; errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined;
  text: string;
}

/** POSTs the request; a connection that fails means the service is down (crashed). */
export async function sendFuzzRequest(url: string, request: FuzzRequest, headers: Record<string, string>): Promise<FuzzAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
    });
  } catch (e) {
    throw new Error(`the service did not answer ${request.mutation} (${request.strategy} ${request.target}): ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: FuzzAnswer['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** GraphQL's own variable coercion errors (not ours: they name no field in extensions). */
const isGraphQLCoercionError = (message: string) => /^Variable "\$[A-Za-z_]\w*"/.test(message);

/** Everything wrong with an answer: an empty list for a success or a clean refusal. */
export function fuzzAnswerProblems(request: FuzzRequest, answer: FuzzAnswer, allowedCodes: readonly string[] = FUZZ_ALLOWED_ERROR_CODES): string[] {
  const problems: string[] = [];
  if (!isPlainObject(answer.body)) return [`HTTP ${answer.status}: the answer is not a GraphQL JSON object: ${answer.text.slice(0, 300)}`];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  const errors = answer.body.errors;
  if (errors === undefined) {
    if (answer.body.data?.[request.mutation] == null) problems.push('no errors, but no data either');
    return problems;
  }
  if (!Array.isArray(errors) || errors.length === 0) return [...problems, `errors is not a non-empty list: ${JSON.stringify(errors)}`];
  for (const error of errors) {
    const message = typeof error.message === 'string' ? error.message : '';
    const code = error.extensions?.code;
    if (!message.trim()) problems.push(`an error without a message: ${JSON.stringify(error).slice(0, 300)}`);
    if (typeof code !== 'string' || !allowedCodes.includes(code)) {
      const stack = Array.isArray(error.extensions?.stacktrace) ? ` at ${(error.extensions.stacktrace as string[]).slice(0, 4).join(' | ')}` : '';
      problems.push(`code ${String(code)} is not allowed: ${message}${stack}`);
    }
    if (code === 'BAD_USER_INPUT' && !isGraphQLCoercionError(message)) {
      const { field, rule } = error.extensions ?? {};
      if (typeof field !== 'string' || !field) problems.push(`BAD_USER_INPUT without extensions.field: ${message}`);
      if (typeof rule !== 'string' || !rule.trim()) problems.push(`BAD_USER_INPUT without extensions.rule: ${message}`);
    }
  }
  return problems;
}

/** The request was refused: it has errors and no result for the mutation. */
export function fuzzRefused(request: FuzzRequest, answer: FuzzAnswer): boolean {
  return !!answer.body?.errors?.length && answer.body.data?.[request.mutation] == null;
}

// ---- the store ------------------------------------------------------------------------------

export type StoreFootprint = Record<string, { rows: number; checksum: string }>;

/**
 * Row count and content checksum of every table of a PostgreSQL schema (the service's tables, its
 * outbox and inbox). `ignoreColumns` leaves out what background work changes without a request —
 * by default `outbox.published_at`, set by the relay once an earlier event went out.
 */
export async function schemaFootprint(
  query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  schema: string,
  ignoreColumns: string[] = ['published_at'],
): Promise<StoreFootprint> {
  const tables = (await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`, [schema])).map(
    (r) => String(r.table_name),
  );
  if (tables.length === 0) return {};
  const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
  const drop = ignoreColumns.map((c) => ` - '${c.replace(/'/g, "''")}'`).join('');
  const rows = await query(
    tables
      .map(
        (t, i) =>
          `SELECT $${i + 1}::text AS t, count(*)::int AS n, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS h ` +
          `FROM (SELECT (to_jsonb(x)${drop})::text AS r FROM ${quote(schema)}.${quote(t)} x) s`,
      )
      .join(' UNION ALL '),
    tables,
  );
  return Object.fromEntries(rows.map((r) => [String(r.t), { rows: Number(r.n), checksum: String(r.h) }]));
}

function changedTables(before: StoreFootprint, after: StoreFootprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((t) => !isDeepStrictEqual(before[t], after[t]))
    .map((t) => `${t} (${before[t]?.rows ?? 0} → ${after[t]?.rows ?? 0} rows)`);
}

// ---- the run --------------------------------------------------------------------------------

export interface FuzzMutationOptions {
  url: string;
  /** Headers per request (sign the identity afresh: signatures expire). */
  headers: () => Record<string, string>;
  /** What a refused request must leave unchanged, e.g. `schemaFootprint` of the service's schema. */
  footprint: () => Promise<StoreFootprint>;
  numRuns?: number;
  seed?: number;
  allowedCodes?: readonly string[];
}

const short = (v: unknown) => {
  const s = JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 60 ? `${x.slice(0, 20)}…(${x.length} chars)` : x)) ?? 'undefined';
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
};

export interface FuzzSummary {
  sent: number;
  /** Accepted: the mutation returned a result. */
  accepted: number;
  /** Refused by GraphQL before any resolver ran (variable coercion, validation). */
  refusedByGraphQL: number;
  /** Refused by the service itself (its parsing or its rules), by code. */
  refusedByService: Record<string, number>;
}

/** True when every error of a refusal came from GraphQL's own coercion or validation, before any resolver ran. */
function refusedBeforeResolvers(answer: FuzzAnswer): boolean {
  return (answer.body?.errors ?? []).every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || isGraphQLCoercionError(String(e.message)));
}

/**
 * Sends generated requests of one mutation (`numRuns`, or FUZZ_RUNS from the environment for a longer
 * local run; FUZZ_SEED replays a failure's seed). Throws on the first bad answer (fast-check shrinks
 * it and prints the seed); otherwise returns what happened to the requests.
 */
export async function fuzzMutation(target: MutationFuzzTarget, options: FuzzMutationOptions): Promise<FuzzSummary> {
  const summary: FuzzSummary = { sent: 0, accepted: 0, refusedByGraphQL: 0, refusedByService: {} };
  const numRuns = Number(process.env.FUZZ_RUNS) || options.numRuns || 30;
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : options.seed;
  await fc.assert(
    fc.asyncProperty(target.requests, async (request) => {
      const before = await options.footprint();
      const answer = await sendFuzzRequest(options.url, request, options.headers());
      summary.sent++;
      const problems = fuzzAnswerProblems(request, answer, options.allowedCodes);
      if (fuzzRefused(request, answer)) {
        if (refusedBeforeResolvers(answer)) summary.refusedByGraphQL++;
        else {
          const code = String(answer.body?.errors?.[0]?.extensions?.code);
          summary.refusedByService[code] = (summary.refusedByService[code] ?? 0) + 1;
        }
        const changed = changedTables(before, await options.footprint());
        if (changed.length) problems.push(`refused, yet it changed ${changed.join(', ')}`);
      } else if (!problems.length) {
        summary.accepted++;
      }
      if (problems.length) {
        throw new Error(
          `${request.mutation} (${request.strategy} at ${request.target}) with ${short(request.variables)}:\n  - ${problems.join('\n  - ')}\n  answer: ${answer.text.slice(0, 800)}`,
        );
      }
    }),
    { numRuns, seed },
  );
  return summary;
}

export interface EveryMutationFuzzOptions {
  /** The service's SDL: the mutations to fuzz (known when the tests are defined). */
  sdl: string;
  /** The targets built with the service's valid examples (may be built in a beforeAll, hence a function). */
  targets: () => MutationFuzzTarget[];
  /** The mutations the spec gives a valid example for: must be every mutation of the SDL. */
  exampleNames: () => string[];
  /** The subgraph URL, the headers of an identity that may call every mutation, and the store's footprint. */
  url: () => string;
  headers: () => Record<string, string>;
  footprint: () => Promise<StoreFootprint>;
  numRuns?: number;
}

/**
 * The tests every service's `graphql-inputs.fuzz.integration-spec.ts` runs (call inside its describe):
 * every SDL mutation has a valid example the service accepts as is, then one fuzz test per mutation —
 * every generated request answered cleanly, a refused one storing nothing, and some requests getting
 * past GraphQL's own type checks to the resolver.
 */
export function itFuzzesEveryMutation(options: EveryMutationFuzzOptions): void {
  it('has a valid example for every mutation of the schema, and the service accepts each', async () => {
    const targets = options.targets();
    expect(targets.map((t) => t.name).sort()).toEqual([...options.exampleNames()].sort());
    for (const target of targets) {
      const answer = await sendFuzzRequest(options.url(), { mutation: target.name, strategy: 'example', target: '-', query: target.query, variables: target.example }, options.headers());
      expect({ mutation: target.name, errors: answer.body?.errors ?? [] }).toEqual({ mutation: target.name, errors: [] });
    }
  });

  it.each(mutationFuzzTargets(options.sdl).map((t) => [t.name]))('%s: every generated request is answered cleanly, and a refused one stores nothing', async (name) => {
    const target = options.targets().find((t) => t.name === name);
    if (!target) throw new Error(`no fuzz target for ${name}: give it a valid example`);
    const summary = await fuzzMutation(target, { url: options.url(), headers: options.headers, footprint: options.footprint, numRuns: options.numRuns ?? 50 });
    // The requests reached the resolver, not only GraphQL's own type checks.
    expect(summary.sent - summary.refusedByGraphQL).toBeGreaterThan(0);
  });
}
