import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { countRctabContest } from './contest.ts';

/**
 * RCTab's own regression cases (test/fixtures/rctab/README.md): our report's
 * `results` must equal RCTab's expected detailed report, field for field:
 * every round's tally, threshold, eliminations and elections with their
 * transfers, and the inactive ballots by reason.
 */
const root = new URL('../test/fixtures/rctab/test_data/', import.meta.url);
const cases = readdirSync(root).filter((c) => existsSync(new URL(`${c}/${c}_config.json`, root)));

describe('RCTab regression cases', () => {
  test('the suite has its 69 cases', () => assert.equal(cases.length, 69));
  for (const name of cases) test(name, () => compare(root, name));
});

/** Our report's `results` against each expected report of the case, field for field. */
function compare(root: URL, name: string): void {
  const dir = new URL(`${name}/`, root);
  const config = readFileSync(new URL(`${name}_config.json`, dir), 'utf8');
  const report = countRctabContest(
    config,
    (path) => readFileSync(new URL(path, dir)),
    `${name}_config.json`,
    (path) => readdirSync(new URL(path.endsWith('/') ? path : `${path}/`, dir)),
  );
  // A sequential contest has one expected report per seat: NAME_1_..., NAME_2_...
  const files = readdirSync(dir)
    .filter((f) => /_expected_detailed_report\.json$/.test(f))
    .sort();
  const reports = Array.isArray(report) ? report : [report];
  assert.equal(reports.length, files.length, 'one report per seat');
  files.forEach((file, k) => {
    const expected = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    assert.deepEqual(JSON.parse(JSON.stringify(reports[k]!.results)), expected.results, file);
  });
}
