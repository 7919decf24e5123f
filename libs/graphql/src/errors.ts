import { GraphQLError } from 'graphql';
import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path from the argument: `signals.2.occurredAt`. */
  field: string;
  rule: string;
}

/** BAD_USER_INPUT naming every field and rule that failed; the message names the first. */
export function badUserInput(problems: FieldProblem[]): GraphQLError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new GraphQLError(`${first.field}: ${first.rule}${more}`, {
    extensions: { code: 'BAD_USER_INPUT', field: first.field, rule: first.rule, problems },
  });
}

export function notFound(what: string, id: string, field = 'id'): GraphQLError {
  return new GraphQLError(`${what} ${id} does not exist`, { extensions: { code: 'NOT_FOUND', field } });
}

/** A request that is valid but breaks a business rule (an illegal transition, a second rejection…). */
export function conflict(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...(field ? { field } : {}) } });
}

export function zodProblems(error: z.ZodError, root: string): FieldProblem[] {
  return error.issues.map((i) => ({ field: [root, ...i.path.map(String)].join('.'), rule: i.message }));
}

/** Validates a GraphQL argument with a zod schema or throws BAD_USER_INPUT naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argumentName: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badUserInput(zodProblems(result.error, argumentName));
  return result.data;
}

/** No valid identity: HTTP 401. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** A known identity that may not do this. */
export function forbidden(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...(field ? { field } : {}) } });
}
