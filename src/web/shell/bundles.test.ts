/**
 * The browser bundles reach no Node-only file of src/crypto (issue 12): those
 * files use OpenSSL through node:crypto, worker threads, the file system or
 * child processes, none of which a browser has. esbuild would refuse a `node:`
 * import outright; this also catches a file that uses Node's globals (Buffer,
 * process) or that the `#native` import map failed to swap.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { buildOptions } from './bundles.ts';

/** The Node-only files of src/crypto, each saying so in its first line. */
const nodeOnly = [
  'src/crypto/native.ts',
  'src/crypto/verify-pool.ts',
  'src/crypto/verify-worker.ts',
  'src/crypto/verify-parallel.ts',
  'src/crypto/testing.ts',
];

test('the browser bundles reach none of the Node-only files of src/crypto', async () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const { metafile } = await build({
    ...buildOptions(),
    write: false,
    minify: false,
    metafile: true,
    absWorkingDir: root,
  });
  const inputs = Object.keys(metafile.inputs);
  // Not vacuous: the bundles do hold src/crypto, with the browser's stand-in for native.ts.
  for (const file of [
    'src/crypto/verify.ts',
    'src/crypto/ballot.ts',
    'src/crypto/native.browser.ts',
  ])
    assert.ok(inputs.includes(file), `${file} should be in the bundles`);
  assert.deepEqual(
    inputs.filter((file) => nodeOnly.includes(file) || file.startsWith('node:')),
    [],
  );
});

test('the booth carries no counting rule: it reads the method catalogue, which loads rules only when asked', async () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const { metafile } = await build({
    ...buildOptions(),
    write: false,
    metafile: true,
    absWorkingDir: root,
  });
  const booth = Object.entries(metafile.outputs).find(([path]) => path.endsWith('booth.js'))!;
  // Files that gave the bundle bytes: the booth needs plaintextFor only, and the
  // rules the catalogue can load (about 40 KB) must not ride along with it.
  const used = Object.entries(booth[1].inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([file]) => file);
  assert.ok(used.includes('src/org/ballots/verifiable-ballot.ts'), used.join('\n'));
  assert.deepEqual(
    used.filter((file) => file.startsWith('src/count/')),
    [],
  );
});
