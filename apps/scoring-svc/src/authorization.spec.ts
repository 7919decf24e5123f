import { ROLES, type Identity, type Role } from '@handoff-graph/auth';
import { TEST_IDENTITIES } from '@handoff-graph/testing';
import { GraphQLError, Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matrix from '../authorization-matrix.json';
import { requireOps, requireScoreReader } from './authorization';
import { scoringResolvers, type ScoringContext } from './resolvers';

type Access = 'ALL' | 'OWN' | 'TEAM' | 'NONE';
interface Row {
  operation: string;
  kind: string;
  access: Record<Role, Access>;
  note: string;
}
const rows = matrix as Row[];
/** Served by @apollo/subgraph (`_service`) or the runtime (GET /health, /ready), not by scoringResolvers: the integration test proves them. */
const BUILT_INS = rows.filter((r) => r.operation === 'Query._service' || r.kind === 'http').map((r) => r.operation);

/** A context whose every dependency fails the test the moment a resolver touches it: authorization must come first. */
const TOUCHED = 'touched a dependency';
function untouchable(viewer: Identity | null): ScoringContext {
  const trap = new Proxy(
    {},
    {
      get: () => {
        throw new Error(TOUCHED);
      },
    },
  );
  const clock = () => {
    throw new Error(TOUCHED);
  };
  return { dataSource: trap, logger: trap, relay: trap, clock, viewer } as unknown as ScoringContext;
}

type AnyResolver = (...args: unknown[]) => unknown;
const resolverMap = scoringResolvers as unknown as Record<string, Record<string, AnyResolver>>;

/** Runs the resolver behind a matrix row as `viewer`; resolves to the error it threw (or null). */
async function call(operation: string, viewer: Identity | null): Promise<unknown> {
  const [type, field] = operation === 'Entity.Account' ? ['Account', '__resolveReference'] : operation.split('.');
  const resolver = resolverMap[type][field];
  const ctx = untouchable(viewer);
  const args = field === '__resolveReference' ? [{ __typename: 'Account', id: 'acc-northwind' }, ctx] : [{ id: 'acc-northwind', version: 'v1' }, { first: 5 }, ctx];
  try {
    await resolver(...args);
    return null;
  } catch (e) {
    return e;
  }
}
const codeOf = (e: unknown) => (e instanceof GraphQLError ? e.extensions.code : undefined);

describe('the authorization matrix against the resolvers (no I/O: the context throws when touched)', () => {
  it('names every resolver of the subgraph, and nothing else', () => {
    const resolved = Object.entries(resolverMap).flatMap(([type, fields]) =>
      Object.keys(fields).map((field) => (field === '__resolveReference' ? `Entity.${type}` : `${type}.${field}`)),
    );
    expect(rows.map((r) => r.operation).filter((o) => !BUILT_INS.includes(o)).sort()).toEqual(resolved.sort());
  });

  it('covers every Query and Mutation field of schema.graphql and every @key entity', () => {
    const doc = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));
    const objects = doc.definitions.filter(
      (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
    );
    const operations = objects
      .filter((o) => o.name.value === 'Query' || o.name.value === 'Mutation')
      .flatMap((o) => (o.fields ?? []).map((f) => `${o.name.value}.${f.name.value}`));
    const entities = objects.filter((o) => o.directives?.some((d) => d.name.value === 'key')).map((o) => `Entity.${o.name.value}`);
    const named = new Set(rows.map((r) => r.operation));
    expect([...operations, ...entities].filter((o) => !named.has(o))).toEqual([]);
  });

  it('uses only ALL and NONE: scoring-svc keeps no ownership, so no row can be OWN or TEAM', () => {
    for (const r of rows) for (const role of ROLES) expect([r.operation, ['ALL', 'NONE'].includes(r.access[role])]).toEqual([r.operation, true]);
  });

  const resolverRows = rows.filter((r) => !BUILT_INS.includes(r.operation));

  it.each(resolverRows.map((r) => [r.operation]))('%s: no identity → UNAUTHENTICATED before touching anything', async (operation) => {
    expect(codeOf(await call(operation, null))).toBe('UNAUTHENTICATED');
  });

  it.each(resolverRows.flatMap((r) => ROLES.map((role) => [r.operation, role, r.access[role]] as const)))(
    '%s as %s (%s): NONE is FORBIDDEN before touching anything, ALL gets past the check',
    async (operation, role, access) => {
      const error = await call(operation, TEST_IDENTITIES[role]);
      if (access === 'NONE') {
        expect(codeOf(error)).toBe('FORBIDDEN');
        expect((error as GraphQLError).message).toMatch(new RegExp(`needs role .*; you are ${role}$`));
      } else {
        // Past the check it reads input or data: the trap (or input validation) is what stops it here.
        expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(codeOf(error));
      }
    },
  );

  it('the rules: score readers are REP, MANAGER and OPS; the rest is OPS alone', () => {
    expect(requireScoreReader(TEST_IDENTITIES.REP, 'x')).toBe(TEST_IDENTITIES.REP);
    expect(() => requireScoreReader(TEST_IDENTITIES.PARTNER, 'reading a score')).toThrow('reading a score needs role REP or MANAGER or OPS; you are PARTNER');
    expect(requireOps(TEST_IDENTITIES.OPS, 'x')).toBe(TEST_IDENTITIES.OPS);
    expect(() => requireOps(TEST_IDENTITIES.MANAGER, 'simulating a threshold')).toThrow('simulating a threshold needs role OPS; you are MANAGER');
    expect(() => requireOps(null, 'x')).toThrow(/no identity/);
  });
});
