import type { PageContext } from './context.ts';

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file as a download: a header row, then the rows. */
export function csvDownload(
  c: PageContext,
  filename: string,
  rows: (string | number | null | undefined)[][],
) {
  c.header('content-disposition', `attachment; filename="${filename}"`);
  const text = rows.map((row) => row.map(csvCell).join(',')).join('\n');
  return c.body(`${text}\n`, 200, { 'content-type': 'text/csv; charset=utf-8' });
}
