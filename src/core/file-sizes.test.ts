import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * `npm run lint` runs scripts/check-file-sizes.ts: no file in src/db or
 * src/web over 400 lines, and any other long file says at its top why it is
 * one piece. These tests run the real script on small trees, as lint does.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-file-sizes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A file of `n` lines after the given opening. */
const lines = (n: number, opening = '') => {
  const head = opening ? `${opening}\n` : '';
  const count = n - head.split('\n').length + 1;
  return head + Array.from({ length: count }, (_, i) => `export const x${i} = ${i};\n`).join('');
};

let trees = 0;
function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = join(scratch, String(trees++));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/check-file-sizes.ts'), dir],
      { cwd: root },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('the file-size check (npm run lint)', () => {
  test('fails on a page over 400 lines, naming the file and its length', async () => {
    const { code, output } = await check({
      'src/web/elections/manage.tsx': lines(401),
      'src/web/elections/election.tsx': lines(400),
    });
    assert.equal(code, 1, output);
    assert.match(output, /error file-size: src\/web\/elections\/manage\.tsx has 401 lines/);
    assert.doesNotMatch(output, /election\.tsx/);
  });

  test('fails on a long database file even when it says why it is one piece', async () => {
    const { code, output } = await check({
      'src/db/ballots/voting.ts': lines(450, '/**\n * One piece: it is all about voting.\n */'),
    });
    assert.equal(code, 1, output);
    assert.match(output, /error file-size: src\/db\/ballots\/voting\.ts has 450 lines/);
  });

  test('fails on a long file elsewhere whose opening comment gives no reason', async () => {
    const { code, output } = await check({
      'src/crypto/pedersen.ts': lines(554, '/**\n * Threshold trustees.\n */'),
    });
    assert.equal(code, 1, output);
    assert.match(
      output,
      /error file-size: src\/crypto\/pedersen\.ts has 554 lines, over 400, and its opening comment does not say why it is one piece/,
    );
  });

  test('passes a long file elsewhere that says at its top why it is one piece', async () => {
    const { code, output } = await check({
      'src/crypto/pedersen.ts': lines(
        554,
        '// Node-only: an example.\n/**\n * Threshold trustees.\n *\n * One piece: the six steps of one protocol.\n */',
      ),
    });
    assert.equal(code, 0, output);
  });

  test('a reason further down the file does not count', async () => {
    const { code, output } = await check({
      'src/count/rules/long.ts': `${lines(420, "import { x } from './x.ts';")}/** One piece: too late. */\n`,
    });
    assert.equal(code, 1, output);
    assert.match(output, /src\/count\/rules\/long\.ts has 421 lines/);
  });

  test('tests and fixtures may be long', async () => {
    const { code, output } = await check({
      'src/web/ballots/vote.db.test.ts': lines(900),
      'src/count/test/fixtures/ward.ts': lines(900),
    });
    assert.equal(code, 0, output);
  });
});
