import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './query-limits';

const schema = buildSchema(`
  type Query { account(id: ID!): Account }
  type Account { id: ID! name: String parent: Account contacts: [Contact!]! }
  type Contact { id: ID! name: String account: Account }
`);
const check = (query: string) => validate(schema, parse(query), [queryLimitsRule({ maxDepth: 3, maxFields: 5 })]);

describe('query limits', () => {
  it('passes a query within depth 3 and 5 fields', () => {
    expect(check(`{ account(id: "a") { id contacts { id name } } }`)).toEqual([]);
  });

  it('refuses depth 4, counting through fragments, with QUERY_TOO_COMPLEX', () => {
    const errors = check(`{ account(id: "a") { ...P } } fragment P on Account { parent { parent { id } } }`);
    expect(errors.map((e) => [e.message, e.extensions.code])).toEqual([['query depth 4 exceeds the limit of 3', 'QUERY_TOO_COMPLEX']]);
  });

  it('counts aliased fields: 6 fields > 5', () => {
    const errors = check(`{ a: account(id: "a") { id } b: account(id: "b") { id } c: account(id: "c") { id } }`);
    expect(errors.map((e) => e.message)).toEqual(['query selects 6 fields, over the limit of 5']);
  });

  it('ignores introspection meta fields in the count', () => {
    expect(check(`{ account(id: "a") { __typename id name } }`)).toEqual([]);
  });
});
