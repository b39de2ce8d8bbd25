import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The import rules of docs/architecture.md are checked by dependency-cruiser in
 * `npm run lint` (.dependency-cruiser.cjs). These tests prove the check can
 * fail: each builds a small tree with one deliberate breach and runs the real
 * checker on it with the project's own configuration.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-import-rules-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let trees = 0;
/** Writes the files into a fresh tree beside the project's config and checks it. */
function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = join(scratch, String(trees++));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const name of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json'])
    copyFileSync(join(root, name), join(dir, name));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd: dir, env: { ...process.env, NODE_PATH: join(root, 'node_modules') } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('the import rules (npm run lint)', () => {
  test('fail when the counting engine imports the database layer, naming the rule', async () => {
    const { code, output } = await check({
      'src/db/core/database.ts': 'export const openDatabase = () => 1;\n',
      'src/count/outward.ts':
        "import { openDatabase } from '../db/core/database.ts';\nexport const x = openDatabase();\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(
      output,
      /error layer-count: src\/count\/outward\.ts → src\/db\/core\/database\.ts/,
    );
  });

  test('fail when the database layer imports the web layer', async () => {
    const { code, output } = await check({
      'src/web/shell/render.tsx': 'export const render = () => 1;\n',
      'src/db/ballots/voting.ts':
        "import { render } from '../../web/shell/render.tsx';\nexport const x = render();\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(
      output,
      /error layer-db: src\/db\/ballots\/voting\.ts → src\/web\/shell\/render\.tsx/,
    );
  });

  test('fail when a domain reaches past another domain’s public entry', async () => {
    const { code, output } = await check({
      'src/db/elections/steps.ts': 'export const freezeRoll = () => 1;\n',
      'src/db/elections/index.ts': "export { freezeRoll } from './steps.ts';\n",
      'src/db/ballots/voting.ts':
        "import { freezeRoll } from '../elections/steps.ts';\nexport const x = freezeRoll();\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /error domain-public-entry: src\/db\/ballots\/voting\.ts/);
  });

  test('fail when the counting engine uses a node: module', async () => {
    const { code, output } = await check({
      'src/count/reader.ts':
        "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p);\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /error count-runs-in-a-browser: src\/count\/reader\.ts → fs/);
  });

  test('fail when a page imports kysely to write its own SQL, naming the rule', async () => {
    const { code, output } = await check({
      'src/web/roll/admin.tsx':
        "import { sql } from 'kysely';\nexport const branches = sql`select name from branches`;\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /error no-sql-in-web: src\/web\/roll\/admin\.tsx → [^\n]*kysely/);
  });

  test('pass for a web test that queries the database to check what a page did', async () => {
    const { code, output } = await check({
      'src/web/roll/admin.db.test.ts':
        "import { sql } from 'kysely';\nexport const branches = sql`select name from branches`;\n",
    });
    assert.equal(code, 0, output);
  });

  test('fail when a core leaf uses a node: module', async () => {
    const { code, output } = await check({
      'src/core/csv.ts':
        "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p);\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /error core-runs-anywhere: src\/core\/csv\.ts → fs/);
  });

  test('fail when the database layer imports the mailer, but pass for an email template', async () => {
    const { code, output } = await check({
      'src/mail/mailer.ts': 'export const send = () => 1;\n',
      'src/mail/templates/index.ts': 'export const wording = () => 1;\n',
      'src/db/ballots/invitations.ts':
        "import { send } from '../../mail/mailer.ts';\nimport { wording } from '../../mail/templates/index.ts';\nexport const x = [send(), wording()];\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(
      output,
      /error layer-db: src\/db\/ballots\/invitations\.ts → src\/mail\/mailer\.ts/,
    );
    assert.doesNotMatch(output, /templates\/index\.ts/);
  });

  test('fail when an email template reaches the database layer or a node: module', async () => {
    const { code, output } = await check({
      'src/db/core/database.ts': 'export const openDatabase = () => 1;\n',
      'src/mail/templates/invitation.ts':
        "import { openDatabase } from '../../db/core/database.ts';\nimport { readFileSync } from 'node:fs';\nexport const x = [openDatabase(), readFileSync];\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(
      output,
      /error layer-mail-templates: src\/mail\/templates\/invitation\.ts → src\/db\/core\/database\.ts/,
    );
    assert.match(
      output,
      /error mail-templates-are-pure: src\/mail\/templates\/invitation\.ts → fs/,
    );
  });

  test('pass for the same domains joined through the public entry', async () => {
    const { code, output } = await check({
      'src/db/elections/steps.ts': 'export const freezeRoll = () => 1;\n',
      'src/db/elections/index.ts': "export { freezeRoll } from './steps.ts';\n",
      'src/db/ballots/voting.ts':
        "import { freezeRoll } from '../elections/index.ts';\nexport const x = freezeRoll();\n",
    });
    assert.equal(code, 0, output);
    assert.match(output, /no dependency violations found/);
  });
});
