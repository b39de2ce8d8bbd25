import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The command line contract of issue 4, run as other tools run it: a separate
 * process (src/count never imports the CLI layer).
 */
const bin = fileURLToPath(new URL('../../bin/grassroots', import.meta.url));
const fixture = fileURLToPath(
  new URL('./test/fixtures/scotland-2017/aberdeen-ward1.blt', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'grassroots-count-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'count', ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('grassroots count', { concurrency: true }, () => {
  test('prints elected names and every round’s tallies as JSON', async () => {
    const { code, stdout, stderr } = await run(
      fixture,
      '--method',
      'scottish-stv',
      '--format',
      'json',
      '--seed',
      '42',
    );
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    assert.deepEqual(out.elected, [
      'Avril MACKENZIE (Con)',
      'Neil MACGREGOR (SNP)',
      'Barney CROCKETT (Lab)',
      'Gill SAMARAI (SNP)',
    ]);
    assert.equal(out.rounds.length, 6);
    assert.equal(out.rounds[1].tallies['Barney CROCKETT (Lab)'], '806.07214');
    assert.equal(out.seed, '42');
  });

  test('takes --seats over the header and prints text with the seed', async () => {
    const { code, stdout } = await run(
      fixture,
      '--method',
      'block-vote',
      '--seats',
      '3',
      '--seed',
      'abc',
    );
    assert.equal(code, 0);
    assert.match(stdout, /Seats: 3/);
    assert.match(stdout, /--seed abc/);
  });

  test('prints CSV with one row per round', async () => {
    const { code, stdout } = await run(
      fixture,
      '--method',
      'scottish-stv',
      '--format',
      'csv',
      '--seed',
      '1',
    );
    assert.equal(code, 0);
    assert.equal(stdout.trimEnd().split('\r\n').length, 7);
  });

  test('applies --min GROUP:M', async () => {
    const file = write('min.blt', '3 2\n5 1 0\n4 2 0\n3 3 0\n0\n"A"\n"B"\n"C" women\n"T"\n');
    const { stdout } = await run(
      file,
      '--method',
      'block-vote',
      '--min',
      'women:1',
      '--format',
      'json',
      '--seed',
      '1',
    );
    assert.deepEqual(JSON.parse(stdout).elected, ['A', 'C']);
  });

  test('counts again without a withdrawn candidate (countback)', async () => {
    const args = [fixture, '--method', 'scottish-stv', '--format', 'json', '--seed', '1'];
    const { stdout } = await run(...args, '--withdraw', 'Avril MACKENZIE (Con)');
    const out = JSON.parse(stdout);
    assert.ok(!out.elected.includes('Avril MACKENZIE (Con)'));
    assert.equal(out.rounds[0].tallies['Avril MACKENZIE (Con)'], undefined);
  });

  test('reads CSV ballots by their extension', async () => {
    const file = write('b.csv', 'weight,1,2\n5,A,B\n4,B,\n3,C,A\n');
    const { stdout } = await run(file, '--method', 'irv', '--format', 'json', '--seed', '1');
    assert.deepEqual(JSON.parse(stdout).elected, ['A']);
  });

  // Formats, readers and rules are loaded only when a count asks for them: each path once.
  test('prints a self-contained HTML page', async () => {
    const { code, stdout } = await run(fixture, '--method', 'fractional-droop', '--format', 'html');
    assert.equal(code, 0);
    assert.match(stdout, /^<!doctype html>/i);
    assert.match(stdout, /Barney CROCKETT \(Lab\)/);
  });

  test('reads JSON ballots by their extension', async () => {
    const file = write(
      'b.json',
      '{"seats": 1, "candidates": ["A", "B"], "ballots": [["A"], ["B", "A"], ["A"]]}',
    );
    const { stdout } = await run(file, '--method', 'fptp', '--format', 'json', '--seed', '1');
    assert.deepEqual(JSON.parse(stdout).elected, ['A']);
  });

  test("runs an RCTab config and prints RCTab's report", async () => {
    const config = fileURLToPath(
      new URL(
        './test/fixtures/rctab/test_data/2013_minneapolis_park/2013_minneapolis_park_config.json',
        import.meta.url,
      ),
    );
    const { code, stdout } = await run('--rctab', config, '--format', 'json');
    assert.equal(code, 0);
    assert.ok(JSON.parse(stdout).results.length > 1);
  });

  const bad: [string, () => string[], RegExp][] = [
    [
      'a BLT line that does not parse',
      () => [write('bad.blt', '2 1\n1 1 x 0\n0\n"A"\n"B"\n'), '--method', 'fptp'],
      /bad\.blt:2: "x" is not a candidate number or nickname$/,
    ],
    [
      'a ranking naming a candidate who does not exist',
      () => [write('ghost.blt', '2 1\n1 3 0\n0\n"A"\n"B"\n'), '--method', 'fptp'],
      /ghost\.blt:2: candidate 3 does not exist/,
    ],
    [
      'more seats than candidates',
      () => [write('seats.blt', '2 3\n1 1 0\n0\n"A"\n"B"\n'), '--method', 'fptp'],
      /seats\.blt:1: 3 seats to fill but only 2 candidates standing$/,
    ],
    [
      'an unreadable file',
      () => [join(dir, 'missing.blt'), '--method', 'fptp'],
      /missing\.blt: no such file$/,
    ],
    ['an unknown method', () => [fixture, '--method', 'nope'], /unknown method 'nope'/],
    ['a bad --min', () => [fixture, '--method', 'fptp', '--min', 'women'], /--min must be GROUP:M/],
  ];
  for (const [what, args, message] of bad) {
    test(`exits 2 with one line and no result for ${what}`, async () => {
      const { code, stdout, stderr } = await run(...args());
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
      assert.match(stderr.trimEnd(), message);
    });
  }
});
