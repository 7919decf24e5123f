import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed supergraph, composed by `npm run compose` (tools/supergraph): beside the bundle, or the app root in dev. */
export function supergraphPath(): string {
  const candidates = [join(__dirname, 'supergraph.graphql'), join(__dirname, '..', 'supergraph.graphql')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`supergraph.graphql not found (looked in ${candidates.join(', ')}); run npm run compose`);
  return found;
}

export function loadSupergraph(): string {
  return readFileSync(supergraphPath(), 'utf8');
}
