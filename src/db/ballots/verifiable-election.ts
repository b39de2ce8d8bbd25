import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { CryptoError } from '../../crypto/errors.ts';
import type { Schema } from '../core/schema.ts';

/**
 * What every part of the verifiable ballot box (trustees, key setup, the box,
 * the tally) starts from: the election's row, locked, and the trustee asking.
 */

export type Db = Kysely<Schema>;

/** The election's row, locked for update; refused unless it has a verifiable ballot box. */
export async function lockVerifiable(trx: Db, electionId: number) {
  const election = await trx
    .selectFrom('elections')
    .selectAll()
    .where('id', '=', electionId)
    .forUpdate()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  if (election.ballot_box !== 'verifiable' || !election.crypto_group)
    throw new Refusal('This election uses the plain ballot box; it has no trustees.');
  return { ...election, crypto_group: election.crypto_group };
}

/** A trustee's position (1-based), or a refusal for a member who is not one. */
export async function trusteePosition(trx: Db, electionId: number, memberId: number) {
  const row = await trx
    .selectFrom('trustees')
    .select('position')
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (!row) throw new Refusal('You are not a trustee of this election.');
  return row.position;
}

/** Reads JSON a browser sent, turning a malformed upload into a refusal. */
export function checked<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CryptoError)
      throw new Refusal(`The ${what} is not valid: ${error.message}`);
    throw error;
  }
}
