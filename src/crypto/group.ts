/**
 * A prime-order group as the Belenios specification uses it (spec 4.0 §"Groups";
 * spec 2.0 §5): everything above this interface is written once for the
 * finite-field groups and for Ed25519. Written multiplicatively, as the spec is.
 */
export interface Group<E> {
  /** The name in `election.json`: `BELENIOS-2048`, `RFC-3526-2048` or `Ed25519`. */
  readonly name: string;
  /** The prime order of g. */
  readonly q: bigint;
  readonly g: E;
  readonly one: E;
  mul(a: E, b: E): E;
  div(a: E, b: E): E;
  /** a^k for any integer k (reduced modulo q). */
  pow(a: E, k: bigint): E;
  /** g^k, with fixed-base precomputation. */
  powG(k: bigint): E;
  /**
   * Returns a function computing base^k faster for a base used many times
   * (the election public key, a trustee key).
   */
  fixedBase(base: E): (k: bigint) => E;
  /** Product of bases[i]^exps[i] (multi-exponentiation). */
  multiPow(bases: readonly E[], exps: readonly bigint[]): E;
  /**
   * The same for secret exponents, by a sequence of operations that does not
   * depend on their values: only the memory addresses read and written do, as
   * with fixed-base tables (SECURITY.md). Optional: where a group has none
   * (Ed25519, or no WebAssembly), each secret power is taken with the
   * constant-time pow (powers.ts).
   */
  secretMultiPow?(bases: readonly E[], exps: readonly bigint[]): E;
  /**
   * [base^k for k of exps], sharing work between exponents of one base (the
   * challenges of a disjunctive proof). Variable-time: public values only.
   * Optional so that other implementations of Group keep compiling; see powMany().
   */
  powMany?(base: E, exps: readonly bigint[]): E[];
  equals(a: E, b: E): boolean;
  /** Serialisation in JSON and in hashes: base 10 (finite fields), 64 hex digits (Ed25519). */
  toString(a: E): string;
  /**
   * toString of each element, sharing work between them (one inversion for
   * all, on Ed25519). Optional; see toStrings().
   */
  toStrings?(elements: readonly E[]): string[];
  /**
   * Parses and checks membership of an element received from outside: throws a
   * CryptoError naming `what` unless the string is the canonical encoding of an
   * element of the prime-order subgroup.
   */
  parse(text: string, what: string): E;
  /**
   * [1/x for x of xs], where an inversion costs far more than a
   * multiplication (the finite fields: one extended Euclid for all, by
   * Montgomery's trick). Optional; see invertMany().
   */
  invertMany?(xs: readonly E[]): E[];
  /**
   * The index of the first text parse() would refuse, or −1: the same answer
   * as parsing each, faster where the group can check membership in batches.
   * Optional; see firstNonMember().
   */
  firstNonMember?(texts: readonly string[]): number;
  /**
   * Decodes an element that parse() accepted before (the same text, verified in
   * another thread), skipping the membership check that dominates parse.
   */
  decode?(text: string): E;
  /**
   * Independent generator number i (CHVote GetGenerator, spec 2.0 table 8): no one
   * knows its discrete logarithm in base g.
   */
  generator(i: number): E;
  /** Embedding of small integers for non-homomorphic answers (spec 2.0 §4.11.2), if any. */
  readonly embedding?: Embedding<E>;
}

export interface Embedding<E> {
  readonly bitsPerInt: number;
  readonly padding: number;
  encode(values: readonly number[]): E;
  decode(element: E, count: number): number[];
}

/** group.powMany when the group has it, else one pow per exponent. */
export function powMany<E>(group: Group<E>, base: E, exps: readonly bigint[]): E[] {
  return group.powMany ? group.powMany(base, exps) : exps.map((k) => group.pow(base, k));
}

/** group.invertMany when the group has it, else one div per element. */
export function invertMany<E>(group: Group<E>, xs: readonly E[]): E[] {
  return group.invertMany ? group.invertMany(xs) : xs.map((x) => group.div(group.one, x));
}

/** group.firstNonMember when the group has it, else parse() on each text. */
export function firstNonMember<E>(group: Group<E>, texts: readonly string[]): number {
  if (group.firstNonMember) return group.firstNonMember(texts);
  return texts.findIndex((text) => {
    try {
      group.parse(text, 'element');
      return false;
    } catch {
      return true;
    }
  });
}

/** group.toStrings when the group has it, else one toString per element. */
export function toStrings<E>(group: Group<E>, elements: readonly E[]): string[] {
  return group.toStrings ? group.toStrings(elements) : elements.map((e) => group.toString(e));
}

/** Any group, for code that does not care about the element type. */

export type AnyGroup = Group<unknown>;
