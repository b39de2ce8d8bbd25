import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { CountInputError } from '../errors.ts';
import { parseBlt, readBlt, readBltChunks } from './blt.ts';

const sample = `4 2
-4
3 1 2 0
2 2=3 1 0
1.5 3 0
3 1 2 0
0
"Anna Smith" women
"Bo Jones"
"Cy Patel" women, bame
"Di Withdrawn"
"Branch committee"
`;

describe('BLT', () => {
  test('reads header, withdrawn candidates, names, groups and title', () => {
    const e = parseBlt(sample);
    assert.equal(e.seats, 2);
    assert.equal(e.title, 'Branch committee');
    assert.deepEqual(
      e.candidates.map((c) => [c.name, c.groups, c.withdrawn]),
      [
        ['Anna Smith', ['women'], false],
        ['Bo Jones', [], false],
        ['Cy Patel', ['women', 'bame'], false],
        ['Di Withdrawn', [], true],
      ],
    );
  });

  test('merges identical ballots and keeps weights and equal preferences exactly', () => {
    const e = parseBlt(sample);
    assert.deepEqual(
      e.ballots.map((b) => [b.weight.toString(), b.ranking]),
      [
        ['6', [[0], [1]]],
        ['2', [[1, 2], [0]]],
        ['3/2', [[2]]],
      ],
    );
  });

  test('reads Droop nicknames, [withdrawn] and names on one line', () => {
    const e = parseBlt('3 1\n[nick a b c]\n[withdrawn b]\n2 a b=c 0\n0\n"A" "B" "C" "T"\n');
    assert.deepEqual(e.ballots[0]?.ranking, [[0], [1, 2]]);
    assert.equal(e.candidates[1]?.withdrawn, true);
    assert.equal(e.title, 'T');
  });

  test('ignores comments and counts a repeated mark at its first preference only', () => {
    const e = parseBlt('2 1 # header\n1 1 2 1 0\n0\n"A #1"\n"B"\n');
    assert.deepEqual(e.ballots[0]?.ranking, [[0], [1]]);
    assert.equal(e.candidates[0]?.name, 'A #1');
  });

  const bad: [string, string, string][] = [
    ['', 'x.blt:1: the file is empty: expected the header "CANDIDATES SEATS"', 'an empty file'],
    [
      '3\n',
      'x.blt:1: expected the header "CANDIDATES SEATS" (two whole numbers), got "3"',
      'a short header',
    ],
    [
      '2 1\n1 1 3 0\n',
      'x.blt:2: candidate 3 does not exist (candidates are 1 to 2)',
      'an unknown candidate',
    ],
    ['2 1\n1 1 2\n', 'x.blt:2: a ballot line must end with 0', 'a ballot without its 0'],
    [
      '2 1\nx 1 0\n',
      'x.blt:2: expected a ballot "WEIGHT PREFERENCES... 0", but "x" is not a weight',
      'a bad weight',
    ],
    [
      '2 1\n-3\n',
      'x.blt:2: withdrawn candidate 3 does not exist (candidates are 1 to 2)',
      'a bad withdrawal',
    ],
    [
      '2 1\n1 1 0\n0\n"A"\n',
      'x.blt:4: the header says 2 candidates but 1 names follow the ballots',
      'missing names',
    ],
    [
      '2 1\n1 1 0\n',
      'x.blt:2: the file ended inside the ballots: expected a line "0" and then the candidate names',
      'no end of ballots',
    ],
    [
      '2 1\n0\nA\n',
      'x.blt:3: expected a candidate name or title in double quotes, got "A"',
      'an unquoted name',
    ],
  ];
  for (const [text, message, what] of bad) {
    test(`says which line is wrong for ${what}`, () => {
      assert.throws(
        () => parseBlt(text, 'x.blt'),
        (e: unknown) => e instanceof CountInputError && e.message === message,
      );
    });
  }

  test('streams line by line with progress', async () => {
    const lines = Readable.from(sample.split('\n'));
    const e = await readBlt(lines, 'stream.blt');
    assert.equal(e.ballots.length, 3);
  });
});

describe('BLT from chunks', () => {
  test('reads lines split across chunks and repeated rankings exactly', async () => {
    const text =
      '3 1\n2 1 2 0\n1 3 0\n5 1 2 0\n9007199254740000 1 2 0\n1 1 2 1 0\n0\n"A"\n"B"\n"C"\n"T"';
    const chunks = async function* () {
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    };
    const e = await readBltChunks(chunks(), 'chunks.blt');
    const whole = parseBlt(text);
    assert.deepEqual(
      e.ballots.map((b) => [b.weight.toString(), b.ranking]),
      [
        ['9007199254740008', [[0], [1]]],
        ['1', [[2]]],
      ],
    );
    assert.deepEqual(
      whole.ballots.map((b) => [b.weight.toString(), b.ranking]),
      e.ballots.map((b) => [b.weight.toString(), b.ranking]),
    );
  });

  // The fast path (plain ballots read as bytes) and the full parser (every line
  // as text, `readBlt`) must read any file alike.
  const mixed =
    '4 2\r\n# a comment\n-4\n3 1 2 0\n2 2=3 1 0\r\n1.5 3 0\n1 1 2 1 0\n2 1 2 0 # note\n' +
    '0 3 1 0\n 4 2 0\n4  2 0\n7 2 0\n1 0\n0\n"A" women\n"B"\n"Zoë Ó Dálaigh"\n"D"\n"Title"';
  const fields = (e: {
    ballots: readonly { weight: { toString(): string }; ranking: unknown }[];
  }) => e.ballots.map((b) => [b.weight.toString(), b.ranking]);

  test('reads plain ballots as bytes exactly as the full parser reads every line', async () => {
    const byLines = await readBlt(Readable.from(mixed.split(/\r?\n/)), 'm.blt');
    assert.deepEqual(fields(parseBlt(mixed)), fields(byLines));
    assert.deepEqual(fields(byLines), [
      ['6', [[0], [1]]], // 3 + 1 (the repeated 1 counts once) + 2
      ['2', [[1, 2], [0]]],
      ['3/2', [[2]]],
      ['15', [[1]]], // 4 + 4 + 7, however spaced
      ['1', []],
    ]);
    const bytes = new TextEncoder().encode(mixed);
    for (const size of [1, 2, 3, 5, 64]) {
      const chunks = async function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      };
      const e = await readBltChunks(chunks(), 'm.blt');
      assert.deepEqual(fields(e), fields(byLines), `${size}`);
      // A name's UTF-8 bytes split across chunks still read as the name.
      assert.equal(e.candidates[2]?.name, 'Zoë Ó Dálaigh');
    }
  });

  test('sums whole-number weights exactly beyond 2^53', () => {
    const lines = Array.from({ length: 20 }, () => '999999999999999 1 0\n').join('');
    const e = parseBlt(`1 1\n${lines}0\n"A"\n`);
    assert.equal(e.ballots[0]?.weight.toString(), '19999999999999980');
  });

  test('sends a ballot not ending in a single 0 to the full parser and its error', () => {
    assert.throws(() => parseBlt('2 1\n1 1 2 0\n1 1 2 00\n0\n"A"\n"B"\n', 'z.blt'), {
      message: 'z.blt:3: a ballot line must end with 0',
    });
  });

  test('reports the line of a bad ballot even after good ones', async () => {
    const chunks = async function* () {
      yield '2 1\n1 1 2 0\n1 1 2 0\n1 1 3 0\n';
    };
    await assert.rejects(readBltChunks(chunks(), 'c.blt'), {
      message: 'c.blt:4: candidate 3 does not exist (candidates are 1 to 2)',
    });
  });
});
