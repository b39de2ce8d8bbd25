import type { Kysely } from 'kysely';
import { castVote } from '../../db/ballots/voting.ts';
import type { Schema } from '../../db/core/schema.ts';
import { count, takeStep } from '../../db/elections/steps.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';

/**
 * For tests of the result pages: declares an election in which the roll's
 * first voters cast these ballots (each a list of indices into `nominees`).
 */
export async function declaredElection(
  db: Kysely<Schema>,
  method: string,
  seats: number,
  nominees: string[],
  ballots: number[][],
) {
  const { electionId, ballotId, candidateIds, officer } = await setUpElection(db, {
    settings: { method, seats },
    nominees,
    until: 'ballot',
  });
  const voters = await db
    .selectFrom('roll_entries')
    .select('member_id')
    .where('ballot_id', '=', ballotId)
    .orderBy('member_id')
    .limit(ballots.length)
    .execute();
  for (const [i, ballot] of ballots.entries()) {
    await castVote(db, {
      ballotId,
      memberId: voters[i]!.member_id,
      marks: ballot.map((k) => candidateIds[k]!),
      channel: 'online',
    });
  }
  await takeStep(db, electionId, 'close-ballot', officer);
  await count(db, electionId, officer);
  await takeStep(db, electionId, 'declare', officer);
  return electionId;
}
