import type { Election } from '../../crypto/election.ts';
import { mergeShuffled, nhCiphertexts } from '../../crypto/mixnet.ts';
import { type EncryptedTally, readEncryptedTally } from '../../crypto/tally.ts';
import { readTrustees } from '../../crypto/trustees.ts';
import type { Db } from './verifiable-election.ts';
import { verifiableSetup } from './verifiable-setup.ts';

/** Whether the election's question is ranked, and so shuffled before it is decrypted (§3.4). */
export const ranked = (election: Election) =>
  election.questions.some((q) => q.type === 'non-homomorphic');

/**
 * Where the tally stands after the close: the encrypted tally, the shuffles and
 * partial decryptions recorded, the next shuffle's input and what the trustees
 * decrypt. Undefined while the ballot is open.
 */
export async function tallyState(db: Db, electionId: number) {
  const setup = await verifiableSetup(db, electionId);
  if (!setup?.encrypted_tally) return undefined;
  const { election } = setup;
  const group = election.group;
  const tally = readEncryptedTally(group, setup.encrypted_tally);
  const trustees = readTrustees(group, setup.trustees_json);
  const steps = await db
    .selectFrom('trustee_steps')
    .select(['kind', 'position', 'payload'])
    .where('election_id', '=', electionId)
    // In the order recorded: each shuffle's input is the one before's output.
    .orderBy('seq')
    .execute();
  const shuffles = steps.filter((s) => s.kind === 'shuffle');
  const decryptions = steps.filter((s) => s.kind === 'partial_decryption');
  // How many must shuffle and decrypt: every Single trustee, and k of a Pedersen group.
  const needed = trustees.reduce((n, t) => n + (t.kind === 'Single' ? 1 : t.threshold), 0);
  // The next input is the last shuffle's output (§3.4). Each shuffle was checked,
  // proofs and all, when it was recorded; only its ciphertexts are read again here.
  const last = shuffles.at(-1);
  const input = !ranked(election)
    ? []
    : last
      ? readEncryptedTally(
          group,
          JSON.stringify((JSON.parse(last.payload) as { ciphertexts: unknown }).ciphertexts),
          'shuffle',
        )
      : nhCiphertexts(election, tally);
  const shufflesDone = !ranked(election) || shuffles.length >= needed;
  const decryptable: EncryptedTally = ranked(election)
    ? mergeShuffled(election, tally, input)
    : tally;
  return {
    setup,
    election,
    tally,
    trustees,
    needed,
    threshold: trustees.some((t) => t.kind === 'Pedersen'),
    shuffles,
    decryptions,
    input,
    shufflesDone,
    decryptable,
  };
}

export type TallyState = NonNullable<Awaited<ReturnType<typeof tallyState>>>;
