import { ApolloServer } from '@apollo/server';
import { STORABLE_TEXT_RULE, isStorableText, requireStorableText, storableTextInReadsPlugin, unstorableTextField } from './storable-text';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps paired ones (emoji) and ordinary text', () => {
    expect(isStorableText('Müller & Co — 🚀')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\uD800')).toBe(false);
    expect(isStorableText('x\uDC00')).toBe(false);
  });

  it('names the first field holding such text, lists and nesting included', () => {
    expect(unstorableTextField({ input: { name: 'ok', tags: ['fine', 'bad\u0000'] } })).toBe('input.tags.1');
    expect(unstorableTextField({ input: { count: 3, note: null } })).toBeNull();
    expect(() => requireStorableText({ input: { note: '\uDBFF' } })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.note', rule: STORABLE_TEXT_RULE }) }));
  });
});

describe('storableTextInReadsPlugin', () => {
  const seen: string[] = [];
  const server = new ApolloServer({
    typeDefs: 'type Query { echo(id: ID!): String } type Mutation { save(note: String!): String }',
    resolvers: {
      Query: { echo: (_: unknown, { id }: { id: string }) => (seen.push(id), id) },
      Mutation: { save: (_: unknown, { note }: { note: string }) => (seen.push(note), 'saved') },
    },
    plugins: [storableTextInReadsPlugin()],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const run = async (query: string, variables?: Record<string, unknown>) => {
    const res = await server.executeOperation({ query, variables });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status, result: res.body.singleResult };
  };

  it('refuses a query whose variable holds a NUL before any resolver runs, naming the variable', async () => {
    const { status, result } = await run('query($id: ID!) { echo(id: $id) }', { id: 'acc-\u0000' });
    expect(status).toBe(400);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$.id', rule: STORABLE_TEXT_RULE });
    expect(seen).toEqual([]);
  });

  it('refuses an inline string literal holding a NUL (the parser itself refuses unpaired surrogate escapes)', async () => {
    const { result } = await run('{ echo(id: "a\\u0000") }');
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'a string argument' });
    expect(seen).toEqual([]);
  });

  it('lets ordinary reads through, and leaves mutations to their resolvers', async () => {
    expect((await run('query($id: ID!) { echo(id: $id) }', { id: 'acc-northwind' })).result.data).toEqual({ echo: 'acc-northwind' });
    expect((await run('mutation($n: String!) { save(note: $n) }', { n: 'a\u0000' })).result.data).toEqual({ save: 'saved' });
    expect(seen).toEqual(['acc-northwind', 'a\u0000']);
  });
});
