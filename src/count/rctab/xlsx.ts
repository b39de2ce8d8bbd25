import { unzipSync } from 'fflate';
import { CountInputError } from '../errors.ts';

/**
 * Just enough of the Office Open XML spreadsheet format to read a cast vote
 * record export (ES&S writes one sheet of plain values): the zip container,
 * the shared strings and the first worksheet. Returns rows of cell texts,
 * `rows[r][c]` for 0-based row r and column c; empty cells are ''.
 */
export function readXlsx(bytes: Uint8Array, file: string): string[][] {
  const entries = unzip(bytes, file);
  const shared = entries.get('xl/sharedStrings.xml');
  const strings = shared
    ? [...shared.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => text(m[1]!))
    : [];
  const sheetName = [...entries.keys()]
    .filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k))
    .sort()[0];
  const sheet = sheetName === undefined ? undefined : entries.get(sheetName);
  if (sheet === undefined) throw new CountInputError('no worksheet in the spreadsheet', file);
  const rows: string[][] = [];
  // A scanner rather than one regular expression per cell: a million-row export
  // has tens of millions of cells.
  for (let at = sheet.indexOf('<row', 0); at >= 0; ) {
    const tagEnd = sheet.indexOf('>', at);
    const selfClosing = sheet.charCodeAt(tagEnd - 1) === 47;
    const rowEnd = selfClosing ? tagEnd : sheet.indexOf('</row>', tagEnd);
    const r = attribute(sheet.slice(at, tagEnd), 'r');
    const cells: string[] = [];
    for (let c = sheet.indexOf('<c', tagEnd); c >= 0 && c < rowEnd; ) {
      const cellTagEnd = sheet.indexOf('>', c);
      const attributes = sheet.slice(c + 2, cellTagEnd);
      const ref = attribute(attributes, 'r');
      const index = ref ? column(ref.replace(/\d+$/, '')) : cells.length;
      let value = '';
      let next = cellTagEnd + 1;
      if (sheet.charCodeAt(cellTagEnd - 1) !== 47) {
        const cellEnd = sheet.indexOf('</c>', cellTagEnd);
        const body = sheet.slice(cellTagEnd + 1, cellEnd);
        next = cellEnd + 4;
        const type = attribute(attributes, 't');
        if (type === 'inlineStr') value = text(body);
        else {
          const v = body.indexOf('<v>');
          if (v >= 0) {
            const raw = body.slice(v + 3, body.indexOf('</v>', v));
            value = type === 's' ? (strings[Number(raw)] ?? '') : unescapeXml(raw);
          }
        }
      }
      while (cells.length < index) cells.push('');
      cells[index] = value;
      c = sheet.indexOf('<c', next);
    }
    const row = r ? Number(r) - 1 : rows.length;
    while (rows.length < row) rows.push([]);
    rows[row] = cells;
    at = sheet.indexOf('<row', rowEnd);
  }
  return rows;
}

/** The value of `name="..."` in a tag's attributes. */
function attribute(attributes: string, name: string): string | undefined {
  const at = attributes.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  return attributes.slice(start, attributes.indexOf('"', start));
}

/** `AB` → 27 (0-based). */
function column(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The text of a shared or inline string: its <t> runs joined. */
function text(xml: string): string {
  return [...xml.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('');
}

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(
      e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });
}

/**
 * The XML entries of a zip file, by name. fflate rather than node:zlib so that
 * the counting engine also runs in a browser (issue 12: `src/count` uses no
 * `node:` module).
 */
function unzip(bytes: Uint8Array, file: string): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (entry) => entry.name.endsWith('.xml') });
  } catch (error) {
    throw new CountInputError(`not a readable .xlsx file (${(error as Error).message})`, file);
  }
  const decoder = new TextDecoder();
  return new Map(Object.entries(entries).map(([name, data]) => [name, decoder.decode(data)]));
}
