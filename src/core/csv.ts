/**
 * CSV (RFC 4180): the one reader and the one writer of every CSV file
 * grassroots reads or writes (members, ballots, count reports, downloads).
 * Pure and free of `node:` modules, because the counting engine uses it and
 * also runs in a browser.
 *
 * Fields are separated by commas and quoted with double quotes (a quote inside
 * a quoted field doubled) when they hold a comma, a quote or a line break.
 *
 * **Spreadsheet formula injection** (OWASP, "CSV Injection"). Names and
 * addresses come from members, and a spreadsheet runs a cell such as
 * `=HYPERLINK("http://x")` as a formula. So the writer prefixes a single quote
 * `'` to every text cell that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return, except:
 *
 * - numbers: a cell given as a `number` or `bigint`, and a text cell that is a
 *   plain decimal number (`-2`, `+3`, `12.50000`), which a spreadsheet reads as
 *   that number and never as a formula. So a count report's columns of votes
 *   (decimal strings, a negative figure included) stay numbers.
 *
 * A cell that already begins with quotes followed by one of those characters
 * (`'=x`) gets one more, so that undoing it is exact. Our own readers of our
 * own exports (the members file, the ballots file) pass `restoreNeutralised`,
 * which takes that one quote off again: what was exported reads back as it was.
 */

/** A cell to write: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | bigint | boolean | null | undefined;

/** A row read, with the 1-based line it starts on (for error messages). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP). */
const formulaStart = /^'*[=+\-@\t\r]/;
/** A plain decimal number, which a spreadsheet reads as a number. */
const plainNumber = /^[+-]?\d+(\.\d+)?$/;
/** A cell the writer neutralised: one quote to take off. */
const neutralised = /^'+[=+\-@\t\r]/;

/**
 * One field as the writer puts it in a file: neutralised against formulas
 * (see above), then quoted when it holds a comma, a quote or a line break.
 *
 *   csvField('Bo, "B"')                 // '"Bo, ""B"""'
 *   csvField('=HYPERLINK("http://x")')  // '"\'=HYPERLINK(""http://x"")"'
 *   csvField('-2.5')                    // '-2.5'
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && formulaStart.test(text) && !plainNumber.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as CSV text, each row ended by `lineEnd`: CRLF by default (RFC 4180);
 * some of our files have always used LF and keep it.
 *
 *   writeCsv([['name', 'votes'], ['Ann', 4]])  // 'name,votes\r\nAnn,4\r\n'
 */
export function writeCsv(
  rows: readonly (readonly CsvValue[])[],
  options: { lineEnd?: '\r\n' | '\n' } = {},
): string {
  const end = options.lineEnd ?? '\r\n';
  let text = '';
  for (const row of rows) text += row.map(csvField).join(',') + end;
  return text;
}

/**
 * Rows of a CSV text. Rows end in LF, CRLF or CR; a byte order mark at the
 * start (spreadsheets write one) is skipped. The reader is lenient, as people
 * make these files by hand: a quote inside an unquoted field is kept as it is,
 * and a quoted field left open runs to the end of the text. With
 * `restoreNeutralised`, a cell the writer neutralised gets its quote back off.
 *
 *   readCsv('a,"b ""c"""\r\n1,2\n')  // [{line: 1, fields: ['a', 'b "c"']}, {line: 2, fields: ['1', '2']}]
 */
export function readCsv(text: string, options: { restoreNeutralised?: boolean } = {}): CsvRow[] {
  const restore = options.restoreNeutralised === true;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  const endField = () => {
    fields.push(restore && neutralised.test(field) ? field.slice(1) : field);
    field = '';
    wasQuoted = false;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push({ line: start, fields });
      fields = [];
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || wasQuoted || fields.length > 0) {
    endField();
    rows.push({ line: start, fields });
  }
  return rows;
}
