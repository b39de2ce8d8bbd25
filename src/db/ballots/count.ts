import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { Rational } from '../../count/arithmetic/rational.ts';
import type { Ballot, Election } from '../../count/election.ts';
import { findMethod } from '../../count/methods.ts';
import { toJson } from '../../count/output/json.ts';
import type { CountReport } from '../../count/report.ts';
import { yesNoOutcome } from '../../org/ballots/question.ts';
import { summarise, summariseYesNo } from '../../org/ballots/result-summary.ts';
import { rankingFromRanks } from '../../org/ballots/verifiable-ballot.ts';
import type { Schema } from '../core/schema.ts';
import { ballotOptions } from './ballots.ts';
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

/** What a ballot's results page and `election show` publish. */
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
  /** Votes entered in the room, where there were any. */
  inRoom?: number;
  /** A yes/no question's weighted totals and outcome. */
  yesNo?: { yes: number; no: number; abstain: number; outcome: 'carried' | 'lost' | 'tied' };
}

/**
 * The ballot as the counting engine sees it: its options in ballot-paper order
 * (for a candidates question the valid candidates, with their groups), and the
 * anonymised votes, identical ones merged and their weights added (a card vote
 * weighs what its roll entry weighed). Marks are stored as option ids and
 * become indices here.
 */
export async function ballotForCount(db: Kysely<Schema>, ballotId: number): Promise<Election> {
  const ballot = await db
    .selectFrom('ballots')
    .select(['id', 'title', 'seats', 'box', 'question'])
    .where('id', '=', ballotId)
    .executeTakeFirst();
  if (!ballot) throw new Refusal('There is no such ballot.');
  const options = await ballotOptions(db, ballot);
  const index = new Map(options.map((c, i) => [c.id, i]));
  const merged = new Map<string, { ranking: number[][]; weight: number }>();
  const votes =
    ballot.box === 'verifiable'
      ? (await verifiableRankings(db, ballotId)).map((ranking) => ({ ranking, weight: 1 }))
      : (
          await db
            .selectFrom('votes')
            .select(['marks', 'weight'])
            .where('ballot_id', '=', ballotId)
            .execute()
        ).map(({ marks, weight }) => ({
          ranking: marks.map((rank) =>
            rank.map((id) => index.get(id)).filter((i): i is number => i !== undefined),
          ),
          weight,
        }));
  for (const { ranking, weight } of votes) {
    const key = JSON.stringify(ranking);
    const seen = merged.get(key);
    if (seen) seen.weight += weight;
    else merged.set(key, { ranking, weight });
  }
  const ballots: Ballot[] = [...merged.values()]
    .sort((a, b) => (JSON.stringify(a.ranking) < JSON.stringify(b.ranking) ? -1 : 1))
    .map((b) => ({ weight: Rational.of(b.weight), ranking: b.ranking }));
  return {
    title: ballot.title,
    seats: ballot.seats,
    candidates: options.map((c) => ({ name: c.label, groups: c.groups, withdrawn: false })),
    ballots,
  };
}

/**
 * The votes of a verifiable ballot box, from its decrypted tally: each shuffled
 * ranked ballot as decrypted, or for a marking method the decrypted totals, one
 * single-mark ballot per vote (a block vote depends on nothing else). Options
 * are in the ballot paper's order, which is the engine's order too.
 */
async function verifiableRankings(db: Kysely<Schema>, ballotId: number): Promise<number[][][]> {
  const decrypted = await decryptedResult(db, ballotId);
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

/** The engine's full report for a ballot, recounted from its votes with the given seed. */
export async function countReport(
  db: Kysely<Schema>,
  ballotId: number,
  seed: string,
): Promise<CountReport> {
  const settings = await db
    .selectFrom('ballots')
    .select(['method', 'seats', 'minimums', 'question'])
    .where('id', '=', ballotId)
    .executeTakeFirstOrThrow();
  const method = findMethod(settings.method);
  if (!method)
    throw new Refusal(`The counting method “${settings.method}” is not one grassroots knows.`);
  const ballot = await ballotForCount(db, ballotId);
  if (ballot.candidates.length < settings.seats) {
    throw new Refusal(
      settings.question === 'candidates'
        ? `There are ${ballot.candidates.length} valid candidates for ${settings.seats} seats.`
        : `There are ${ballot.candidates.length} options for ${settings.seats} places.`,
    );
  }
  return method.count(ballot, {
    seats: settings.seats,
    seed,
    ...(settings.minimums.length > 0 ? { minimums: settings.minimums } : {}),
  });
}

/** Counts with the ballot's method, seats and minimums, and adds the figures a results page publishes. */
export async function countBallot(
  db: Kysely<Schema>,
  ballotId: number,
  seed: string,
): Promise<ElectionResult> {
  const report = await countReport(db, ballotId, seed);
  const { roll_size, question } = await db
    .selectFrom('ballots')
    .select(['roll_size', 'question'])
    .where('id', '=', ballotId)
    .executeTakeFirstOrThrow();
  const channels = await db
    .selectFrom('votes')
    .select(['channel', (e) => e.fn.countAll<number>().as('n')])
    .where('ballot_id', '=', ballotId)
    .groupBy('channel')
    .execute();
  const verifiable = await decryptedResult(db, ballotId);
  const by = (channel: string) =>
    verifiable
      ? channel === 'online'
        ? verifiable.tallied
        : 0
      : Number(channels.find((c) => c.channel === channel)?.n ?? 0);
  const inRoom = by('in_room');
  const returned = by('online') + by('postal') + inRoom;
  const issued = roll_size ?? 0;
  // Papers the count set aside (blank or over-marked): postal ballots can be.
  const spoilt = Number.parseFloat(report.invalid) || 0;
  const count = toJson(report) as CountJson;
  let summary = summarise(report);
  let yesNo: ElectionResult['yesNo'];
  if (question === 'yes_no') {
    const total = (i: number) => Number.parseFloat(report.rounds.at(-1)?.tallies[i] ?? '0');
    const totals = { yes: total(0), no: total(1), abstain: total(2) };
    yesNo = { ...totals, outcome: yesNoOutcome(totals) };
    summary = summariseYesNo(totals, yesNo.outcome);
  }
  return {
    count,
    issued,
    returned,
    online: by('online'),
    postal: by('postal'),
    ...(inRoom > 0 ? { inRoom } : {}),
    spoilt,
    turnout: issued === 0 ? '0.0%' : `${((100 * returned) / issued).toFixed(1)}%`,
    summary,
    ...(yesNo ? { yesNo } : {}),
  };
}
