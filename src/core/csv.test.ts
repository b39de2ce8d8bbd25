import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { csvField, readCsv, writeCsv } from './csv.ts';

const fields = (text: string, options?: { restoreNeutralised?: boolean }) =>
  readCsv(text, options).map((r) => r.fields);

describe('the CSV writer', () => {
  test('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    assert.equal(csvField('Bo, "B"'), '"Bo, ""B"""');
    assert.equal(csvField('12 High Street\nLeeds'), '"12 High Street\nLeeds"');
    assert.equal(csvField('a\rb'), '"a\rb"');
    assert.equal(csvField('plain text'), 'plain text');
    assert.equal(csvField(null), '');
    assert.equal(csvField(undefined), '');
  });

  test('ends every row with CRLF (RFC 4180) unless asked for LF', () => {
    const rows = [
      ['name', 'votes'],
      ['Ann', 4],
    ];
    assert.equal(writeCsv(rows), 'name,votes\r\nAnn,4\r\n');
    assert.equal(writeCsv(rows, { lineEnd: '\n' }), 'name,votes\nAnn,4\n');
  });

  test('neutralises a cell a spreadsheet would run as a formula, with a leading quote', () => {
    assert.equal(csvField('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    assert.equal(csvField('=1+2'), "'=1+2");
    assert.equal(csvField('+44 20 7946 0000'), "'+44 20 7946 0000");
    assert.equal(csvField("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
    assert.equal(csvField('@SUM(A1:A2)'), "'@SUM(A1:A2)");
    assert.equal(csvField('\t=1'), "'\t=1");
    assert.equal(csvField('\r=1'), '"\'\r=1"');
    // Not at the start: harmless.
    assert.equal(csvField('Ann=Bo'), 'Ann=Bo');
    assert.equal(csvField('Smith-Jones'), 'Smith-Jones');
  });

  test('leaves numbers as numbers: typed numbers, and text that is a plain decimal number', () => {
    assert.equal(csvField(-3), '-3');
    assert.equal(csvField(-1e-7), '-1e-7');
    assert.equal(csvField(-12n), '-12');
    assert.equal(csvField('-2.50000'), '-2.50000');
    assert.equal(csvField('+3'), '+3');
    assert.equal(csvField('0.00001'), '0.00001');
    // A minus sign and more than a number is text: neutralised.
    assert.equal(csvField('-2 votes'), "'-2 votes");
  });

  test('gives a cell that already begins with a quote before a formula character one more', () => {
    assert.equal(csvField("'=x"), "''=x");
    assert.equal(csvField("''-1"), "'''-1");
    assert.equal(csvField("'quoted'"), "'quoted'");
  });
});

describe('the CSV reader', () => {
  test('reads quoted fields with commas, doubled quotes and line breaks', () => {
    assert.deepEqual(readCsv('a,"b, ""c"""\r\n"line\none",2\n3,\n'), [
      { line: 1, fields: ['a', 'b, "c"'] },
      { line: 2, fields: ['line\none', '2'] },
      { line: 4, fields: ['3', ''] },
    ]);
  });

  test('takes LF, CRLF and CR as row ends, and a last row without one', () => {
    assert.deepEqual(fields('a\nb\r\nc\rd'), [['a'], ['b'], ['c'], ['d']]);
  });

  test('skips a byte order mark at the start', () => {
    assert.deepEqual(fields('\uFEFFweight,1\n'), [['weight', '1']]);
  });

  test('is lenient with hand-made files: a stray quote is kept, an open quote runs to the end', () => {
    assert.deepEqual(fields('5" screen,b\n'), [['5" screen', 'b']]);
    assert.deepEqual(fields('"open,field\nstill'), [['open,field\nstill']]);
  });

  test('keeps a neutralised cell as it is unless asked to restore it', () => {
    const text = '\'=1+2,"\'=HYPERLINK(""http://x"")",\'\'=x,\'plain\n';
    assert.deepEqual(fields(text), [["'=1+2", '\'=HYPERLINK("http://x")', "''=x", "'plain"]]);
    assert.deepEqual(fields(text, { restoreNeutralised: true }), [
      ['=1+2', '=HYPERLINK("http://x")', "'=x", "'plain"],
    ]);
  });
});

describe('writing then reading', () => {
  // Rows of at least one field: an empty row and a row of one empty field are the same line.
  const cell = fc.oneof(
    fc.string(),
    fc
      .constantFrom('=', '+', '-', '@', '\t', '\r', "'", '"', ',', '\n', '\r\n', '-2.5', "'=")
      .chain((start) => fc.string().map((rest) => start + rest)),
  );
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

  test('gives back every row and field exactly, formula cells included (restoring)', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom('\r\n' as const, '\n' as const), (written, lineEnd) => {
        const read = fields(writeCsv(written, { lineEnd }), { restoreNeutralised: true });
        assert.deepEqual(read, written);
      }),
    );
  });

  test('never writes a cell that opens, once unquoted, with a formula character', () => {
    fc.assert(
      fc.property(rows, (written) => {
        for (const row of fields(writeCsv(written)))
          for (const field of row)
            assert.ok(!/^[=+\-@\t\r]/.test(field) || /^[+-]?\d+(\.\d+)?$/.test(field), field);
      }),
    );
  });
});
