/**
 * Composes the four subgraph SDLs into the supergraph the gateway runs from
 * (apps/gateway/supergraph.graphql, committed). `--check` fails when the committed file is stale.
 */
import { composeServices } from '@apollo/composition';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import gql from 'graphql-tag';

const ROOT = join(__dirname, '..', '..', '..');
const SUPERGRAPH = join(ROOT, 'apps', 'gateway', 'supergraph.graphql');

/** Subgraph name → app folder and default URL (overridden at run time by the gateway's env). */
export const SUBGRAPHS = [
  { name: 'scoring', app: 'scoring-svc', url: 'http://127.0.0.1:4101/graphql' },
  { name: 'ownership', app: 'ownership-svc', url: 'http://127.0.0.1:4102/graphql' },
  { name: 'handoff', app: 'handoff-svc', url: 'http://127.0.0.1:4103/graphql' },
  { name: 'feedback', app: 'feedback-svc', url: 'http://127.0.0.1:4104/graphql' },
];

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map(({ name, app, url }) => ({
      name,
      url,
      typeDefs: gql(readFileSync(join(ROOT, 'apps', app, 'src', 'schema.graphql'), 'utf8')),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl + '\n';
}

if (require.main === module) {
  try {
    const sdl = composeSupergraph();
    if (process.argv.includes('--check')) {
      let committed = '';
      try {
        committed = readFileSync(SUPERGRAPH, 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (committed !== sdl) {
        console.error('apps/gateway/supergraph.graphql is stale: run `npm run compose` and commit it.');
        process.exit(1);
      }
      console.log('supergraph is up to date');
    } else {
      writeFileSync(SUPERGRAPH, sdl);
      console.log(`wrote ${SUPERGRAPH}`);
    }
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
