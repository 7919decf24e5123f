/**
 * Many JSON documents (each already valid JSON text, such as `JSON.stringify`'s output) as one
 * parameter: joined into one JSON array for `json_array_elements($n::json)`, which gives back each
 * element's exact text (`::text`; `json` keeps its input as written). As a `text[]` parameter, pg
 * escapes every quote and backslash of every document in JavaScript (its `escapeElement`): 4–6% of
 * a service's CPU in the pipeline benchmark (outbox events, snapshots, assignments). Here nothing
 * is escaped and PostgreSQL reads the array once, in C; a text that is not JSON fails the whole
 * statement. A null (no document) goes in as the JSON null: read it back with `jsonbOrNull`.
 */
export function jsonArrayOfTexts(texts: readonly (string | null)[]): string {
  return `[${texts.map((text) => text ?? 'null').join(',')}]`;
}

/**
 * SQL: an element of a `jsonArrayOfTexts` array (a `json` column of `json_array_elements`) as jsonb,
 * with a null (given as null) as SQL NULL rather than the JSON value null.
 */
export function jsonbOrNull(element: string): string {
  return `nullif(${element}::text, 'null')::jsonb`;
}
