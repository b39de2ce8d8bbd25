/**
 * Reading and writing the common structures of spec 2.0 §4.3 (proofs and
 * ciphertexts) in the field order of the specification.
 */
import type { Group } from './group.ts';
import { array, at, field, type Json, object, type Reader, scalar, string } from './json.ts';
import type { Ciphertext, Proof } from './proofs.ts';

export function readElement<E>(group: Group<E>, value: Json | undefined, reader: Reader): E {
  const text = string(value, reader);
  if (reader.verified && group.decode) return group.decode(text);
  return group.parse(text, `${reader.check}: ${reader.path}`);
}

export function readProof<E>(group: Group<E>, value: Json | undefined, reader: Reader): Proof {
  const o = object(value, reader);
  return {
    challenge: scalar(field(o, 'challenge', reader), group.q, at(reader, 'challenge')),
    response: scalar(field(o, 'response', reader), group.q, at(reader, 'response')),
  };
}

export function readProofs<E>(group: Group<E>, value: Json | undefined, reader: Reader): Proof[] {
  return array(value, reader).map((p, i) => readProof(group, p, at(reader, i)));
}

export function readCiphertext<E>(
  group: Group<E>,
  value: Json | undefined,
  reader: Reader,
): Ciphertext<E> {
  const o = object(value, reader);
  return {
    alpha: readElement(group, field(o, 'alpha', reader), at(reader, 'alpha')),
    beta: readElement(group, field(o, 'beta', reader), at(reader, 'beta')),
  };
}

export function writeProof(p: Proof): { challenge: string; response: string } {
  return { challenge: p.challenge.toString(), response: p.response.toString() };
}

export function writeCiphertext<E>(
  group: Group<E>,
  c: Ciphertext<E>,
): { alpha: string; beta: string } {
  return { alpha: group.toString(c.alpha), beta: group.toString(c.beta) };
}
