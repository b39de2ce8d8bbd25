import { type CsvValue, writeCsv } from '../../core/csv.ts';
import type { PageContext } from './context.ts';

/**
 * A CSV file as a download: a header row, then the rows, written by the one
 * CSV writer (src/core/csv.ts), which neutralises cells that begin like a
 * spreadsheet formula. Rows end in LF, as these downloads always have.
 */
export function csvDownload(c: PageContext, filename: string, rows: CsvValue[][]) {
  c.header('content-disposition', `attachment; filename="${filename}"`);
  return c.body(writeCsv(rows, { lineEnd: '\n' }), 200, {
    'content-type': 'text/csv; charset=utf-8',
  });
}
