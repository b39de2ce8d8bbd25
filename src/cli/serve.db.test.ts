import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../db/core/database.ts';
import { knownMigrations } from '../db/core/migrate.ts';
import { testDatabase, testDatabaseKind } from '../db/core/testing.ts';
import { freePort } from '../server/testing.ts';
import { finished, isOneClearLine, killStarted, runCli, startCli } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'grassroots-serve-'));
after(() => {
  killStarted();
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * The server as `npm start` runs it, in its own process: on a data folder
 * (PGlite pass) or on a database of the test server (PostgreSQL pass).
 */
async function databaseEnv(): Promise<{
  env: Record<string, string>;
  count(): Promise<number>;
  drop(): Promise<void>;
}> {
  if (testDatabaseKind === 'pglite') {
    const dir = mkdtempSync(join(scratch, 'data-'));
    return {
      env: { GRASSROOTS_DATA: dir },
      async count() {
        const database = await openDatabase({ kind: 'pglite', dataDir: dir });
        try {
          const row = await database.db
            .selectFrom('members')
            .select((e) => e.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(row.n);
        } finally {
          await database.close();
        }
      },
      async drop() {},
    };
  }
  const database = await testDatabase();
  return {
    env: { DATABASE_URL: database.url! },
    async count() {
      const row = await database.db
        .selectFrom('members')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    drop: () => database.close(),
  };
}

describe(`grassroots serve (${testDatabaseKind})`, () => {
  test('starts, serves, stops cleanly on SIGTERM with requests in flight, and restarts on the same data', async () => {
    const target = await databaseEnv();
    try {
      if (testDatabaseKind === 'postgres') {
        // A production database is not seeded by start; the demo command fills it.
        const seeded = await runCli(
          ['demo', '--yes', '--no-history', '--members', '400', '--date', '2026-11-29'],
          target.env,
        );
        assert.equal(seeded.code, 0, seeded.stderr);
      }
      const port = await freePort();
      const first = startCli(['serve'], { ...target.env, PORT: String(port) });
      // The first start seeds the demo and its past elections: slow on a busy machine.
      await first.waitFor(/grassroots is running at http:\/\/localhost:\d+/, 240_000);
      if (testDatabaseKind === 'pglite') {
        assert.match(first.stderr(), /First start: creating the demo organisation/);
        assert.match(first.stderr(), /Sign in as the demo administrator \(admin@party\.example\)/);
        assert.match(first.stderr(), /http:\/\/localhost:\d+\/sign-in\/[A-Za-z0-9_-]{43}/);
      }
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);

      // A request in flight when SIGTERM arrives is still answered: its headers
      // are in, its body follows only after the server has begun stopping.
      const body = 'email=member%40party.example';
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      let answer = '';
      socket.on('data', (d) => {
        answer += d;
      });
      socket.write(
        `POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      await new Promise((r) => setTimeout(r, 300));
      first.process.kill('SIGTERM');
      while (!first.stdout().includes('"msg":"stopping"'))
        await new Promise((r) => setTimeout(r, 20));
      socket.write(body);
      await new Promise((resolve) => socket.once('close', resolve));
      // Refused for want of a CSRF token, but answered in full.
      assert.match(answer, /^HTTP\/1\.1 403 /);
      assert.equal(await finished(first.process), 0, first.stderr());
      const logs = first
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; reqId?: string });
      assert.ok(
        logs.some((l) => l.msg === 'stopped'),
        'the database was closed before exit',
      );
      assert.ok(logs.filter((l) => l.msg === 'request').every((l) => typeof l.reqId === 'string'));

      const members = await target.count();
      assert.ok(members >= 400, `${members} members after the first run`);

      const second = startCli(['serve'], { ...target.env, PORT: String(port) });
      await second.waitFor(/grassroots is running at/);
      assert.doesNotMatch(second.stderr(), /First start/);
      second.process.kill('SIGTERM');
      assert.equal(await finished(second.process), 0);
      assert.equal(await target.count(), members, 'the second start reused the data');
    } finally {
      await target.drop();
    }
  });

  test('migrate applies each migration once', async () => {
    const known = knownMigrations();
    const target = await databaseEnv();
    try {
      const first = await runCli(['migrate'], target.env);
      assert.equal(first.code, 0, first.stderr);
      // A test database of the PostgreSQL pass comes already migrated from the template.
      assert.match(
        first.stderr,
        testDatabaseKind === 'pglite'
          ? new RegExp(`Applied ${known.length} migration`)
          : /is up to date/,
      );
      const second = await runCli(['migrate'], target.env);
      assert.ok(
        second.stderr.includes(
          `is up to date (${known.length} migrations, latest ${known.at(-1)!.name})`,
        ),
        second.stderr,
      );
    } finally {
      await target.drop();
    }
  });

  test('a database from a newer grassroots is refused in one line', async () => {
    const target = await databaseEnv();
    try {
      assert.equal((await runCli(['migrate'], target.env)).code, 0);
      const location = target.env.DATABASE_URL
        ? ({ kind: 'postgres', url: target.env.DATABASE_URL } as const)
        : ({ kind: 'pglite', dataDir: target.env.GRASSROOTS_DATA! } as const);
      const database = await openDatabase(location);
      await database.db
        .insertInto('schema_migrations')
        .values({ name: '0099-from-the-future' })
        .execute();
      await database.close();
      for (const command of ['migrate', 'serve']) {
        const result = await runCli([command], { ...target.env, PORT: String(await freePort()) });
        assert.equal(result.code, 1, result.stderr);
        assert.ok(isOneClearLine(result.stderr), result.stderr);
        assert.match(
          result.stderr,
          /written by a newer version of grassroots .*0099-from-the-future.*upgrade grassroots/,
        );
      }
    } finally {
      await target.drop();
    }
  });
});
