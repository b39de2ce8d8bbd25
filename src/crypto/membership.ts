/**
 * Views of a group for verifying on several threads. Checking that a received
 * element lies in the group (spec 4.0 §"Groups"; a Jacobi symbol for the
 * finite fields, [q]P = 0 for Ed25519) is most of the cost of reading a
 * shuffle or a partial decryption, so verifyArchiveInParallel reads the
 * archive once with `recording`, has the worker threads check the texts it
 * recorded, and gives verifyArchive the ones that passed: `trusting` then
 * skips the check for exactly those texts, and makes every other one.
 */
import type { Group } from './group.ts';

const decoder = <E>(group: Group<E>) =>
  group.decode ? (text: string) => group.decode!(text) : (text: string) => group.parse(text, '');

/** parse() without the membership check for the texts in `members`. */
export function trusting<E>(group: Group<E>, members: ReadonlySet<string>): Group<E> {
  const decode = decoder(group);
  return Object.freeze({
    ...group,
    parse: (text: string, what: string) =>
      typeof text === 'string' && members.has(text) ? decode(text) : group.parse(text, what),
  });
}

/**
 * parse() that decodes without any check: for values this process computed
 * itself, on its worker threads (a trustee's partial decryption made there).
 */
export function unchecked<E>(group: Group<E>): Group<E> {
  return recording(group, []);
}

/**
 * parse() that decodes without any check and records the text in `texts`: for
 * a first reading whose texts are checked afterwards. Throws on malformed input
 * like any parse, though not always a CryptoError.
 */
export function recording<E>(group: Group<E>, texts: string[]): Group<E> {
  const decode = decoder(group);
  return Object.freeze({
    ...group,
    parse: (text: string) => {
      texts.push(text);
      return decode(text);
    },
  });
}
