/**
 * Trustee keys and the trustees structure (spec 2.0 §4.5, §4.6.7, §4.7). The
 * election key is the product of the sub-keys of every "Single" trustee and
 * every "Pedersen" group of trustees (§3.1.1).
 */
import { CryptoError } from './errors.ts';
import { readElement, readProof, writeProof } from './formats.ts';
import type { AnyGroup, Group } from './group.ts';
import {
  array,
  at,
  fail,
  field,
  integer,
  type Json,
  object,
  parseJson,
  type Reader,
  string,
} from './json.ts';
import { type Proof, pokHash, proveSchnorr, verifySchnorr } from './proofs.ts';
import { type RandomBytes, randomNonZeroBelow } from './random.ts';

export interface TrusteePublicKey<E = unknown> {
  publicKey: E;
  pok: Proof;
}

export interface SingleTrustee<E = unknown> {
  kind: 'Single';
  key: TrusteePublicKey<E>;
}

/** A k-of-n group of trustees from Pedersen key generation (§4.6). */
export interface PedersenTrustees<E = unknown> {
  kind: 'Pedersen';
  /** t + 1: how many of them must take part in decryption. */
  threshold: number;
  /** The sub-key: the product of every trustee's A_z0. */
  publicKey: E;
  /** Each trustee's share verification key g^S_j, with its proof. */
  verificationKeys: TrusteePublicKey<E>[];
  /** The signed certificates and coefficient commitments, as published. */
  raw: Json;
}

export type TrusteeKind<E = unknown> = SingleTrustee<E> | PedersenTrustees<E>;

export interface TrusteeKeyPair<E> {
  privateKey: bigint;
  publicKey: TrusteePublicKey<E>;
}

/** A fresh trustee key with its proof of knowledge (§4.5). */
export function generateTrusteeKey<E>(group: Group<E>, random: RandomBytes): TrusteeKeyPair<E> {
  const x = randomNonZeroBelow(group.q, random);
  const X = group.powG(x);
  return {
    privateKey: x,
    publicKey: { publicKey: X, pok: proveSchnorr(group, x, pokHash(group, X), random) },
  };
}

export function verifyTrusteeKey<E>(group: Group<E>, key: TrusteePublicKey<E>): boolean {
  return verifySchnorr(group, key.publicKey, key.pok, pokHash(group, key.publicKey));
}

export function writeTrusteeKey<E>(group: Group<E>, key: TrusteePublicKey<E>) {
  return { pok: writeProof(key.pok), public_key: group.toString(key.publicKey) };
}

export function readTrusteeKey<E>(
  group: Group<E>,
  value: Json | undefined,
  reader: Reader,
): TrusteePublicKey<E> {
  const o = object(value, reader);
  return {
    pok: readProof(group, field(o, 'pok', reader), at(reader, 'pok')),
    publicKey: readElement(group, field(o, 'public_key', reader), at(reader, 'public_key')),
  };
}

function readCoefexps<E>(group: Group<E>, value: Json | undefined, reader: Reader): E[] {
  const signed = object(value, reader);
  const message = string(field(signed, 'message', reader), at(reader, 'message'));
  const raw = object(parseJson(message, at(reader, 'message')), at(reader, 'message'));
  return array(field(raw, 'coefexps', reader), at(reader, 'message.coefexps')).map((e, i) =>
    readElement(group, e, at(reader, `message.coefexps[${i}]`)),
  );
}

/** Parses trustees.json; every element is checked for group membership. */
export function readTrustees<E>(group: Group<E>, json: string): TrusteeKind<E>[] {
  const reader: Reader = { check: 'trustees', path: '' };
  return array(parseJson(json, reader), reader).map((item, i) => {
    const r = at(reader, i);
    const pair = array(item, r);
    if (pair.length !== 2) fail(r, 'expected ["Single", key] or ["Pedersen", parameters]');
    if (pair[0] === 'Single')
      return { kind: 'Single', key: readTrusteeKey(group, pair[1], at(r, 1)) };
    if (pair[0] !== 'Pedersen') fail(at(r, 0), `unknown trustee kind ${String(pair[0])}`);
    const p = object(pair[1], at(r, 1));
    const coefexps = array(field(p, 'coefexps', r), at(r, 'coefexps')).map((c, j) =>
      readCoefexps(group, c, at(at(r, 'coefexps'), j)),
    );
    const verificationKeys = array(
      field(p, 'verification_keys', r),
      at(r, 'verification_keys'),
    ).map((k, j) => readTrusteeKey(group, k, at(at(r, 'verification_keys'), j)));
    const threshold = integer(field(p, 'threshold', r), at(r, 'threshold'));
    if (!(threshold >= 1 && threshold <= verificationKeys.length)) {
      fail(at(r, 'threshold'), `expected 1..${verificationKeys.length}, got ${threshold}`);
    }
    const publicKey = coefexps.reduce((acc, c) => group.mul(acc, c[0] ?? group.one), group.one);
    return { kind: 'Pedersen', threshold, publicKey, verificationKeys, raw: pair[1] ?? null };
  });
}

export function writeTrustees<E>(group: Group<E>, trustees: TrusteeKind<E>[]): string {
  return JSON.stringify(
    trustees.map((t) =>
      t.kind === 'Single' ? ['Single', writeTrusteeKey(group, t.key)] : ['Pedersen', t.raw],
    ),
  );
}

/** The election public key y: the product of the sub-keys (§3.1.1). */
export function electionPublicKey<E>(group: Group<E>, trustees: TrusteeKind<E>[]): E {
  return trustees.reduce(
    (y, t) => group.mul(y, t.kind === 'Single' ? t.key.publicKey : t.publicKey),
    group.one,
  );
}

/**
 * One entry per trustee that owns a partial decryption, numbered from 1 in
 * the order of trustees.json (a Pedersen item counts as many trustees as it
 * has verification keys): the `owner` of PartialDecryption events.
 */
export function decryptingTrustees<E>(
  trustees: TrusteeKind<E>[],
): { owner: number; item: number; index: number; key: TrusteePublicKey<E> }[] {
  const out: { owner: number; item: number; index: number; key: TrusteePublicKey<E> }[] = [];
  trustees.forEach((t, item) => {
    if (t.kind === 'Single') {
      out.push({ owner: out.length + 1, item, index: 0, key: t.key });
      return;
    }
    for (const [index, key] of t.verificationKeys.entries()) {
      out.push({ owner: out.length + 1, item, index, key });
    }
  });
  return out;
}

/** A private key file: a JSON string of the decimal key, as belenios-tool writes it. */
export function readPrivateKey(group: AnyGroup, text: string): bigint {
  const value = parseJson(text.trim(), { check: 'private key', path: '' });
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value) || BigInt(value) >= group.q) {
    throw new CryptoError('private key', 'expected a JSON string holding a number below q');
  }
  return BigInt(value);
}
