/**
 * `npm test`: the whole suite on PGlite, then every database test again on a
 * throwaway PostgreSQL cluster that this script creates in a temporary folder,
 * starts on 127.0.0.1 on a free port, and removes afterwards.
 *
 * - Test files are `src/**\/*.test.ts`. Those named `*.db.test.ts` or
 *   `*.e2e.test.ts` use a database and run on both.
 * - With CI=true a missing PostgreSQL server is a failure, not a skip.
 * - A run that finds or runs no tests fails.
 *
 * Usage: npm test [-- FILTER...]   (FILTER: substrings of test file paths)
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/core/database.ts';
import { migrate } from '../src/db/core/migrate.ts';
import { templateDatabase } from '../src/db/core/testing.ts';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';

const all = findTests(join(root, 'src')).filter(
  (f) => filters.length === 0 || filters.some((s) => f.includes(s)),
);
const usesDatabase = (f: string) => /\.(db|e2e)\.test\.ts$/.test(f);
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedPasses = 0;

try {
  if (all.length === 0) fail('no test files found');

  // Pass 1: everything, on PGlite.
  const pgliteTemplate = join(scratch, 'pglite-template.tar');
  await preparePGliteTemplate(pgliteTemplate);
  await runPass('PGlite', all, {
    GRASSROOTS_TEST_DB: 'pglite',
    GRASSROOTS_TEST_PGLITE_TEMPLATE: pgliteTemplate,
  });

  // Pass 2: the database tests, on PostgreSQL.
  const dbTests = all.filter(usesDatabase);
  const bin = findPostgres();
  if (dbTests.length === 0) {
    console.log('\nNo database tests selected: PostgreSQL pass not needed.');
  } else if (!bin) {
    const message =
      'PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin';
    if (ci)
      fail(`${message}; with CI=true the PostgreSQL run is required (apt-get install postgresql)`);
    console.log(`\nSKIPPED the PostgreSQL pass: ${message}. Install PostgreSQL 14+ to run it.`);
  } else {
    const cluster = await startCluster(bin, join(scratch, 'pg'));
    try {
      await preparePostgresTemplate(cluster.url);
      await runPass(`PostgreSQL ${cluster.version}`, dbTests, {
        GRASSROOTS_TEST_DB: 'postgres',
        GRASSROOTS_TEST_PG_URL: cluster.url,
      });
    } finally {
      cluster.stop();
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const ran = totals.passed + totals.failed;
console.log(
  `\nBoth databases: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
);
if (ran === 0) fail('no tests ran');
process.exit(totals.failed > 0 || failedPasses > 0 ? 1 : 0);

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'fixtures')
      found.push(...findTests(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found.sort();
}

async function runPass(label: string, files: string[], env: Record<string, string>) {
  console.log(`\n=== ${label}: ${files.length} test file(s) ===\n`);
  const tap = join(scratch, `${label.replace(/\W+/g, '-')}.tap`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
    );
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name: string) =>
    Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (code !== 0) failedPasses++;
  console.log(`\n${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (passed + failed === 0) fail(`${label}: no tests ran`);
}

async function preparePGliteTemplate(path: string) {
  const database = await openDatabase({ kind: 'pglite' });
  await migrate(database.db);
  const blob = await database.dump!();
  writeFileSync(path, new Uint8Array(await blob.arrayBuffer()));
  await database.close();
}

async function preparePostgresTemplate(serverUrl: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${templateDatabase}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrate(database.db);
  await database.close();
}

function findPostgres(): string | undefined {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const candidates = (process.env.PATH ?? '').split(':').filter(Boolean);
  const lib = '/usr/lib/postgresql';
  if (existsSync(lib)) {
    const versions = readdirSync(lib).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(lib, v, 'bin')));
  }
  return candidates.find(has);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb + pg_ctl start in a folder of our own. PostgreSQL refuses to run as
 * root, so as root the cluster belongs to the `postgres` user (made by Debian's
 * package) and the commands run through runuser.
 */
async function startCluster(bin: string, dir: string) {
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:', scratch]);
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const version = run('pg_ctl', ['--version']).match(/\d+(\.\d+)?/)?.[0] ?? '?';
  const data = join(dir, 'data');
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', [
    '-D',
    data,
    '-o',
    options,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  console.log(`\nStarted PostgreSQL ${version} on 127.0.0.1:${port} in ${dir}`);
  return {
    version,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        console.error(`could not stop the test PostgreSQL cluster: ${(error as Error).message}`);
      }
    },
  };
}

function fail(message: string): never {
  console.error(`\nnpm test: ${message}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}
