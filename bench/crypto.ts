/**
 * `npm run bench:crypto`: a whole verifiable election (issue 6, "Speed") for
 * VOTERS voters, by grassroots and by belenios-tool in the same run, stage by
 * stage: an STV election with mixnet (10 candidates, 3 seats, 3 trustees, 2
 * shuffles) and an approval election (choose up to 3 of 10), in RFC-3526-2048
 * and in Ed25519 (grassroots only: belenios-tool 2.0 has no Ed25519).
 * The (cpu) column is the CPU time of the grassroots process on all its
 * threads: up to twice the elapsed time on 2 cores when the threads are busy.
 * Ends with one `bench kind=… group=…` line per election kind and group.
 *
 *   npm run bench:crypto [-- VOTERS] [--kinds stv,approval] [--groups RFC-3526-2048,Ed25519] [--no-belenios]
 *
 * A benchmark, never a test. A 1,000-voter run takes belenios-tool ~8 minutes
 * for the STV election alone; use e.g. 50 voters for a quick look.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupByName } from '../src/crypto/groups.ts';
import { randomIndex, systemRandom } from '../src/crypto/random.ts';
import { randomPermutation } from '../src/crypto/shuffle-proof.ts';
import { beleniosElection } from './crypto-belenios.ts';
import {
  CANDIDATES,
  grassrootsElection,
  type Kind,
  STAGES,
  type Timings,
} from './crypto-grassroots.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const voters = Number(args.find((a) => /^[0-9]+$/.test(a)) ?? 1000);
const kinds = option('--kinds', 'stv,approval').split(',') as Kind[];
const groups = option('--groups', 'RFC-3526-2048,Ed25519').split(',');
const withBelenios =
  !args.includes('--no-belenios') && spawnSync('belenios-tool', ['--version']).status === 0;

/** The plaintexts, the same for both tools: a random ranking, or up to 3 approvals. */
function votes(kind: Kind): number[][][] {
  const n = CANDIDATES.length;
  return Array.from({ length: voters }, () => {
    if (kind === 'stv') {
      const ranks: number[] = new Array(n).fill(0);
      const ranked = 1 + randomIndex(n, systemRandom);
      randomPermutation(n, systemRandom)
        .slice(0, ranked)
        .forEach((c, i) => {
          ranks[c] = i + 1;
        });
      return [ranks];
    }
    const picks = new Set(
      randomPermutation(n, systemRandom).slice(0, randomIndex(4, systemRandom)),
    );
    return [CANDIDATES.map((_, i) => (picks.has(i) ? 1 : 0))];
  });
}

const total = (t: Timings) => STAGES.reduce((a, s) => a + (t[s] ?? 0), 0);
const cell = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2)).padStart(10);

console.log(
  `bench:crypto: ${voters} voters, ${availableParallelism()} threads, belenios-tool ${withBelenios ? 'on' : 'off'}`,
);
const lines: string[] = [];
for (const kind of kinds) {
  for (const name of groups) {
    const plain = votes(kind);
    const ours = await grassrootsElection(groupByName(name), kind, plain);
    console.log(`grassroots ${kind} ${name}: ${JSON.stringify(ours)}`);
    let theirs: { timings: Timings; ok: boolean } | undefined;
    if (withBelenios && name !== 'Ed25519') {
      const dir = mkdtempSync(join(tmpdir(), 'bench-crypto-'));
      try {
        theirs = await beleniosElection(dir, name, kind, plain);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(`\n${kind} in ${name}, ${voters} voters (seconds)`);
    console.log(
      `${'stage'.padEnd(20)}${'grassroots'.padStart(10)}${'(cpu)'.padStart(10)}${'belenios'.padStart(10)}`,
    );
    for (const stage of [...STAGES, 'total'] as const) {
      const g = stage === 'total' ? total(ours.timings) : ours.timings[stage];
      const c = stage === 'total' ? total(ours.cpu) : ours.cpu[stage];
      const b = theirs && (stage === 'total' ? total(theirs.timings) : theirs.timings[stage]);
      console.log(`${stage.padEnd(20)}${cell(g)}${cell(c)}${cell(b)}`);
    }
    const served = ours.timings['server verification'];
    if (served) console.log(`server verification: ${(voters / served).toFixed(1)} ballots/s`);
    console.log(
      `verified: grassroots ${ours.ok ? 'pass' : 'FAIL'}${theirs ? `, belenios-tool ${theirs.ok ? 'pass' : 'FAIL'}` : ''}`,
    );
    const g = total(ours.timings);
    const b = theirs ? total(theirs.timings) : undefined;
    lines.push(
      `bench kind=${kind} group=${name} voters=${voters} grassroots_s=${g.toFixed(2)} belenios_s=${b === undefined ? 'n/a' : b.toFixed(2)} ratio=${b === undefined ? 'n/a' : (b / g).toFixed(2)}`,
    );
  }
}
console.log('');
for (const line of lines) console.log(line);
