/**
 * The spreadsheet reader on small workbooks built here, stored and deflated,
 * so that the zip container (read by fflate, not node:zlib) is tested apart
 * from RCTab's regression cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { CountInputError } from '../errors.ts';
import { readXlsx } from './xlsx.ts';

// ECMA-376 Part 1 §18.4 (shared strings) and §18.3.1 (sheet data): one shared
// string, one inline string, a number and an escaped value, with a gap in row 2.
const sharedStrings =
  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Choice 1</t></si><si><r><t>Ann</t></r><r><t xml:space="preserve"> Lee</t></r></si></sst>';
const sheet =
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Q&amp;A</t></is></c></row>' +
  '<row r="3"><c r="A3"><v>42</v></c><c r="C3" t="s"><v>1</v></c></row>' +
  '</sheetData></worksheet>';

function workbook(level: 0 | 6): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/sharedStrings.xml': strToU8(sharedStrings),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
      'xl/media/picture.png': new Uint8Array([137, 80, 78, 71]),
    },
    { level },
  );
}

for (const [how, level] of [
  ['stored', 0],
  ['deflated', 6],
] as const) {
  test(`reads a ${how} workbook's first sheet with its shared strings`, () => {
    assert.deepEqual(readXlsx(workbook(level), 'cvr.xlsx'), [
      ['Choice 1', 'Q&A'],
      [],
      ['42', '', 'Ann Lee'],
    ]);
  });
}

test('refuses bytes that are not a zip, naming the file', () => {
  assert.throws(
    () => readXlsx(strToU8('Choice 1,Choice 2\nAnn,Bob\n'), 'cvr.xlsx'),
    (e: unknown) =>
      e instanceof CountInputError &&
      e.file === 'cvr.xlsx' &&
      /not a readable \.xlsx/.test(e.message),
  );
});

test('refuses a zip with no worksheet', () => {
  const bytes = zipSync({ 'xl/sharedStrings.xml': strToU8(sharedStrings) });
  assert.throws(() => readXlsx(bytes, 'cvr.xlsx'), /no worksheet in the spreadsheet/);
});
