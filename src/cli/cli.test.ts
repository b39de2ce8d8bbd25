import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isOneClearLine, runCli } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'grassroots-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('bin/grassroots', () => {
  test('lists its commands, and each command explains itself with --help', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const name of ['serve', 'migrate', 'demo']) {
      assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
      const own = await runCli([name, '--help']);
      assert.equal(own.code, 0, name);
      assert.match(own.stdout, new RegExp(`^Usage: grassroots ${name}`), name);
    }
  });

  test('an unknown command or option is a usage error, exit code 2', async () => {
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
    const option = await runCli(['migrate', '--frobnicate']);
    assert.equal(option.code, 2);
    assert.ok(isOneClearLine(option.stderr), option.stderr);
  });

  test('demo refuses to delete data without --yes', async () => {
    const result = await runCli(['demo'], { GRASSROOTS_DATA: join(scratch, 'untouched') });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--yes/);
  });
});

describe('bad configuration gives one clear line and a non-zero exit', () => {
  const expectOneLine = async (args: string[], env: Record<string, string>, pattern: RegExp) => {
    const result = await runCli(args, env);
    assert.equal(result.code, 1, result.stderr);
    assert.ok(isOneClearLine(result.stderr), `not one clear line:\n${result.stderr}`);
    assert.match(result.stderr, pattern);
    return result;
  };

  test('an unparseable DATABASE_URL', async () => {
    await expectOneLine(
      ['migrate'],
      { DATABASE_URL: 'not a url' },
      /DATABASE_URL is not a URL.*postgres:\/\//,
    );
    await expectOneLine(
      ['serve'],
      { DATABASE_URL: 'mysql://localhost/x' },
      /DATABASE_URL must start with postgres:\/\//,
    );
  });

  test('an unreachable database, without revealing its password', async () => {
    const result = await expectOneLine(
      ['migrate'],
      { DATABASE_URL: 'postgres://someone:s3cret@127.0.0.1:1/grassroots' },
      /cannot reach the database at 127\.0\.0\.1:1\/grassroots \(connection refused\)/,
    );
    assert.doesNotMatch(result.stderr, /s3cret/);
  });

  test('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expectOneLine(
        ['serve'],
        { PORT: String(port), GRASSROOTS_DATA: join(scratch, 'port') },
        new RegExp(`port ${port} is already in use; .*set PORT`),
      );
    } finally {
      blocker.close();
    }
  });

  test('an unwritable data folder', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    await expectOneLine(
      ['migrate'],
      { GRASSROOTS_DATA: join(file, 'data') },
      /cannot write to the data folder .*GRASSROOTS_DATA/,
    );
  });

  test('a bad PORT', async () => {
    await expectOneLine(['serve'], { PORT: 'eighty' }, /PORT must be a number/);
  });
});
