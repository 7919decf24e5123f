import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import matrix from '../authorization-matrix.json';
import { resolvers, type HandoffContext } from './resolvers';

/**
 * The authorization matrix (authorization-matrix.json, rendered into the root README) against the
 * schema and the resolver map: every operation is in it, and every resolver refuses a request that
 * carries no identity before it reads anything. authorization.integration-spec.ts runs each row
 * for each role against the real service.
 */
type Resolver = (...args: unknown[]) => unknown;
const ROLES = ['REP', 'MANAGER', 'OPS', 'PARTNER'] as const;
const ACCESS = ['ALL', 'OWN', 'TEAM', 'NONE'];

const schema = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));
const objectTypes = schema.definitions.filter(
  (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
);
const fieldsOf = (type: string) => objectTypes.filter((t) => t.name.value === type).flatMap((t) => (t.fields ?? []).map((f) => `${type}.${f.name.value}`));
/** Entities this subgraph resolves (a @key without resolvable: false). */
const entities = objectTypes
  .filter((t) =>
    (t.directives ?? []).some(
      (d) => d.name.value === 'key' && !(d.arguments ?? []).some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value),
    ),
  )
  .map((t) => `Entity.${t.name.value}`);

/** Served by the runtime, not by this service's resolvers: federation's SDL and the health probes. */
const RUNTIME_OPERATIONS = ['Query._service', 'GET /health', 'GET /ready'];
const isRuntime = (operation: string) => RUNTIME_OPERATIONS.includes(operation);

function resolverOf(operation: string): Resolver {
  const [type, field] = operation.split('.');
  const map = resolvers as unknown as Record<string, Record<string, Resolver>>;
  return type === 'Entity' ? map[field]?.__resolveReference : map[type]?.[field];
}

describe('authorization matrix', () => {
  it('lists every query, mutation and resolvable entity of the schema, each once, with an access for every role', () => {
    const operations = matrix.map((r) => r.operation);
    expect(new Set(operations).size).toBe(operations.length);
    const graphOperations = [...fieldsOf('Query'), ...fieldsOf('Mutation'), ...entities];
    expect(graphOperations).toHaveLength(20); // 12 queries, 6 mutations, Account and Handoff
    expect(operations.filter((o) => !o.startsWith('Account.') && !isRuntime(o)).sort()).toEqual([...graphOperations].sort());
    expect(operations).toEqual(expect.arrayContaining(RUNTIME_OPERATIONS));
    for (const row of matrix) {
      expect(Object.keys(row.access).sort()).toEqual([...ROLES].sort());
      for (const role of ROLES) expect(ACCESS).toContain(row.access[role]);
      const kind = row.operation.startsWith('GET ') ? 'http' : row.operation.startsWith('Mutation.') ? 'mutation' : row.operation.startsWith('Entity.') ? 'entity' : 'query';
      expect(row.kind).toBe(kind);
    }
  });

  it('names handoff fields of Account that the schema has', () => {
    for (const row of matrix.filter((r) => r.operation.startsWith('Account.'))) expect(fieldsOf('Account')).toContain(row.operation);
  });

  it('gives partners nothing (but the schema) and mutations to ops alone', () => {
    for (const row of matrix.filter((r) => !isRuntime(r.operation))) {
      expect(row.access.PARTNER).toBe('NONE');
      expect(row.access.OPS).toBe('ALL');
      if (row.kind === 'mutation') expect(row.access).toEqual({ REP: 'NONE', MANAGER: 'NONE', OPS: 'ALL', PARTNER: 'NONE' });
    }
  });

  describe('without an identity every resolver refuses UNAUTHENTICATED before reading anything', () => {
    // Any use of the data source, loaders, relay or clock fails the test: the refusal must come first.
    const untouchable = new Proxy({}, { get: (_t, p) => { throw new Error(`touched ${String(p)} before checking the viewer`); } });
    const ctx = { dataSource: untouchable, relay: untouchable, clock: untouchable, memo: new Map(), loaders: untouchable, viewer: null } as unknown as HandoffContext;

    it.each(matrix.filter((r) => !isRuntime(r.operation)).map((r) => [r.operation]))('%s', async (operation) => {
      const resolve = resolverOf(operation);
      expect(typeof resolve).toBe('function');
      const args = { id: 'x', repId: 'rep-ana', input: {}, from: '2026-11-01', to: '2026-11-30' };
      const call = operation.startsWith('Entity.') ? () => resolve({ id: 'acc-x' }, ctx, {}) : () => resolve({ id: 'acc-x' }, args, ctx, {});
      await expect(Promise.resolve().then(call)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    });
  });
});
