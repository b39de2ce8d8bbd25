import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { mayVote } from '../../org/roll/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { type BallotRow, lockBallot } from './ballots.ts';

type Db = Kysely<Schema>;

/** Card votes: what a member's vote weighs, where it is not 1 (a delegation, an affiliate). */
export type RollWeights = ReadonlyMap<number, number>;

/**
 * Freezes the roll inside the caller's transaction: a snapshot of every member
 * eligible at the ballot's dates (src/org/roll/eligibility.ts), each on the
 * online list if they have an email and the ballot is online, else on the
 * postal list; each with a weight, 1 unless `weights` says otherwise. Its size
 * is published. A verifiable box counts one vote a credential, so its roll
 * takes no weights.
 */
export async function freezeRollIn(
  trx: Db,
  ballot: BallotRow,
  weights: RollWeights = new Map(),
): Promise<{ size: number; postal: number }> {
  if (ballot.roll_frozen_at) throw new Refusal('The roll is already frozen.');
  if (!ballot.online && !ballot.postal && !ballot.in_room)
    throw new Refusal(
      `The ${ballot.election_id === null ? 'ballot' : 'election'} has neither online nor postal voting.`,
    );
  for (const [memberId, weight] of weights) {
    if (!Number.isSafeInteger(weight) || weight < 1)
      throw new Refusal(
        `A vote weighs a whole number of at least 1, not ${weight} (member ${memberId}).`,
      );
  }
  if (ballot.box === 'verifiable' && [...weights.values()].some((w) => w !== 1))
    throw new Refusal(
      'A verifiable ballot box counts one vote per credential: its roll cannot carry card votes.',
    );
  const members = await trx
    .selectFrom('members')
    .select(['id', 'email', 'joined_on', 'dues_status', 'paid_up_to'])
    .execute();
  const dates = { joinedBy: ballot.joined_by, paidUpBy: ballot.paid_up_by };
  const entries = members
    .filter(
      (m) =>
        mayVote({ joinedOn: m.joined_on, duesStatus: m.dues_status, paidUpTo: m.paid_up_to }, dates)
          .eligible,
    )
    .map((m) => ({
      ballot_id: ballot.id,
      member_id: m.id,
      channel: ballot.online && m.email ? ('online' as const) : ('postal' as const),
      weight: weights.get(m.id) ?? 1,
    }));
  const onRoll = new Set(entries.map((e) => e.member_id));
  const missing = [...weights.keys()].filter((id) => !onRoll.has(id));
  if (missing.length > 0)
    throw new Refusal(
      `Members given a weight are not eligible for this ballot: ${missing.join(', ')}.`,
    );
  for (let i = 0; i < entries.length; i += 1000) {
    await trx
      .insertInto('roll_entries')
      .values(entries.slice(i, i + 1000))
      .execute();
  }
  await trx
    .updateTable('ballots')
    .set({ roll_frozen_at: new Date(), roll_size: entries.length })
    .where('id', '=', ballot.id)
    .execute();
  return { size: entries.length, postal: entries.filter((e) => e.channel === 'postal').length };
}

/** Freezes the roll of a ballot of its own (an election's roll is frozen by the election's step). */
export async function freezeBallotRoll(
  db: Db,
  ballotId: number,
  actorId: number | null,
  options: { weights?: RollWeights } = {},
) {
  return db.transaction().execute(async (trx) => {
    const ballot = await lockBallot(trx, ballotId);
    if (ballot.election_id !== null)
      throw new Refusal('This ballot is an election’s: freeze the roll on the election’s page.');
    if (ballot.state !== 'draft') throw new Refusal('The roll is frozen before the ballot opens.');
    const frozen = await freezeRollIn(trx, ballot, options.weights);
    const weighted = [...(options.weights ?? new Map()).values()].filter((w) => w !== 1).length;
    await audit(trx, {
      ballotId,
      actorId,
      action: 'roll frozen',
      detail: { ...frozen, ...(weighted > 0 ? { weighted } : {}) },
    });
    return frozen;
  });
}
