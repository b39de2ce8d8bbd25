/**
 * The verifier's check of the mixnet (spec 2.0 §3.4 step 3, §3.5.2 step 4):
 * each Shuffle event re-encrypts and permutes the output of the one before it
 * (the encrypted tally for the first), with a valid proof, by a known trustee;
 * decryption then applies to the last shuffle's output.
 */
import type { Archive } from './archive.ts';
import type { Election } from './election.ts';
import { CryptoError } from './errors.ts';
import { writeCiphertext } from './formats.ts';
import { hashJson } from './hash.ts';
import { field, integer, object, parseJson, type Reader, string } from './json.ts';
import { mergeShuffled, nhCiphertexts, readShuffle, shuffleProblem } from './mixnet.ts';
import type { Ciphertext } from './proofs.ts';
import type { EncryptedTally } from './tally.ts';
import { decryptingTrustees, type TrusteeKind } from './trustees.ts';

const CHECK = 'shuffles';

function payload(archive: Archive, hash: string | undefined): string {
  const text = hash === undefined ? undefined : archive.data.get(hash);
  if (text === undefined) throw new CryptoError(CHECK, 'missing payload');
  return text;
}

/** What VerifyOptions.shuffleProblems is keyed by: the input ciphertexts and the shuffle's text. */
export function shuffleKey(
  election: Election,
  input: readonly (readonly Ciphertext<unknown>[])[],
  shuffle: string,
): string {
  const group = election.group;
  const cs = input.map((row) => row.map((c) => writeCiphertext(group, c)));
  return hashJson(`${JSON.stringify(cs)}|${shuffle}`);
}

/**
 * Checks every shuffle of an election's encrypted tally and returns the
 * tally as it must be decrypted (shuffled answers merged in, §3.4 step 4).
 */
export function checkShuffles(
  archive: Archive,
  election: Election,
  trustees: TrusteeKind[],
  tally: EncryptedTally,
  checked?: ReadonlyMap<string, string | undefined>,
): { value: EncryptedTally; detail: string } {
  const events = archive.events;
  const shuffles = events.filter((e) => e.type === 'Shuffle');
  const end = events.findIndex((e) => e.type === 'EndShuffles');
  const firstDecryption = events.findIndex((e) => e.type === 'PartialDecryption');
  const mixed = election.questions.some((q) => q.type === 'non-homomorphic');
  if (!mixed) {
    if (shuffles.length > 0 || end >= 0)
      throw new CryptoError(CHECK, 'shuffles in an election without non-homomorphic questions');
    return { value: tally, detail: 'none needed (homomorphic questions only)' };
  }
  const tallyAt = events.findIndex((e) => e.type === 'EncryptedTally');
  if (shuffles.some((e) => events.indexOf(e) < tallyAt))
    throw new CryptoError(CHECK, 'a Shuffle event comes before the EncryptedTally event');
  if (end >= 0 && shuffles.some((e) => events.indexOf(e) > end))
    throw new CryptoError(CHECK, 'a Shuffle event comes after EndShuffles');
  if (firstDecryption >= 0 && (end < 0 || end > firstDecryption)) {
    throw new CryptoError(
      CHECK,
      'partial decryptions were made before the shuffles ended (no EndShuffles before them)',
    );
  }
  if (end >= 0 && shuffles.length === 0)
    throw new CryptoError(CHECK, 'the shuffles ended with no shuffle: no ballot would be mixed');
  const known = new Set(decryptingTrustees(trustees).map((t) => t.owner));
  const owners = new Set<number>();
  let input = nhCiphertexts(election, tally);
  for (const [k, event] of shuffles.entries()) {
    const r: Reader = { check: CHECK, path: `shuffle ${k + 1}` };
    const owned = object(parseJson(payload(archive, event.payload), r), r);
    const owner = integer(field(owned, 'owner', r), r);
    const where = `shuffle ${k + 1} (by trustee ${owner})`;
    if (!known.has(owner)) throw new CryptoError(CHECK, `${where}: no such trustee`);
    if (owners.has(owner)) throw new CryptoError(CHECK, `${where}: that trustee already shuffled`);
    owners.add(owner);
    const text = payload(archive, string(field(owned, 'payload', r), r));
    const s = readShuffle(election.group, text);
    // Checked on worker threads already (verifyArchiveInParallel), or here.
    const key = checked && shuffleKey(election, input, text);
    const problem =
      key && checked?.has(key) ? checked.get(key) : shuffleProblem(election, input, s);
    if (problem) throw new CryptoError(CHECK, `${where}: ${problem}`);
    input = s.ciphertexts;
  }
  const sizes = input.map((cs) => cs.length).join(', ');
  return {
    value: mergeShuffled(election, tally, input),
    detail:
      shuffles.length === 0
        ? 'not yet shuffled'
        : `${shuffles.length} shuffles by trustees ${[...owners].join(', ')}, every proof valid (${sizes} ciphertexts)`,
  };
}
