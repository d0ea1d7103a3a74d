/**
 * CSV for people to open in Excel or WPS: UTF-8 with a BOM (or Excel reads it as GBK), CRLF,
 * every cell quoted. A text that begins with =, +, -, @, a tab or a carriage return would be
 * read as a formula (CSV injection, OWASP): it is written with a leading apostrophe, so it
 * opens as the text it was.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvBlob(rows: Array<Array<string | number | null | undefined>>): Blob {
  const lines = rows.map((row) => row.map(csvCell).join(','));
  return new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}
