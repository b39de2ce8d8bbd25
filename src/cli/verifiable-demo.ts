import { parseArgs } from 'node:util';
import { Rational } from '../count/arithmetic/rational.ts';
import type { Ballot, Election as CountElection } from '../count/election.ts';
import { findMethod } from '../count/methods.ts';
import { toJson } from '../count/output/json.ts';
import { toText } from '../count/output/text.ts';
import type { CountReport } from '../count/report.ts';
import {
  approvalTemplate,
  randomApproval,
  randomRanking,
  rankedTemplate,
  runDemo,
} from '../crypto/demo.ts';
import { GROUP_NAMES, groupByName } from '../crypto/groups.ts';
import { seededRandom, systemRandom } from '../crypto/random.ts';
import { writeElectionDirectory } from './archive-io.ts';
import { type Command, UsageError } from './command.ts';
import { say } from './say.ts';

const CANDIDATES = ['Ada', 'Bea', 'Cai', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];
/** The STV rule the demonstration counts the decrypted ballots with. */
export const STV_METHOD = 'fractional-droop';

/**
 * A decrypted ranked ballot (each candidate's rank, 1 first, 0 unranked) as a
 * ballot of the counting engine: candidates grouped by rank, best first;
 * equal ranks are an equal preference, gaps are closed up.
 */
export function rankingFromRanks(ranks: readonly number[]): number[][] {
  const levels = [...new Set(ranks.filter((r) => r > 0))].sort((a, b) => a - b);
  return levels.map((level) => ranks.flatMap((r, c) => (r === level ? [c] : [])));
}

/** Counts the decrypted rankings of an election's first question with STV_METHOD. */
export function countRankings(
  candidates: readonly string[],
  rankings: readonly (readonly number[])[],
  seats: number,
  seed: string,
): CountReport {
  const ballots: Ballot[] = rankings.map((r) => ({
    weight: Rational.ONE,
    ranking: rankingFromRanks(r),
  }));
  const election: CountElection = {
    title: 'Demonstration election (verifiable, mixnet)',
    seats,
    candidates: candidates.map((name) => ({ name, groups: [], withdrawn: false })),
    ballots,
  };
  return findMethod(STV_METHOD)!.count(election, { seats, seed });
}

/**
 * `grassroots verifiable-demo --kind approval --voters N --out DIR`: a whole
 * verifiable election without the web server, written where
 * `belenios-tool election verify --dir DIR` and `grassroots verify DIR` read it.
 */
export const verifiableDemo: Command = {
  name: 'verifiable-demo',
  summary: 'run a whole verifiable (Belenios) election and write its archive',
  help: `Usage: grassroots verifiable-demo --kind approval|stv --voters N --out DIR [options]

Runs a whole election without the web server: setup, credentials, trustees,
N random ballots, then a homomorphic tally (approval) or shuffles by every
trustee in turn (stv, the mixnet), partial decryptions and result. Writes
DIR/UUID.bel (the public record), DIR/private_creds.txt and DIR/trustee-K.privkey;
for stv also DIR/count.txt and DIR/count.json, the ${STV_METHOD} count of the
decrypted ballots, which 'grassroots verify DIR' repeats.

Options:
  --kind approval     choose up to 3 of 10 candidates (homomorphic tally)
  --kind stv          rank 10 candidates (mixnet), counted by STV
  --seats S           seats to fill, stv only (default 3)
  --voters N          number of voters (1 to 100000)
  --out DIR           an empty or new directory
  --group NAME        ${GROUP_NAMES.join(', ')} (default BELENIOS-2048; stv needs RFC-3526-2048)
  --trustees N        number of trustees (default 3, or 2 for stv, where each shuffles)
  --threshold K       threshold trustees: the N trustees run Pedersen key generation
                      so that any K of them can decrypt, and a random K of them do
                      (and shuffle, for stv); writes DIR/trustee-I.key and .dkey,
                      each trustee's seed and encrypted share as belenios-tool does
  --seed S            reproducible randomness, for demonstrations only (never for a real election)
`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        voters: { type: 'string' },
        out: { type: 'string' },
        group: { type: 'string' },
        seats: { type: 'string' },
        trustees: { type: 'string' },
        threshold: { type: 'string' },
        seed: { type: 'string' },
      },
    });
    if (positionals.length > 0)
      throw new UsageError(`verifiable-demo: unexpected argument ${positionals[0]}`);
    const kind = values.kind;
    if (kind !== 'approval' && kind !== 'stv')
      throw new UsageError('verifiable-demo: --kind must be approval or stv');
    const voters = count(values.voters, '--voters', 100000);
    const trustees = count(values.trustees ?? (kind === 'stv' ? '2' : '3'), '--trustees', 20);
    const threshold =
      values.threshold === undefined ? undefined : count(values.threshold, '--threshold', 20);
    if (threshold !== undefined && threshold > trustees)
      throw new UsageError(
        `verifiable-demo: --threshold ${threshold} is more than the ${trustees} trustees`,
      );
    if (kind === 'approval' && values.seats !== undefined)
      throw new UsageError('verifiable-demo: --seats is for --kind stv');
    const seats =
      values.seats === undefined ? 3 : count(values.seats, '--seats', CANDIDATES.length);
    if (!values.out) throw new UsageError('verifiable-demo: --out DIR is required');
    let group: ReturnType<typeof groupByName>;
    const groupName = values.group ?? (kind === 'stv' ? 'RFC-3526-2048' : 'BELENIOS-2048');
    try {
      group = groupByName(groupName);
    } catch {
      throw new UsageError(`verifiable-demo: --group must be one of ${GROUP_NAMES.join(', ')}`);
    }
    // Spec 2.0 §5.2: only RFC-3526-2048 can encode ranked (non-homomorphic) answers.
    if (kind === 'stv' && !group.embedding)
      throw new UsageError(
        `verifiable-demo: --kind stv needs --group RFC-3526-2048, not ${group.name}`,
      );
    const started = Date.now();
    const demo = runDemo({
      group,
      voters,
      trustees,
      ...(threshold === undefined ? {} : { threshold }),
      template:
        kind === 'stv' ? rankedTemplate(CANDIDATES, seats) : approvalTemplate(CANDIDATES, 3),
      vote: kind === 'stv' ? randomRanking : randomApproval,
      random: values.seed === undefined ? systemRandom : seededRandom(values.seed),
      timestamp: values.seed === undefined ? Math.floor(Date.now() / 1000) : 1700000000,
    });
    const files: Record<string, string | Uint8Array> = {
      [`${demo.uuid}.bel`]: demo.archive,
      'private_creds.txt': demo.privateCredentials.map((c, i) => `${i + 1} ${c}\n`).join(''),
    };
    demo.trusteePrivateKeys.forEach((k, i) => {
      files[`trustee-${i + 1}.privkey`] = `${JSON.stringify(k.toString())}\n`;
    });
    demo.thresholdTrustees.forEach((t, i) => {
      files[`trustee-${i + 1}.key`] = `${t.seed}\n`;
      files[`trustee-${i + 1}.dkey`] = `${t.encryptedShare}\n`;
    });
    let report: CountReport | undefined;
    if (kind === 'stv') {
      // The count runs on the published result: the decrypted, shuffled ballots.
      const rankings = demo.result[0] as number[][];
      report = countRankings(CANDIDATES, rankings, seats, values.seed ?? demo.uuid);
      files['count.txt'] = toText(report);
      files['count.json'] = `${JSON.stringify(toJson(report), null, 2)}\n`;
    }
    writeElectionDirectory('verifiable-demo', values.out, files);
    say(
      `Election ${demo.uuid} (${group.name}, ${voters} voters, ${threshold === undefined ? '' : `${threshold} of `}${trustees} trustees) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (report) {
      const elected = report.elected.map((c) => CANDIDATES[c]).join(', ');
      process.stdout.write(
        `${values.out}/${demo.uuid}.bel\n${voters} ballots shuffled ${demo.decrypting.length} times and decrypted; ${STV_METHOD} elects ${elected} (${values.out}/count.txt)\n`,
      );
      return 0;
    }
    process.stdout.write(
      `${values.out}/${demo.uuid}.bel\nresult: ${JSON.stringify(demo.result)}\n`,
    );
    return 0;
  },
};

function count(text: string | undefined, option: string, max: number): number {
  if (text === undefined) throw new UsageError(`verifiable-demo: ${option} N is required`);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(
      `verifiable-demo: ${option} must be a whole number from 1 to ${max}, got ${text}`,
    );
  }
  return n;
}
