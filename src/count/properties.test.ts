import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Rational } from './arithmetic/rational.ts';
import type { Ballot, Election } from './election.ts';
import type { CountReport } from './report.ts';
import { countErs97 } from './rules/ers97.ts';
import { countFractionalDroop } from './rules/fractional-droop.ts';
import { countIrv } from './rules/irv.ts';
import { countScottishStv } from './rules/scottish-stv.ts';
import { countWigm } from './rules/wigm.ts';

/**
 * Invariants every count must keep, on random elections. Ties are made
 * impossible to matter by giving each ballot a distinct prime-ish weight spread,
 * or are checked with the same seed on both sides.
 */

const election = (maxCandidates = 6) =>
  fc
    .integer({ min: 2, max: maxCandidates })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        seats: fc.integer({ min: 1, max: n - 1 }),
        ballots: fc.array(
          fc.record({
            weight: fc.integer({ min: 1, max: 50 }),
            ranking: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), {
              minLength: 1,
              maxLength: n,
            }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
      }),
    )
    .map(
      ({ n, seats, ballots }): Election => ({
        title: 'random',
        seats,
        candidates: Array.from({ length: n }, (_, i) => ({
          name: `C${i}`,
          groups: [],
          withdrawn: false,
        })),
        ballots: ballots.map(
          (b): Ballot => ({ weight: Rational.of(b.weight), ranking: b.ranking.map((c) => [c]) }),
        ),
      }),
    );

const stvMethods: [string, (e: Election, seed: string) => CountReport][] = [
  ['scottish-stv', (e, seed) => countScottishStv(e, { seed })],
  ['fractional-droop', (e, seed) => countFractionalDroop(e, { seed })],
  ['wigm', (e, seed) => countWigm(e, { seed })],
  ['ers97', (e, seed) => countErs97(e, { seed })],
];

/** Reads `12.5` or `25/2`. */
const parse = (v: string) => {
  const [n, d] = v.split('/');
  return d === undefined ? Rational.parseDecimal(v)! : Rational.of(BigInt(n!), BigInt(d));
};
const sum = (values: readonly string[]) => values.reduce((s, v) => s.add(parse(v)), Rational.ZERO);
const noDraw = (r: CountReport) => r.tieBreaks.every((t) => t.by !== 'lot');

describe('counting invariants (fast-check)', () => {
  for (const [method, count] of stvMethods) {
    test(`${method}: votes plus exhausted equal the valid vote at every round`, () => {
      fc.assert(
        fc.property(election(), (e) => {
          const r = count(e, '1');
          const valid = Rational.parseDecimal(r.valid)!;
          for (const round of r.rounds) {
            const tallies = round.exact?.tallies ?? round.tallies;
            const exhausted = round.exact?.exhausted ?? round.exhausted;
            assert.equal(sum(tallies).add(parse(exhausted)).cmp(valid), 0);
          }
        }),
        { numRuns: 150 },
      );
    });

    test(`${method}: fills every seat with distinct candidates`, () => {
      fc.assert(
        fc.property(election(), (e) => {
          const r = count(e, '1');
          assert.equal(r.elected.length, e.seats);
          assert.equal(new Set(r.elected).size, e.seats);
        }),
        { numRuns: 150 },
      );
    });

    test(`${method}: a continuing candidate's votes never fall`, () => {
      fc.assert(
        fc.property(election(), (e) => {
          const r = count(e, '1');
          const gone = new Set<number>();
          r.rounds.forEach((round, k) => {
            if (k > 0) {
              const before = r.rounds[k - 1]!;
              round.tallies.forEach((v, c) => {
                if (gone.has(c)) return;
                assert.ok(
                  Rational.parseDecimal(v)!.cmp(Rational.parseDecimal(before.tallies[c]!)!) >= 0,
                );
              });
            }
            for (const c of [...round.elected, ...round.excluded]) gone.add(c);
          });
        }),
        { numRuns: 150 },
      );
    });

    test(`${method}: the order of the ballots never changes the result`, () => {
      fc.assert(
        fc.property(election(), fc.integer(), (e, shift) => {
          const k = Math.abs(shift) % e.ballots.length;
          const turned = {
            ...e,
            ballots: [...e.ballots.slice(k), ...e.ballots.slice(0, k)].reverse(),
          };
          const a = count(e, 's');
          const b = count(turned, 's');
          assert.deepEqual(b.elected, a.elected);
          assert.deepEqual(
            b.rounds.map((x) => x.tallies),
            a.rounds.map((x) => x.tallies),
          );
        }),
        { numRuns: 100 },
      );
    });
  }

  test('fractional-droop: renaming candidates (permuting their order) never changes who is elected', () => {
    fc.assert(
      fc.property(election(), (e) => {
        const n = e.candidates.length;
        const perm = Array.from({ length: n }, (_, i) => n - 1 - i); // candidate i becomes perm[i]
        const moved: Election = {
          ...e,
          candidates: e.candidates.map((_, j) => e.candidates[perm.indexOf(j)]!),
          ballots: e.ballots.map((b) => ({
            weight: b.weight,
            ranking: b.ranking.map((g) => g.map((c) => perm[c]!)),
          })),
        };
        const a = countFractionalDroop(e, { seed: '1' });
        const b = countFractionalDroop(moved, { seed: '1' });
        fc.pre(noDraw(a) && noDraw(b));
        assert.deepEqual(
          b.elected.map((c) => moved.candidates[c]!.name),
          a.elected.map((c) => e.candidates[c]!.name),
        );
      }),
      { numRuns: 150 },
    );
  });

  test('irv elects the textbook instant-runoff winner', () => {
    fc.assert(
      fc.property(election(5), (e) => {
        const winner = instantRunoff({ ...e, seats: 1 });
        fc.pre(winner !== undefined);
        assert.deepEqual(countIrv(e, { seed: '1', seats: 1 }).elected, [winner]);
      }),
      { numRuns: 300 },
    );
  });

  test('wigm with one seat elects the instant-runoff winner', () => {
    fc.assert(
      fc.property(election(5), (e) => {
        const one = { ...e, seats: 1 };
        const winner = instantRunoff(one);
        fc.pre(winner !== undefined);
        assert.deepEqual(countWigm(one, { seed: '1' }).elected, [winner]);
      }),
      { numRuns: 300 },
    );
  });

  test('fractional-droop with one seat elects the instant-runoff winner unless someone has exactly half', () => {
    // Fractional Droop elects on reaching valid/2; instant runoff needs more than half.
    fc.assert(
      fc.property(election(5), (e) => {
        const one = { ...e, seats: 1 };
        const winner = instantRunoff(one);
        const r = countFractionalDroop(one, { seed: '1' });
        fc.pre(
          winner !== undefined && r.rounds.every((x) => !x.exact?.tallies.includes(x.exact.quota!)),
        );
        assert.deepEqual(r.elected, [winner]);
      }),
      { numRuns: 300 },
    );
  });
});

/** Instant runoff written the textbook way, independently of the STV code: majority or drop the last. */
function instantRunoff(e: Election): number | undefined {
  const standing = new Set(e.candidates.map((_, i) => i));
  for (;;) {
    const votes = new Map([...standing].map((c) => [c, 0]));
    let total = 0;
    for (const b of e.ballots) {
      const top = b.ranking.map((g) => g[0]!).find((c) => standing.has(c));
      if (top === undefined) continue;
      const w = Number(b.weight.n);
      votes.set(top, votes.get(top)! + w);
      total += w;
    }
    const sorted = [...votes].sort((a, b) => b[1] - a[1]);
    if (sorted[0]![1] * 2 > total || standing.size === 1) return sorted[0]![0];
    // A tie for last place (or first, of two) needs a draw: no textbook answer.
    if (sorted.length >= 2 && sorted.at(-1)![1] === sorted.at(-2)![1]) return undefined;
    standing.delete(sorted.at(-1)![0]);
  }
}
