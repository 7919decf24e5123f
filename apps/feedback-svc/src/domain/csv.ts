/**
 * RFC 4180 CSV: records end with CRLF; a field is quoted when it holds a comma, a double quote, CR
 * or LF, and a double quote inside a quoted field is doubled. Null is an empty field.
 *
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed
 * with a single quote (the OWASP "CSV injection" advice): labels come from CRM and ops data.
 * Numbers are written as they are.
 */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header row, then one record per row; every record (the last too) ends with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
