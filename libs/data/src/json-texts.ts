/**
 * Many JSON documents (each already valid JSON text, such as `JSON.stringify`'s output) as one
 * parameter: joined into one JSON array for `json_array_elements($n::json)`, which gives back each
 * element's exact text (`::text`; `json` keeps its input as written). The outbox stores its events
 * this way: as a `text[]` parameter, pg escaped every quote and backslash of every event in
 * JavaScript (its `escapeElement`, several % of a service's CPU in the pipeline benchmark). Here
 * nothing is escaped and PostgreSQL reads the array once, in C; a text that is not JSON fails the
 * whole statement. (Rows whose documents need not keep their text go in as one
 * `jsonb_populate_recordset` parameter instead, as the services' repositories do.)
 */
export function jsonArrayOfTexts(texts: readonly string[]): string {
  return `[${texts.join(',')}]`;
}
