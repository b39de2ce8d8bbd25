/** The two commands of issue 6, verify and verifiable-demo, run as a person would (a process, not an import). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { beleniosTool } from '../crypto/testing.ts';

const bin = new URL('../../bin/grassroots', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-verify-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8' });

test('verifiable-demo writes an archive that verify passes, check by check', () => {
  const out = join(scratch, 'demo');
  const made = run(
    'verifiable-demo',
    '--kind',
    'approval',
    '--voters',
    '3',
    '--out',
    out,
    '--seed',
    'cli',
    '--trustees',
    '2',
  );
  assert.equal(made.status, 0, made.stderr);
  const checked = run('verify', out);
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /^pass {2}ballots: 3 ballots cast/m);
  assert.match(checked.stdout, /All checks passed/);

  const archive = readdirSync(out).find((f) => f.endsWith('.bel'))!;
  const bytes = readFileSync(join(out, archive));
  const text = bytes
    .toString('latin1')
    .replace(/"result":\[\[([0-9])/, (_, d: string) => `"result":[[${(Number(d) + 1) % 10}`);
  // Changing the result without fixing hashes breaks the archive itself: bad input, exit 2.
  const broken = join(scratch, 'broken.bel');
  writeFileSync(broken, Buffer.from(text, 'latin1'));
  const refused = run('verify', broken);
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.match(refused.stderr, /^grassroots: verify: .*not a valid election archive/);
});

test('bad input is one line and exit 2', () => {
  const missing = run('verify', join(scratch, 'nowhere'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^grassroots: verify: .*no such file or directory\n$/);
  const kind = run(
    'verifiable-demo',
    '--kind',
    'plurality',
    '--voters',
    '3',
    '--out',
    join(scratch, 'x'),
  );
  assert.equal(kind.status, 2);
  assert.match(kind.stderr, /^grassroots: verifiable-demo: --kind must be approval or stv\n$/);

  // archive-io.ts: a directory must hold exactly one archive to verify, and none to write into.
  const empty = join(scratch, 'empty');
  mkdirSync(empty);
  const none = run('verify', empty);
  assert.equal(none.status, 2);
  assert.equal(
    none.stderr,
    `grassroots: verify: ${empty}: expected one .bel archive in the directory, found 0\n`,
  );
  const taken = join(scratch, 'taken');
  mkdirSync(taken);
  writeFileSync(join(taken, 'earlier.bel'), '');
  const over = run('verifiable-demo', '--kind', 'approval', '--voters', '2', '--out', taken);
  assert.equal(over.status, 2);
  assert.equal(
    over.stderr
      .split('\n')
      .filter((line) => line.startsWith('grassroots:'))
      .join('\n'),
    `grassroots: verifiable-demo: ${taken} already holds an election archive; choose an empty directory`,
  );
  assert.deepEqual(readdirSync(taken), ['earlier.bel']);
});

test('verifiable-demo --kind stv shuffles, decrypts and counts; verify repeats it all', () => {
  const out = join(scratch, 'stv');
  const made = run(
    'verifiable-demo',
    '--kind',
    'stv',
    '--voters',
    '4',
    '--out',
    out,
    '--seed',
    'cli stv',
    '--seats',
    '2',
  );
  assert.equal(made.status, 0, made.stderr);
  assert.match(
    made.stdout,
    /4 ballots shuffled 2 times and decrypted; fractional-droop elects \w+, \w+/,
  );
  const checked = run('verify', out);
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);
  assert.match(
    checked.stdout,
    /^pass {2}shuffles: 2 shuffles by trustees 1, 2, every proof valid/m,
  );
  assert.match(
    checked.stdout,
    /^pass {2}count: fractional-droop count of the 4 decrypted ballots repeated/m,
  );

  const count = JSON.parse(readFileSync(join(out, 'count.json'), 'utf8')) as { elected: string[] };
  count.elected.reverse();
  writeFileSync(join(out, 'count.json'), `${JSON.stringify(count, null, 2)}\n`);
  const refused = run('verify', out);
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /^FAIL {2}count: count.json differs from a fractional-droop count/m);
});

test('verifiable-demo --trustees 3 --threshold 2 decrypts with 2 of 3; verify and belenios-tool accept it', () => {
  const out = join(scratch, 'threshold');
  const made = run(
    'verifiable-demo',
    '--kind',
    'stv',
    '--voters',
    '3',
    '--out',
    out,
    '--seed',
    'cli threshold',
    '--trustees',
    '3',
    '--threshold',
    '2',
  );
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stderr, /\(RFC-3526-2048, 3 voters, 2 of 3 trustees\)/);
  assert.match(made.stdout, /3 ballots shuffled 2 times and decrypted/);
  // Each trustee's seed and encrypted share, as belenios-tool's threshold trustees keep them.
  const files = readdirSync(out).sort();
  for (const i of [1, 2, 3])
    assert.ok(files.includes(`trustee-${i}.key`) && files.includes(`trustee-${i}.dkey`));
  assert.ok(!files.some((f) => f.endsWith('.privkey')));
  const checked = run('verify', out);
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /^pass {2}trustee keys: 3 keys .*1 threshold group/m);
  assert.match(checked.stdout, /^pass {2}partial decryptions: 2 partial decryptions/m);
  if (beleniosTool() === true) {
    const theirs = spawnSync('belenios-tool', ['election', 'verify', '--dir', out], {
      encoding: 'utf8',
    });
    assert.equal(theirs.status, 0, theirs.stderr);
  }
});

test('verifiable-demo refuses a threshold above the number of trustees, or below 1, with exit 2', () => {
  const demo = (...extra: string[]) =>
    run(
      'verifiable-demo',
      '--kind',
      'approval',
      '--voters',
      '2',
      '--out',
      join(scratch, 'no'),
      ...extra,
    );
  const above = demo('--trustees', '2', '--threshold', '3');
  assert.equal(above.status, 2);
  assert.equal(
    above.stderr,
    'grassroots: verifiable-demo: --threshold 3 is more than the 2 trustees\n',
  );
  const zero = demo('--threshold', '0');
  assert.equal(zero.status, 2);
  assert.match(
    zero.stderr,
    /^grassroots: verifiable-demo: --threshold must be a whole number from 1 to 20, got 0\n$/,
  );
});
