import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testDatabase, testDatabaseKind } from '../db/core/testing.ts';
import { runCli } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'grassroots-election-'));

/**
 * The returning officer's command line on the demo organisation: its two past
 * elections, exported and recounted by `grassroots count`, give exactly the
 * result grassroots declared.
 */
describe(`grassroots election (${testDatabaseKind})`, () => {
  let env: Record<string, string>;
  let drop = async () => {};

  before(async () => {
    if (testDatabaseKind === 'pglite') {
      env = { GRASSROOTS_DATA: join(scratch, 'data') };
    } else {
      const database = await testDatabase();
      env = { DATABASE_URL: database.url! };
      drop = () => database.close();
    }
    const demo = await runCli(['demo', '--yes', '--date', '2026-11-29'], env);
    assert.equal(demo.code, 0, demo.stderr);
  });
  after(async () => {
    await drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const json = async (args: string[]) => {
    const result = await runCli(args, env);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  test('lists the demo elections: one taking nominations, three declared', async () => {
    const list = await json(['election', 'list', '--format', 'json']);
    assert.deepEqual(
      list.map((e: { stage: string }) => e.stage),
      ['nominations', 'declared', 'declared', 'declared'],
    );
    const verifiable = await json(['election', 'show', '4', '--format', 'json']);
    assert.equal(verifiable.ballotBox, 'verifiable');
  });

  // Election 4's ballots are the trustees' decryptions of its shuffled, encrypted ballots.
  for (const [id, method, extra, atLeast] of [
    [2, 'block-vote', [], 1000],
    [3, 'fractional-droop', ['--min', 'women:2'], 1000],
    [4, 'scottish-stv', [], 20],
  ] as const) {
    test(`election ${id}'s exported ballots, recounted by \`grassroots count --method ${method}\`, give the declared result`, async () => {
      const shown = await json(['election', 'show', String(id), '--format', 'json']);
      assert.ok(shown.result, 'the election has a declared result');
      assert.ok(shown.ballots.returned > atLeast, `${shown.ballots.returned} ballots`);
      const exported = await runCli(['election', 'export', String(id), '--format', 'blt'], env);
      assert.equal(exported.code, 0, exported.stderr);
      const file = join(scratch, `election-${id}.blt`);
      writeFileSync(file, exported.stdout);
      const recount = await json([
        'count',
        file,
        '--method',
        method,
        '--format',
        'json',
        '--seed',
        shown.result.seed,
        ...extra,
      ]);
      assert.deepEqual(recount.elected, shown.result.elected);
      assert.deepEqual(
        recount.rounds.map((r: { tallies: unknown }) => r.tallies),
        shown.result.rounds.map((r: { tallies: unknown }) => r.tallies),
      );
    });
  }

  test('bad requests are one line and exit 2', async () => {
    for (const args of [
      ['election', 'show'],
      ['election', 'show', '99'],
      ['election', 'export', '1', '--format', 'blt'],
      ['election', 'export', '2'],
      ['election', 'frobnicate'],
    ]) {
      const result = await runCli(args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^grassroots: .+\n$/);
    }
  });
});
