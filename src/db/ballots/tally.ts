import { Refusal } from '../../core/refusal.ts';
import { readBallot } from '../../crypto/ballot.ts';
import { readShuffle, shuffleProblemOf } from '../../crypto/mixnet.ts';
import {
  combineFactors,
  computeResult,
  encryptedTally,
  lastBallots,
  type PartialDecryption,
  readPartialDecryption,
  writeEncryptedTally,
} from '../../crypto/tally.ts';
import { decryptingTrustees } from '../../crypto/trustees.ts';
import { sharedPool } from '../../crypto/verify-pool.ts';
import { audit } from '../core/audit.ts';
import { nextTask } from './trustee-tasks.ts';
import { writeArchive } from './verifiable-archive.ts';
import { checked, type Db, lockVerifiable } from './verifiable-election.ts';
import { verifiableSetup } from './verifiable-setup.ts';

/**
 * The verifiable tally (spec 2.0 §4.16–§4.19): the encrypted tally at close,
 * then each trustee's shuffle and partial decryption, checked before it is
 * kept; the last decryption needed gives the result and the archive.
 */

/**
 * At close (spec 2.0 §4.16): the encrypted tally of the last ballot of each
 * credential. The links between a member's ballots go with the revote key.
 * Runs in the returning officer's close-ballot transaction.
 */
export async function tallyAtClose(trx: Db, electionId: number) {
  const setup = await verifiableSetup(trx, electionId);
  if (!setup) throw new Refusal('This election has no verifiable ballot box.');
  const rows = await trx
    .selectFrom('verifiable_ballots')
    .select(['credential', 'ballot_json'])
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute();
  const counted = lastBallots(rows).map((r) => ({
    ballot: readBallot(setup.election, r.ballot_json),
    weight: 1n,
  }));
  const tally = encryptedTally(setup.election, counted);
  await trx
    .updateTable('verifiable_setups')
    .set({
      encrypted_tally: writeEncryptedTally(setup.election.group, tally),
      tallied: counted.length,
    })
    .where('election_id', '=', electionId)
    .execute();
  await trx
    .updateTable('verifiable_ballots')
    .set({ voter_link: null })
    .where('election_id', '=', electionId)
    .execute();
  return counted.length;
}

/** A trustee's shuffle with its proof (spec 2.0 §3.4, §4.17), checked before it is kept. */
export async function recordShuffle(db: Db, electionId: number, memberId: number, json: string) {
  return db.transaction().execute(async (trx) => {
    await lockVerifiable(trx, electionId);
    const task = await nextTask(trx, electionId, memberId);
    if (task.task !== 'shuffle')
      throw new Refusal(task.task === 'wait' ? task.reason : 'There is nothing to shuffle now.');
    const { state } = task;
    const shuffled = checked('shuffle', () => readShuffle(state.election.group, json));
    const problem = await sharedPool().runSteps(
      state.election.group,
      shuffleProblemOf(state.election, state.input, shuffled),
    );
    if (problem)
      throw new Refusal(
        `The shuffle does not verify: ${problem}${state.threshold && state.shuffles.length > 0 ? '. If another trustee shuffled while yours was being made, reload the page and shuffle again.' : ''}`,
      );
    await trx
      .insertInto('trustee_steps')
      .values({ election_id: electionId, kind: 'shuffle', position: task.position, payload: json })
      .execute();
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: 'ballots shuffled',
      detail: { trustee: task.position },
    });
  });
}

/**
 * A trustee's partial decryption with proofs (spec 2.0 §4.18), checked against
 * their public key. The last one completes the tally: the result (§4.19) and
 * the archive are written.
 */
export async function recordPartialDecryption(
  db: Db,
  electionId: number,
  memberId: number,
  json: string,
) {
  return db.transaction().execute(async (trx) => {
    await lockVerifiable(trx, electionId);
    const task = await nextTask(trx, electionId, memberId);
    if (task.task === 'done' && !task.tookPart)
      throw new Refusal(
        'Enough trustees have already decrypted the tally: your partial decryption is not needed.',
      );
    if (task.task !== 'decrypt')
      throw new Refusal(task.task === 'wait' ? task.reason : 'There is nothing to decrypt now.');
    const { state } = task;
    const { election, trustees, decryptable } = state;
    const pd = checked('partial decryption', () =>
      readPartialDecryption(election.group, json, 'partial decryption'),
    );
    const owner = decryptingTrustees(trustees)[task.position - 1]!;
    const problem = await sharedPool().partialDecryptionProblem(
      election,
      decryptable,
      owner.key.publicKey,
      pd,
    );
    if (problem) throw new Refusal(`The partial decryption does not verify: ${problem}`);
    await trx
      .insertInto('trustee_steps')
      .values({
        election_id: electionId,
        kind: 'partial_decryption',
        position: task.position,
        payload: json,
      })
      .execute();
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: 'partial decryption recorded',
      detail: { trustee: task.position },
    });
    const decryptions = [...state.decryptions, { position: task.position, payload: json }].sort(
      (a, b) => a.position - b.position,
    );
    const owned = new Map<number, PartialDecryption>(
      decryptions.map((d) => [
        d.position,
        readPartialDecryption(election.group, d.payload, 'partial decryption'),
      ]),
    );
    if (owned.size < state.needed) return { complete: false };
    const factors = combineFactors(election, trustees, decryptable, owned);
    const result = computeResult(election, decryptable, factors, BigInt(state.setup.tallied ?? 0));
    const resultJson = JSON.stringify({ result });
    const archive = await writeArchive(trx, state, decryptions, resultJson);
    await trx
      .updateTable('verifiable_setups')
      .set({ result_json: resultJson, archive })
      .where('election_id', '=', electionId)
      .execute();
    await audit(trx, { electionId, actorId: memberId, action: 'tally decrypted', detail: {} });
    return { complete: true };
  });
}

/** The decrypted result: per-candidate totals (marking methods) or each shuffled ranked ballot. */
export async function decryptedResult(db: Db, electionId: number) {
  const setup = await verifiableSetup(db, electionId);
  if (!setup?.result_json) return undefined;
  const result = (JSON.parse(setup.result_json) as { result: (number[] | number[][])[] })
    .result[0]!;
  return { election: setup.election, result, tallied: setup.tallied ?? 0 };
}
