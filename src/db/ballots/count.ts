import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { Rational } from '../../count/arithmetic/rational.ts';
import type { Ballot, Election } from '../../count/election.ts';
import { findMethod } from '../../count/methods.ts';
import { toJson } from '../../count/output/json.ts';
import type { CountReport } from '../../count/report.ts';
import { summarise } from '../../org/ballots/result-summary.ts';
import { rankingFromRanks } from '../../org/ballots/verifiable-ballot.ts';
import type { Schema } from '../core/schema.ts';
import { decryptedResult } from './tally.ts';

/** The parts of the engine's JSON report (src/count/output/json.ts) that pages read. */
export interface CountJson {
  method: string;
  seats: number;
  valid: string;
  quota?: string;
  seed: string;
  elected: string[];
  rounds: {
    round: number;
    action: unknown;
    tallies: Record<string, string>;
    transfers?: Record<string, string>;
    exhausted: string;
    elected: string[];
    excluded: string[];
    notes: string[];
  }[];
}

/** What an election's results page and `election show` publish. */
export interface ElectionResult {
  /** The engine's report in the JSON shape of `bin/grassroots count --format json`. */
  count: CountJson;
  issued: number;
  returned: number;
  online: number;
  postal: number;
  spoilt: number;
  turnout: string;
  summary: string;
}

/**
 * The election as the counting engine sees it: valid candidates (in ballot-paper
 * order) with their groups, and the anonymised ballots, identical ones merged.
 * Marks are stored as candidate ids and become indices here.
 */
export async function electionForCount(db: Kysely<Schema>, electionId: number): Promise<Election> {
  const election = await db
    .selectFrom('elections')
    .select(['title', 'seats', 'ballot_box'])
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  const candidates = await db
    .selectFrom('candidates')
    .select(['id', 'name', 'groups'])
    .where('election_id', '=', electionId)
    .where('status', '=', 'valid')
    .orderBy('name')
    .orderBy('id')
    .execute();
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  const merged = new Map<string, { ranking: number[][]; weight: number }>();
  const rankings =
    election.ballot_box === 'verifiable'
      ? await verifiableRankings(db, electionId)
      : (
          await db
            .selectFrom('ballots')
            .select('marks')
            .where('election_id', '=', electionId)
            .execute()
        ).map(({ marks }) =>
          marks.map((rank) =>
            rank.map((id) => index.get(id)).filter((i): i is number => i !== undefined),
          ),
        );
  for (const ranking of rankings) {
    const key = JSON.stringify(ranking);
    const seen = merged.get(key);
    if (seen) seen.weight++;
    else merged.set(key, { ranking, weight: 1 });
  }
  const ballots: Ballot[] = [...merged.values()]
    .sort((a, b) => (JSON.stringify(a.ranking) < JSON.stringify(b.ranking) ? -1 : 1))
    .map((b) => ({ weight: Rational.of(b.weight), ranking: b.ranking }));
  return {
    title: election.title,
    seats: election.seats,
    candidates: candidates.map((c) => ({ name: c.name, groups: c.groups, withdrawn: false })),
    ballots,
  };
}

/**
 * The ballots of a verifiable election, from its decrypted tally: each shuffled
 * ranked ballot as decrypted, or for a marking method the decrypted totals, one
 * single-mark ballot per vote (a block vote depends on nothing else). Candidates
 * are in the ballot paper's order, which is the engine's order too.
 */
async function verifiableRankings(db: Kysely<Schema>, electionId: number): Promise<number[][][]> {
  const decrypted = await decryptedResult(db, electionId);
  if (!decrypted)
    throw new Refusal(
      'The trustees have not yet decrypted the tally: they do so on their trustee pages.',
    );
  const [question] = decrypted.election.questions;
  if (question?.type === 'homomorphic')
    return (decrypted.result as number[]).flatMap((votes, candidate) =>
      Array.from({ length: votes }, () => [[candidate]]),
    );
  return (decrypted.result as number[][]).map(rankingFromRanks);
}

/** The engine's full report for an election, recounted from its ballots with the given seed. */
export async function countReport(
  db: Kysely<Schema>,
  electionId: number,
  seed: string,
): Promise<CountReport> {
  const settings = await db
    .selectFrom('elections')
    .select(['method', 'seats', 'minimums'])
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  const method = findMethod(settings.method);
  if (!method)
    throw new Refusal(`The counting method “${settings.method}” is not one grassroots knows.`);
  const election = await electionForCount(db, electionId);
  if (election.candidates.length < settings.seats) {
    throw new Refusal(
      `There are ${election.candidates.length} valid candidates for ${settings.seats} seats.`,
    );
  }
  return method.count(election, {
    seats: settings.seats,
    seed,
    ...(settings.minimums.length > 0 ? { minimums: settings.minimums } : {}),
  });
}

/** Counts with the election's method, seats and minimums, and adds the figures a results page publishes. */
export async function countElection(
  db: Kysely<Schema>,
  electionId: number,
  seed: string,
): Promise<ElectionResult> {
  const report = await countReport(db, electionId, seed);
  const { roll_size } = await db
    .selectFrom('elections')
    .select('roll_size')
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  const channels = await db
    .selectFrom('ballots')
    .select(['channel', (e) => e.fn.countAll<number>().as('n')])
    .where('election_id', '=', electionId)
    .groupBy('channel')
    .execute();
  const verifiable = await decryptedResult(db, electionId);
  const by = (channel: string) =>
    verifiable
      ? channel === 'online'
        ? verifiable.tallied
        : 0
      : Number(channels.find((c) => c.channel === channel)?.n ?? 0);
  const returned = by('online') + by('postal');
  const issued = roll_size ?? 0;
  // Papers the count set aside (blank or over-marked): postal ballots can be.
  const spoilt = Number.parseFloat(report.invalid) || 0;
  return {
    count: toJson(report) as CountJson,
    issued,
    returned,
    online: by('online'),
    postal: by('postal'),
    spoilt,
    turnout: issued === 0 ? '0.0%' : `${((100 * returned) / issued).toFixed(1)}%`,
    summary: summarise(report),
  };
}
