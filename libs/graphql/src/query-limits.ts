import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Query limits for the public endpoint: a query deeper than `maxDepth` or selecting more than
 * `maxFields` fields in total (fragments expanded, aliases counted) is refused before it executes,
 * with code QUERY_TOO_COMPLEX naming the limit.
 */
export interface QueryLimits {
  maxDepth: number;
  maxFields: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxFields: 600 };

export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    return {
      OperationDefinition(node) {
        let fields = 0;
        let deepest = 0;
        const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): void => {
          for (const selection of set.selections) {
            if (selection.kind === Kind.FIELD) {
              if (selection.name.value.startsWith('__')) continue;
              fields++;
              deepest = Math.max(deepest, depth);
              if (selection.selectionSet) walk(selection.selectionSet, depth + 1, seen);
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              walk(selection.selectionSet, depth, seen);
            } else {
              const name = selection.name.value;
              const fragment = fragments.get(name);
              if (fragment && !seen.has(name)) walk(fragment.selectionSet, depth, new Set([...seen, name]));
            }
          }
        };
        walk(node.selectionSet, 1, new Set());
        if (deepest > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${deepest} exceeds the limit of ${limits.maxDepth}`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'QUERY_TOO_COMPLEX', rule: `depth ≤ ${limits.maxDepth}` },
            }),
          );
        }
        if (fields > limits.maxFields) {
          context.reportError(
            new GraphQLError(`query selects ${fields} fields, over the limit of ${limits.maxFields}`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'QUERY_TOO_COMPLEX', rule: `fields ≤ ${limits.maxFields}` },
            }),
          );
        }
      },
    };
  };
}
