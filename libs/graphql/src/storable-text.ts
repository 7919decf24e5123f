import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, visit } from 'graphql';
import { badUserInput } from './errors';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and jsonb refuses an unpaired UTF-16 surrogate —
 * both of which a JavaScript string, and so a GraphQL argument, can hold. Input holding either is
 * refused up front, naming the field, instead of failing a statement with an internal error.
 * (Found by the GraphQL input fuzzing: every subgraph answered INTERNAL_SERVER_ERROR before.)
 */
export const STORABLE_TEXT_RULE = 'must not contain a NUL character (U+0000) or an unpaired UTF-16 surrogate';

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/** The dotted path (below `root`) of the first string in `value` PostgreSQL cannot store, or null. */
export function unstorableTextField(value: unknown, root = ''): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : root;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const field = unstorableTextField(child, root ? `${root}.${key}` : key);
    if (field !== null) return field;
  }
  return null;
}

/** For a mutation's resolver: refuses arguments holding text PostgreSQL cannot store (BAD_USER_INPUT naming the field) before any write. */
export function requireStorableText(args: object): void {
  const field = unstorableTextField(args);
  if (field !== null) throw badUserInput([{ field, rule: STORABLE_TEXT_RULE }]);
}

/**
 * Every subgraph's reads (queries, including the gateway's `_entities`): a variable or an inline
 * string that PostgreSQL could not compare with is refused before any resolver runs (an id with a NUL
 * would otherwise fail its SELECT with an internal error). Mutations check in their resolvers
 * (`requireStorableText`), so a batch mutation can refuse one item and keep the rest.
 */
export function storableTextInReadsPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation || operation.operation !== 'query') return;
          let field = unstorableTextField(request.variables ?? {}, '$');
          if (field === null) {
            visit(operation, {
              [Kind.STRING]: (node) => {
                if (field === null && !isStorableText(node.value)) field = 'a string argument';
              },
            });
          }
          if (field !== null) {
            const refusal = badUserInput([{ field, rule: STORABLE_TEXT_RULE }]);
            throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
          }
        },
      };
    },
  };
}
