/**
 * Writes the partner-facing JSON Schemas and example payloads to libs/contracts/json-schema/.
 * `--check` exits 1 when the committed files differ from the zod contracts (CI runs it via the spec).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedJsonSchemaFiles } from './json-schema';

export const JSON_SCHEMA_DIR = join(__dirname, '..', 'json-schema');

export function staleJsonSchemaFiles(dir = JSON_SCHEMA_DIR): string[] {
  const wanted = publishedJsonSchemaFiles();
  const present = safeList(dir);
  const stale = Object.entries(wanted)
    .filter(([name, text]) => !present.includes(name) || readFileSync(join(dir, name), 'utf8') !== text)
    .map(([name]) => name);
  return [...stale, ...present.filter((name) => !(name in wanted))];
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleJsonSchemaFiles();
    if (stale.length > 0) {
      console.error(`Stale JSON Schemas (run npm run contracts:export): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log('JSON Schemas are up to date.');
  } else {
    mkdirSync(JSON_SCHEMA_DIR, { recursive: true });
    for (const name of safeList(JSON_SCHEMA_DIR)) rmSync(join(JSON_SCHEMA_DIR, name));
    for (const [name, text] of Object.entries(publishedJsonSchemaFiles())) writeFileSync(join(JSON_SCHEMA_DIR, name), text);
    console.log(`Wrote ${Object.keys(publishedJsonSchemaFiles()).length} files to ${JSON_SCHEMA_DIR}`);
  }
}
