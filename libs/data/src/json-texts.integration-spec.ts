import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, initializeDataSource } from './data-source';
import { jsonArrayOfTexts } from './json-texts';

/** JSON documents passed as one jsonArrayOfTexts parameter come back from PostgreSQL exactly, in order. */
describe('jsonArrayOfTexts (PostgreSQL)', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('json_texts');
    dataSource = await initializeDataSource(createServiceDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [] }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  const documents = [
    JSON.stringify({ evidence: `Intent surge on 'revenue operations' "quoted" \\ back\nslash`, points: 24.9 }),
    JSON.stringify(['é ✓ 日本', { nested: { empty: {} } }]),
    JSON.stringify('a plain string'),
    '{"spaced" :  1}',
  ];

  it('gives each text back exactly, in order', async () => {
    const rows: { n: string; text: string }[] = await dataSource.query(
      `SELECT e.n, e.value::text AS text FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, n) ORDER BY e.n`,
      [jsonArrayOfTexts(documents)],
    );
    expect(rows.map((r) => r.text)).toEqual(documents);
  });

  it('fails the statement when a text is not JSON', async () => {
    await expect(dataSource.query(`SELECT count(*) FROM json_array_elements($1::json)`, [jsonArrayOfTexts(['{"ok":1}', 'not json'])])).rejects.toThrow(
      /invalid input syntax for type json/,
    );
  });

  it('takes an empty list as an empty array', async () => {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM json_array_elements($1::json)`, [jsonArrayOfTexts([])]);
    expect(n).toBe(0);
  });
});
