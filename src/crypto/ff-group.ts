import { nativeModPow } from '#native';
import { CryptoError, ensure, excerpt } from './errors.ts';
import { BELENIOS_2048, RFC_3526_2048 } from './ff-parameters.ts';
import type { Embedding, Group } from './group.ts';
import { bytesToBigint, sha256Bytes } from './hash.ts';
import {
  fixedBaseTable,
  jacobi,
  mod,
  modInverse,
  modInverseMany,
  modMultiPow,
  modPow,
  modPowMany,
} from './modular.ts';
import { montgomeryMultiPow, multiPowWindow } from './montgomery/multipow.ts';
import { systemRandom } from './random.ts';

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Where WebAssembly is missing: from this many bases on, Pippenger's buckets in
 * bigint beat one native exponentiation per base (measured: about even at
 * 1,000 bases of 2047 bits).
 */
const NATIVE_MULTIPOW_BELOW = 768;

/**
 * The cost model that chooses between OpenSSL and the buckets in WebAssembly
 * (montgomery/multipow.ts), in µs, measured on 2,048-bit p: a native power
 * costs ~1.2 µs per exponent bit plus ~40 µs of conversions and call (2.5 ms
 * at 2047 bits, 117 µs at 64), a Montgomery product ~3.1 µs, conversions and
 * inversions included (multiPowWindow counts them). The buckets win from
 * about 40 bases, and cost ~1.05 ms per base at 1,000 bases of 2047 bits
 * (50 µs at 64 bits).
 */
const NATIVE_BIT_US = 1.2;
const NATIVE_CALL_US = 40;
const WASM_PRODUCT_US = 3.1;

/**
 * Without OpenSSL (the browser), the buckets in WebAssembly take over from the
 * same buckets in bigint, which modMultiPow uses from 32 bases on, at half the
 * cost per product; below, its interleaved windows in bigint need fewer products.
 */
const WASM_MULTIPOW_FROM = 32;

/**
 * g is raised more than any other base (every encryption, proof and
 * re-encryption): its comb gets 8-bit digits, 256 multiplications for a
 * 2047-bit exponent instead of 342 with 6-bit ones, for a 19 MB table
 * (256 rows of 255 elements) built in ~0.2 s on first use (~0.4 s where it falls
 * back to bigint). Other bases keep 6 bits.
 */
const G_WINDOW = 8;

interface FieldParameters {
  name: string;
  p: bigint;
  g: bigint;
  q: bigint;
  embedding?: { bitsPerInt: number; padding: number };
}

/**
 * Whether every x of xs is a quadratic residue modulo the prime p, tested in a
 * batch: the Legendre symbol is multiplicative, so for a random subset of xs
 * the symbol of its product is 1 when all are residues, and −1 with
 * probability 1/2 when any is not (its membership in the subset is a fair coin
 * the prover cannot foresee). 64 independent subsets leave a non-residue
 * unnoticed with probability 2^−64, the bound the proof-of-shuffle check
 * already accepts. The subsets are the 64 bits of a random mask per element,
 * taken 8 bits at a time: each element is multiplied into the bucket of its
 * byte (8 multiplications), and each bit's product is made from the 128
 * buckets that have it. About 8 multiplications per element and 64 Jacobi
 * symbols per batch, where one Jacobi symbol per element costs ~80
 * multiplications' time.
 */
function allResidues(xs: readonly bigint[], p: bigint): boolean {
  if (xs.length < 64) return xs.every((x) => jacobi(x, p) === 1);
  const masks = systemRandom(8 * xs.length);
  for (let byte = 0; byte < 8; byte++) {
    const buckets: (bigint | undefined)[] = new Array(256);
    for (const [i, x] of xs.entries()) {
      const d = masks[8 * i + byte]!;
      if (d !== 0) buckets[d] = buckets[d] === undefined ? x : (buckets[d]! * x) % p;
    }
    for (let bit = 0; bit < 8; bit++) {
      let product = 1n;
      for (let d = 1 << bit; d < 256; d++) {
        if (d & (1 << bit) && buckets[d] !== undefined) product = (product * buckets[d]!) % p;
      }
      if (jacobi(product, p) !== 1) return false;
    }
  }
  return true;
}

/**
 * A multiplicative subgroup of order q of the integers modulo the prime p
 * (spec 2.0 §5). Elements are bigints in [1, p), written in base 10.
 */
export function finiteFieldGroup(params: FieldParameters): Group<bigint> {
  const { name, p, g, q } = params;
  const cofactor = (p - 1n) / q;
  const safePrime = cofactor === 2n;
  const bits = q.toString(2).length;
  let gTable: ((k: bigint) => bigint) | undefined;
  const generators = new Map<number, bigint>();
  // Comb tables of the bases callers declared fixed (the election key, trustee keys),
  // by value, so that pow and multiPow find them again. A table costs ~q.bits/6 · 64
  // multiplications and, for a 2047-bit q, ~6 MB: a few are kept, oldest dropped first.
  const tables = new Map<bigint, (k: bigint) => bigint>();
  const TABLES_KEPT = 8;
  const tableOf = (base: bigint): ((k: bigint) => bigint) | undefined => {
    if (base !== g) return tables.get(base);
    gTable ??= fixedBaseTable(g, bits, p, G_WINDOW);
    return gTable;
  };

  // OpenSSL's exponentiation where Node has it (six times the bigint loops),
  // else those loops; callers reduce the exponent modulo q first.
  const native = nativeModPow(p);
  const power = (a: bigint, k: bigint): bigint => native?.(a, k) ?? modPow(a, k, p);

  // Products of powers in WebAssembly, where it is available (Montgomery multiplication with SIMD).
  const wasm = montgomeryMultiPow(p);
  const wasmPays = (count: number, maxBits: number): boolean => {
    if (!native) return count >= WASM_MULTIPOW_FROM;
    const buckets = WASM_PRODUCT_US * multiPowWindow(count, maxBits).products;
    return buckets < count * (NATIVE_BIT_US * maxBits + NATIVE_CALL_US);
  };

  // x^q = 1, computed as x^(q-1)·x: OpenSSL refuses to return a result of 1,
  // which x^q is for every member.
  const isMember = (x: bigint): boolean =>
    x >= 1n && x < p && (safePrime ? jacobi(x, p) === 1 : (power(x, q - 1n) * x) % p === 1n);

  const group: Group<bigint> = {
    name,
    q,
    g,
    one: 1n,
    mul: (a, b) => (a * b) % p,
    div: (a, b) => (a * modInverse(b, p)) % p,
    pow(a, k) {
      const table = tableOf(a);
      return table ? table(mod(k, q)) : power(a, mod(k, q));
    },
    powG(k) {
      gTable ??= fixedBaseTable(g, bits, p, G_WINDOW);
      return gTable(mod(k, q));
    },
    fixedBase(base) {
      let table = tableOf(base);
      if (!table) {
        table = fixedBaseTable(base, bits, p);
        if (tables.size >= TABLES_KEPT) tables.delete(tables.keys().next().value!);
        tables.set(base, table);
      }
      const t = table;
      return (k) => t(mod(k, q));
    },
    multiPow(bases, exps) {
      if (bases.length !== exps.length) throw new RangeError('multiPow: length mismatch');
      // Bases with a comb table cost one multiplication per 6 bits of exponent and no
      // squaring. The others share Pippenger's buckets in WebAssembly where the cost
      // model says that beats one native power per base (from a few dozen bases),
      // else are raised natively one by one; without WebAssembly, natively below a
      // few hundred bases, since a native multiplication costs a sixth of a bigint
      // one, and in bigint's buckets (modMultiPow) above.
      let result = 1n;
      const rest: bigint[] = [];
      const restExps: bigint[] = [];
      for (const [i, base] of bases.entries()) {
        const table = tableOf(base);
        if (table) result = (result * table(mod(exps[i]!, q))) % p;
        else {
          rest.push(base);
          restExps.push(mod(exps[i]!, q));
        }
      }
      if (rest.length === 0) return result;
      if (wasm) {
        const maxBits = restExps.reduce((m, k) => Math.max(m, k.toString(2).length), 0);
        if (wasmPays(rest.length, maxBits))
          return (result * wasm(rest, restExps, maxBits, false)) % p;
      }
      if (native && (wasm || rest.length < NATIVE_MULTIPOW_BELOW)) {
        for (const [i, base] of rest.entries()) result = (result * power(base, restExps[i]!)) % p;
        return result;
      }
      return (result * modMultiPow(rest, restExps, p)) % p;
    },
    // The same operations whatever the exponents (montgomery/module.ts), each
    // taken to q's bit length, and no comb tables, whose comb skips zero digits.
    ...(wasm && {
      secretMultiPow: (bases: readonly bigint[], exps: readonly bigint[]) =>
        wasm(
          bases,
          exps.map((k) => mod(k, q)),
          bits,
          true,
        ),
    }),
    powMany(base, exps) {
      const table = tableOf(base);
      const reduced = exps.map((e) => mod(e, q));
      if (table) return reduced.map(table);
      return native ? reduced.map((k) => power(base, k)) : modPowMany(base, reduced, p);
    },
    equals: (a, b) => a === b,
    toString: (a) => a.toString(10),
    // Montgomery's trick: one extended Euclid for all.
    invertMany: (xs) => modInverseMany(xs, p),
    firstNonMember(texts) {
      const values: bigint[] = [];
      for (const [i, text] of texts.entries()) {
        if (typeof text !== 'string' || !DECIMAL.test(text)) return i;
        const x = BigInt(text);
        if (x < 1n || x >= p) return i;
        values.push(x);
      }
      if (safePrime && allResidues(values, p)) return -1;
      return values.findIndex((x) => !isMember(x));
    },
    parse(text, what) {
      ensure(
        typeof text === 'string' && DECIMAL.test(text),
        what,
        `expected a group element in base 10, got ${excerpt(text)}`,
      );
      const x = BigInt(text);
      ensure(isMember(x), what, `${excerpt(text)} is not an element of the group ${name}`);
      return x;
    },
    decode: (text) => BigInt(text),
    generator(i) {
      // CHVote GetGenerator (spec 2.0 table 8): hash, then raise to the cofactor.
      const cached = generators.get(i);
      if (cached !== undefined) return cached;
      const h = power(bytesToBigint(sha256Bytes(`ggen|${i}`)) % p, cofactor);
      if (h === 0n || h === 1n || h === g)
        throw new CryptoError('generator', `degenerate generator ${i}`);
      generators.set(i, h);
      return h;
    },
  };
  if (params.embedding) {
    const { bitsPerInt, padding } = params.embedding;
    const embedding: Embedding<bigint> = {
      bitsPerInt,
      padding,
      // spec 2.0 §4.11.2: pack the integers, shift by the padding, then add the
      // smallest ε that lands in the group.
      encode(values) {
        let x = 0n;
        for (const v of values) {
          ensure(
            Number.isInteger(v) && v >= 0 && v < 2 ** bitsPerInt,
            'embedding.encode',
            `expected an integer in [0, ${2 ** bitsPerInt}), got ${v}`,
          );
          x = (x << BigInt(bitsPerInt)) | BigInt(v);
        }
        x <<= BigInt(padding);
        for (let e = 0n; e < 1n << BigInt(padding); e++) {
          if (isMember(x + e)) return x + e;
        }
        throw new CryptoError('embedding.encode', `no group element encodes ${values.join(',')}`);
      },
      decode(element, count) {
        let x = element >> BigInt(padding);
        const out: number[] = new Array(count);
        for (let i = count - 1; i >= 0; i--) {
          out[i] = Number(x & ((1n << BigInt(bitsPerInt)) - 1n));
          x >>= BigInt(bitsPerInt);
        }
        return out;
      },
    };
    return Object.freeze({ ...group, embedding });
  }
  return Object.freeze(group);
}

export const belenios2048: Group<bigint> = finiteFieldGroup({
  name: 'BELENIOS-2048',
  ...BELENIOS_2048,
});

export const rfc3526_2048: Group<bigint> = finiteFieldGroup({
  name: 'RFC-3526-2048',
  ...RFC_3526_2048,
  embedding: { bitsPerInt: 8, padding: 8 },
});
