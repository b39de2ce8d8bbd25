import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Rational } from '../arithmetic/rational.ts';
import type { Election } from '../election.ts';
import { parseBlt } from '../formats/blt.ts';
import type { CountReport } from '../report.ts';
import { countScottishStv } from './scottish-stv.ts';
import { countWigm } from './wigm.ts';

/**
 * Droop's own reference counts (test/fixtures/droop/README.md; shrunk by
 * extract.py): every candidate's votes at the start and after every transfer,
 * and the order of election. Droop breaks ties the rules leave open by its tie
 * order (the `[tie]` option, else ballot order), so the counts here use it in
 * place of a draw by lot.
 */
const dir = new URL('../test/fixtures/droop/', import.meta.url);

interface Expected {
  blt: string;
  quota: string;
  elected: string[];
  rounds: { action: string; tallies: Record<string, string> }[];
}

const rules: Record<
  string,
  { count: (e: Election, tieOrder: number[]) => CountReport; places: number; exact: boolean }
> = {
  'scotland-fixed-p5-d5': {
    count: (e, tieOrder) => countScottishStv(e, { seed: '0', tieOrder }),
    places: 5,
    exact: true,
  },
  'wigm-rational-d12': {
    count: (e, tieOrder) => countWigm(e, { seed: '0', tieOrder }, 12),
    places: 12,
    exact: false,
  },
};

/**
 * Equal at Droop's printed precision. Fixed-point values are exact, so equal.
 * Rational values: we print truncated, Droop rounds to nearest, so Droop's
 * figure is ours or ours plus one unit in the last place.
 */
function close(ours: string, droop: string, places: number, exact: boolean): boolean {
  const diff = Rational.parseDecimal(droop)!.sub(Rational.parseDecimal(ours)!);
  if (exact || diff.isZero()) return diff.isZero();
  return diff.cmp(Rational.of(1n, 10n ** BigInt(places))) === 0;
}

for (const [suffix, rule] of Object.entries(rules)) {
  const files = readdirSync(new URL('expected/', dir)).filter((f) => f.endsWith(`-${suffix}.json`));
  describe(`${suffix} matches Droop's reference counts`, () => {
    for (const file of files) {
      test(file.slice(0, -`-${suffix}.json`.length), () => {
        const expected: Expected = JSON.parse(
          readFileSync(new URL(`expected/${file}`, dir), 'utf8'),
        );
        const election = parseBlt(
          readFileSync(new URL(`blt/${expected.blt}`, dir), 'utf8'),
          expected.blt,
        );
        const tieOrder = election.tieOrder
          ? [...election.tieOrder]
          : election.candidates.map((_, i) => i);
        const report = rule.count(election, tieOrder);
        const name = (c: number) => election.candidates[c]!.name;
        assert.ok(
          close(report.quota!, expected.quota, rule.places, rule.exact),
          `quota ${report.quota} ≠ ${expected.quota}`,
        );
        // Droop records transferring a surplus of 0 (a candidate elected on exactly the
        // quota) as a round in which nothing moves; the Scottish rules and ours have no
        // surplus then (rule 48: only votes exceeding the quota), so no such stage.
        const rounds = expected.rounds.filter(
          (r) => !/^Surplus transferred: .* \(0(\.0+)?\)$/.test(r.action),
        );
        rounds.forEach((round, k) => {
          const ours = report.rounds[k];
          assert.ok(
            ours,
            `round ${k + 1} (${round.action}) missing: we stopped after ${report.rounds.length}`,
          );
          for (const [candidate, votes] of Object.entries(round.tallies)) {
            const c = election.candidates.findIndex((x) => x.name === candidate.trim());
            assert.ok(
              close(ours.tallies[c]!, votes, rule.places, rule.exact),
              `round ${k + 1} (${round.action}), ${candidate}: ${ours.tallies[c]} ≠ ${votes}`,
            );
          }
        });
        // Order of election. Droop lists candidates declared together at the last stage
        // in ballot order (we list them by votes, the official order checked on the 2017
        // wards), and candidates elected at one stage on equal votes in its own order
        // without a draw (we draw): within those groups, compare as sets.
        const last = report.rounds.length;
        const group = (c: number) => {
          const r = report.rounds.findIndex((x) => x.elected.includes(c)) + 1;
          return r === last ? 'last stage' : `stage ${r}, ${report.rounds[r - 1]!.tallies[c]}`;
        };
        const index = (n: string) => election.candidates.findIndex((x) => x.name === n.trim());
        assert.deepEqual(
          new Set(report.elected.map(name)),
          new Set(expected.elected.map((n) => n.trim())),
          'elected',
        );
        assert.deepEqual(
          expected.elected.map((n) => group(index(n))),
          report.elected.map(group),
          'order of election',
        );
      });
    }
  });
}
