import type { Identity, Role } from '@handoff-graph/auth';
import type { OwnerAssignment } from '@handoff-graph/contracts';
import { parse, type ObjectTypeDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matrix from '../authorization-matrix.json';
import { canSeeMove, canSeeRepPersonal, canSeeRouting } from './authorization';
import { resolvers, type OwnershipContext } from './resolvers';

const ana: Identity = { subject: 'ana.ortiz@example.com', role: 'REP', repId: 'rep-ana', team: 'EMEA' };
const gus: Identity = { subject: 'gus@example.com', role: 'REP', repId: 'rep-gus', team: 'EMEA' };
const mara: Identity = { subject: 'mara.lind@example.com', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' };
const ops: Identity = { subject: 'ops@example.com', role: 'OPS', repId: null, team: null };
const partner: Identity = { subject: 'crm-task-sync', role: 'PARTNER', repId: null, team: null };
const IDENTITIES: Record<Role, Identity> = { REP: ana, MANAGER: mara, OPS: ops, PARTNER: partner };

const emea = { ownerRepId: 'rep-ana', backupRepId: 'rep-ben', ownerTeam: 'EMEA' };
const na = { ownerRepId: 'rep-carla', backupRepId: 'rep-dev', ownerTeam: 'North America' };
const maraEscalated = { ownerRepId: 'rep-mara', backupRepId: 'rep-dev', ownerTeam: 'EMEA' };

describe('canSeeRouting: a handoff routing is its parties’, their managers’ and ops’', () => {
  it.each([
    ['REP Ana, owner of the EMEA routing', ana, [emea], true],
    ['REP Ana, party of neither', ana, [na], false],
    ['REP Ana, owner before a move to North America', ana, [emea, na], true],
    ['REP Gus of team EMEA, no party: OWN is not TEAM', gus, [emea], false],
    ['MANAGER Mara of EMEA, the owner’s team', mara, [emea], true],
    ['MANAGER Mara, another team’s routing', mara, [na], false],
    ['MANAGER Mara, escalation owner acting as owner', mara, [maraEscalated], true],
    ['OPS, any routing', ops, [na], true],
    ['OPS, a pending decision without parties', ops, [], true],
    ['REP Ana, a pending decision without parties', ana, [], false],
    ['MANAGER Mara, a pending decision without parties', mara, [], false],
    ['PARTNER, even the EMEA routing', partner, [emea], false],
  ] as const)('%s → %s', (_who, viewer, routings, sees) => {
    expect(canSeeRouting(viewer, routings)).toBe(sees);
  });
});

describe('canSeeMove: the parties of the routing before or after the move', () => {
  const ref = (repId: string, team: string) => ({ repId, name: repId, email: `${repId}@example.com`, role: 'SDR' as const, team, timezone: 'UTC' });
  const routing = (owner: string, backup: string, team: string): OwnerAssignment => ({
    owner: ref(owner, team),
    backup: ref(backup, team),
    territoryId: 'terr-x',
    territoryName: 'X',
    explanation: 'x',
  });
  const move = { previous: routing('rep-ana', 'rep-ben', 'EMEA'), current: routing('rep-carla', 'rep-dev', 'North America') };

  it.each([
    ['Ana, owner before (EMEA → North America)', ana, true],
    ['Carla, owner after', { ...ana, repId: 'rep-carla', team: 'North America' }, true],
    ['Gus, same team as before but no party', gus, false],
    ['Mara, manager of the team before', mara, true],
    ['a North America manager, the team after', { ...mara, repId: 'rep-nadia', team: 'North America' }, true],
    ['an APAC manager', { ...mara, repId: 'rep-apac', team: 'APAC' }, false],
    ['OPS', ops, true],
    ['PARTNER', partner, false],
  ] as const)('%s → %s', (_who, viewer, sees) => {
    expect(canSeeMove(viewer, move)).toBe(sees);
  });

  it('a move to nobody (current null) is still its previous parties’ (2 routings → 1)', () => {
    expect(canSeeMove(ana, { previous: move.previous, current: null })).toBe(true);
    expect(canSeeMove(gus, { previous: move.previous, current: null })).toBe(false);
  });
});

describe('canSeeRepPersonal: a rep’s leave and map history are theirs, their team manager’s and ops’', () => {
  const anaRep = { id: 'rep-ana', team: 'EMEA' };
  const carlaRep = { id: 'rep-carla', team: 'North America' };
  it.each([
    ['Ana, her own', ana, anaRep, true],
    ['Gus, a teammate', gus, anaRep, false],
    ['Mara, manager of EMEA, Ana', mara, anaRep, true],
    ['Mara, Carla of North America', mara, carlaRep, false],
    ['Mara, herself', mara, { id: 'rep-mara', team: 'EMEA' }, true],
    ['OPS, anyone', ops, carlaRep, true],
    ['PARTNER, anyone', partner, anaRep, false],
  ] as const)('%s → %s', (_who, viewer, rep, sees) => {
    expect(canSeeRepPersonal(viewer, rep)).toBe(sees);
  });
});

// ---- the resolvers refuse before they touch anything -----------------------------------------------

type Resolver = (...args: unknown[]) => unknown;
const SDL = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));
const objectType = (name: string) => SDL.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === name);
const rootFields = (type: 'Query' | 'Mutation') => (objectType(type)?.fields ?? []).map((f) => f.name.value);
const entityTypes = SDL.definitions
  .filter((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && (d.directives ?? []).some((x) => x.name.value === 'key'))
  .map((d) => d.name.value);

const resolverOf = (type: string, field: string) => (resolvers[type] as Record<string, Resolver>)[field];

/** A context whose every data access fails the test: a refusal must come first. */
function untouchable(viewer: Identity | null): OwnershipContext {
  const boom = () => {
    throw new Error('touched data before checking the viewer');
  };
  const dataSource = new Proxy({}, { get: boom }) as OwnershipContext['dataSource'];
  return { viewer, dataSource, clock: boom, relay: new Proxy({}, { get: boom }) as OwnershipContext['relay'], maps: new Proxy({}, { get: boom }) as OwnershipContext['maps'], loadRep: boom, problemsAt: boom };
}

/** Calls a root field or an entity's __resolveReference the way the subgraph library does. */
async function call(operation: string, viewer: Identity | null): Promise<unknown> {
  const [type, field] = operation.split('.');
  const ctx = untouchable(viewer);
  if (type === 'Entity') return resolverOf(field, '__resolveReference')({ __typename: field, id: 'x' }, ctx, undefined);
  return resolverOf(type, field)(undefined, {}, ctx, undefined);
}

const guarded = [...rootFields('Query').map((f) => `Query.${f}`), ...rootFields('Mutation').map((f) => `Mutation.${f}`), ...entityTypes.map((t) => `Entity.${t}`)];

describe('every root field and entity reference checks the viewer first', () => {
  it('has a resolver for every Query and Mutation field and every @key entity (9 queries, 6 mutations, 2 entities)', () => {
    expect(guarded).toHaveLength(17);
    for (const op of guarded) {
      const [type, field] = op.split('.');
      expect(typeof (type === 'Entity' ? resolverOf(field, '__resolveReference') : resolverOf(type, field))).toBe('function');
    }
  });

  it.each(guarded)('%s without an identity (auth not configured) → UNAUTHENTICATED, nothing read', async (op) => {
    await expect(call(op, null)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  const refusals = (matrix as { operation: string; kind: string; access: Record<Role, string> }[])
    .filter((row) => guarded.includes(row.operation))
    .flatMap((row) => (Object.keys(IDENTITIES) as Role[]).filter((role) => row.access[role] === 'NONE').map((role) => [row.operation, role] as const));

  it.each(refusals)('%s as %s (NONE in the matrix) → FORBIDDEN, nothing read', async (op, role) => {
    await expect(call(op, IDENTITIES[role])).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
