import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Rational } from '../arithmetic/rational.ts';
import { parseBlt } from '../formats/blt.ts';
import { countScottishStv } from './scottish-stv.ts';

/**
 * The official stage-by-stage results of the 2017 Scottish council elections
 * (test/fixtures/scotland-2017/README.md): every stage's tallies to 5 decimal
 * places, who was elected and excluded at each stage, and the order of election.
 */
const dir = new URL('../test/fixtures/scotland-2017/', import.meta.url);
const wards = readdirSync(dir)
  .filter((f) => f.endsWith('.blt'))
  .map((f) => f.slice(0, -'.blt'.length))
  .sort();

interface ExpectedStage {
  stage: number;
  tallies: Record<string, string>;
  non_transferable: string;
  elected: string[];
  excluded: string[];
}

/** Reads the official JSON keeping every number as its exact decimal text. */
function readExpected(ward: string): {
  seats: string;
  quota: string;
  elected: string[];
  stages: ExpectedStage[];
} {
  const text = readFileSync(new URL(`${ward}.expected.json`, dir), 'utf8');
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d+(?:\.\d+)?)(?=\s*[,}\]])/g, '$1"$2"'));
}

const same = (a: string, b: string) =>
  Rational.parseDecimal(a)?.cmp(Rational.parseDecimal(b)!) === 0;

describe('scottish-stv reproduces the official 2017 counts', () => {
  test('the suite has all 47 wards', () => assert.equal(wards.length, 47));

  for (const ward of wards) {
    test(ward, () => {
      const expected = readExpected(ward);
      const election = parseBlt(readFileSync(new URL(`${ward}.blt`, dir), 'utf8'), `${ward}.blt`);
      const report = countScottishStv(election, { seed: '1' });
      const name = (c: number) => election.candidates[c]!.name;
      assert.ok(same(report.quota!, expected.quota), `quota ${report.quota} ≠ ${expected.quota}`);
      assert.equal(report.rounds.length, expected.stages.length, 'number of stages');
      expected.stages.forEach((stage, k) => {
        const round = report.rounds[k]!;
        for (const [candidate, votes] of Object.entries(stage.tallies)) {
          const c = election.candidates.findIndex((x) => x.name === candidate);
          assert.ok(c >= 0, `unknown candidate ${candidate}`);
          assert.ok(
            same(round.tallies[c]!, votes),
            `stage ${stage.stage}, ${candidate}: ${round.tallies[c]} ≠ ${votes}`,
          );
        }
        assert.ok(
          same(round.exhausted, stage.non_transferable),
          `stage ${stage.stage} non-transferable`,
        );
        assert.deepEqual(
          round.elected.map(name).sort(),
          [...stage.elected].sort(),
          `stage ${stage.stage} elected`,
        );
        assert.deepEqual(round.excluded.map(name), stage.excluded, `stage ${stage.stage} excluded`);
      });
      assert.deepEqual(report.elected.map(name), expected.elected, 'order of election');
      assert.deepEqual(
        report.tieBreaks.filter((t) => t.by === 'lot'),
        [],
        'no draw by lot',
      );
    });
  }
});
