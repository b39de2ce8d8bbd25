import { sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { groupByName } from '../../crypto/groups.ts';
import { parseJson } from '../../crypto/json.ts';
import { readTrusteeKey, verifyTrusteeKey } from '../../crypto/trustees.ts';
import { beforeBallot } from '../../org/ballots/trustee-tasks.ts';
import { audit } from '../core/audit.ts';
import { checked, type Db, lockVerifiable, trusteePosition } from './verifiable-election.ts';

/**
 * The trustees of a verifiable election (issue 6): appointed at creation, each
 * makes a key pair in their browser before the ballot opens, unless they make
 * the election key together (threshold trustees, key-setup.ts).
 */

/** Appoints the trustees of a verifiable election, in order (at creation). */
export async function appointTrustees(trx: Db, electionId: number, memberIds: number[]) {
  if (memberIds.length === 0) return;
  await trx
    .insertInto('trustees')
    .values(
      memberIds.map((member_id, i) => ({ election_id: electionId, position: i + 1, member_id })),
    )
    .execute();
}

/** The trustees with their names and what each has done. */
export async function trusteesOf(db: Db, electionId: number) {
  const trustees = await db
    .selectFrom('trustees')
    .innerJoin('members', 'members.id', 'trustees.member_id')
    .select([
      'trustees.position',
      'trustees.member_id',
      'trustees.public_key',
      sql<string>`members.first_name || ' ' || members.last_name`.as('name'),
    ])
    .where('trustees.election_id', '=', electionId)
    .orderBy('trustees.position')
    .execute();
  const steps = await db
    .selectFrom('trustee_steps')
    .select(['kind', 'position'])
    .where('election_id', '=', electionId)
    .execute();
  const did = (kind: string, position: number) =>
    steps.some((s) => s.kind === kind && s.position === position);
  return trustees.map((t) => ({
    ...t,
    certified: did('certificate', t.position),
    dealt: did('polynomial', t.position),
    checkedShares: did('voutput', t.position),
    shuffled: steps.some((s) => s.kind === 'shuffle' && s.position === t.position),
    decrypted: steps.some((s) => s.kind === 'partial_decryption' && s.position === t.position),
  }));
}

/** The k of k-of-n threshold trustees, or null when each trustee makes a key of their own. */
export async function trusteeThreshold(db: Db, electionId: number) {
  const election = await db
    .selectFrom('elections')
    .select('trustee_threshold')
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  return election.trustee_threshold;
}

/**
 * A trustee's public key with its proof of knowledge (spec 2.0 §4.5), made in
 * their browser. It can be replaced until the ballot opens (a trustee who lost
 * the private key file makes a new one); after that the election key is fixed.
 */
export async function recordTrusteeKey(
  db: Db,
  electionId: number,
  memberId: number,
  keyJson: string,
) {
  return db.transaction().execute(async (trx) => {
    const election = await lockVerifiable(trx, electionId);
    if (!beforeBallot(election.stage))
      throw new Refusal('The ballot has opened: the election key can no longer change.');
    const position = await trusteePosition(trx, electionId, memberId);
    if (election.trustee_threshold !== null)
      throw new Refusal(
        'This election’s trustees make the election key together: send your certificate, polynomial and checked shares on your trustee page instead.',
      );
    const group = groupByName(election.crypto_group);
    const key = checked('public key', () =>
      readTrusteeKey(group, parseJson(keyJson, { check: 'trustee key', path: '' }), {
        check: 'trustee key',
        path: '',
      }),
    );
    if (!verifyTrusteeKey(group, key))
      throw new Refusal('The public key’s proof of knowledge does not verify.');
    await trx
      .updateTable('trustees')
      .set({ public_key: JSON.stringify(JSON.parse(keyJson)), key_recorded_at: new Date() })
      .where('election_id', '=', electionId)
      .where('position', '=', position)
      .execute();
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: 'trustee key recorded',
      detail: { trustee: position },
    });
  });
}
