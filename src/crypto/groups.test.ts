import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed25519Backend, ed25519Group } from './ed25519-group.ts';
import { CryptoError } from './errors.ts';
import { BELENIOS_2048, RFC_3526_2048 } from './ff-parameters.ts';
import { firstNonMember, invertMany, powMany } from './group.ts';
import { groupByName } from './groups.ts';
import { modPow } from './modular.ts';
import { randomBelow, seededRandom } from './random.ts';

describe('finite-field parameters of spec 2.0 §5', () => {
  for (const [name, p] of Object.entries({ BELENIOS_2048, RFC_3526_2048 })) {
    test(`${name}: q divides p - 1 and g has order q`, () => {
      assert.equal((p.p - 1n) % p.q, 0n);
      assert.equal(modPow(p.g, p.q, p.p), 1n);
      assert.notEqual(p.g, 1n);
    });
  }
});

for (const name of ['BELENIOS-2048', 'RFC-3526-2048', 'Ed25519']) {
  describe(`the ${name} group`, () => {
    const group = groupByName(name);
    const random = seededRandom(name);

    test('obeys the exponent laws, with fixed-base and multi-exponentiation agreeing', () => {
      const a = randomBelow(group.q, random);
      const b = randomBelow(group.q, random);
      const ga = group.powG(a);
      assert.ok(group.equals(group.mul(ga, group.powG(b)), group.powG(a + b)));
      assert.ok(group.equals(group.pow(ga, b), group.powG(a * b)));
      assert.ok(group.equals(group.div(ga, ga), group.one));
      assert.ok(group.equals(group.fixedBase(ga)(b), group.pow(ga, b)));
      assert.ok(
        group.equals(
          group.multiPow([group.g, ga], [a, b]),
          group.mul(group.powG(a), group.pow(ga, b)),
        ),
      );
      assert.ok(group.equals(group.powG(group.q), group.one));
    });

    test('raises one base to many exponents, and many bases at once, as pow does', () => {
      const base = group.powG(randomBelow(group.q, random));
      const exps = [
        0n,
        1n,
        group.q - 1n,
        randomBelow(group.q, random),
        randomBelow(1n << 64n, random),
      ];
      const many = powMany(group, base, exps);
      for (const [i, e] of exps.entries())
        assert.ok(group.equals(many[i], group.pow(base, e)), `exponent ${i}`);
      // 40 bases take the bucket (Pippenger) path of multiPow.
      const bases = Array.from({ length: 40 }, () => group.powG(randomBelow(group.q, random)));
      const ks = bases.map((_, i) => (i === 3 ? 0n : randomBelow(group.q, random)));
      const expected = bases.reduce((acc, b, i) => group.mul(acc, group.pow(b, ks[i]!)), group.one);
      assert.ok(group.equals(group.multiPow(bases, ks), expected));
      const wrong = [...ks];
      wrong[7] = wrong[7]! + 1n;
      assert.ok(!group.equals(group.multiPow(bases, wrong), expected));
    });

    test('decodes what it parsed before to the same element', () => {
      const x = group.powG(randomBelow(group.q, random));
      const text = group.toString(x);
      assert.ok(group.decode);
      assert.ok(group.equals(group.decode(text), group.parse(text, 'x')));
      assert.equal(group.toString(group.decode(text)), text);
    });

    test('serialises and parses elements canonically', () => {
      const x = group.powG(randomBelow(group.q, random));
      const text = group.toString(x);
      assert.ok(group.equals(group.parse(text, 'x'), x));
      assert.equal(group.toString(group.parse(text, 'x')), text);
    });

    test('refuses non-canonical encodings and elements outside the group, naming the field', () => {
      const text = group.toString(group.powG(5n));
      const bad =
        name === 'Ed25519'
          ? [`${text}00`, text.toUpperCase(), 'zz'.repeat(32)]
          : ['0', `0${text}`, '-1', '1e5'];
      for (const b of bad) assert.throws(() => group.parse(b, 'ballot: alpha'), /ballot: alpha/);
      if (name === 'Ed25519') {
        // A point of order 8 (the torsion part Belenios 2.0-era checks forgot).
        const torsion = 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa'
          .match(/../g)!
          .reverse()
          .join('');
        assert.throws(() => group.parse(torsion, 'key'), CryptoError);
        // A valid element plus that torsion point: on the curve, but outside the
        // prime-order subgroup, even right after the valid element was parsed.
        group.parse(text, 'key');
        const le = (hex: string) => hex.match(/../g)!.reverse().join('');
        const dirty = le(
          ed25519.Point.fromHex(le(text))
            .add(ed25519.Point.fromHex(le(torsion)))
            .toHex(),
        );
        assert.notEqual(dirty, text);
        assert.throws(() => group.parse(dirty, 'ballot: alpha'), /prime-order subgroup/);
      } else {
        const p = name === 'BELENIOS-2048' ? BELENIOS_2048.p : RFC_3526_2048.p;
        assert.throws(() => group.parse((p - 1n).toString(), 'key'), /not an element/);
        assert.throws(() => group.parse(p.toString(), 'key'), /not an element/);
      }
    });

    test('inverts many elements at once as one by one', () => {
      const xs = Array.from({ length: 7 }, (_, i) => group.powG(BigInt(11 * i + 2)));
      const inverses = invertMany(group, xs);
      xs.forEach((x, i) => {
        assert.ok(group.equals(group.mul(x, inverses[i]!), group.one));
        assert.ok(group.equals(inverses[i]!, group.div(group.one, x)));
      });
      assert.deepEqual(invertMany(group, []), []);
    });

    test('finds the first text that is not an element, in a batch as one by one', () => {
      const texts = Array.from({ length: 150 }, (_, i) =>
        group.toString(group.powG(BigInt(7 * i + 3))),
      );
      assert.equal(firstNonMember(group, texts), -1);
      if (name !== 'Ed25519') {
        // A non-residue (p − x for a residue x, p ≡ 3 mod 4; for BELENIOS-2048 any
        // element outside the order-q subgroup) hidden among 150 members.
        const p = name === 'BELENIOS-2048' ? BELENIOS_2048.p : RFC_3526_2048.p;
        const bad = [...texts];
        bad[137] = (p - BigInt(texts[137]!)).toString();
        assert.equal(firstNonMember(group, bad), 137);
        bad[42] = `0${texts[42]}`;
        assert.equal(firstNonMember(group, bad), 42);
      } else {
        const bad = [...texts];
        bad[99] = 'not a point';
        assert.equal(firstNonMember(group, bad), 99);
      }
    });

    test('derives independent generators deterministically', () => {
      const h0 = group.generator(0);
      assert.ok(group.equals(h0, group.generator(0)));
      assert.ok(!group.equals(h0, group.generator(1)));
      assert.ok(!group.equals(h0, group.g));
      assert.ok(group.equals(group.pow(h0, group.q), group.one));
    });

    if (group.embedding) {
      test('embeds small integers and decodes them back', () => {
        const values = [1, 3, 2, 0, 255];
        assert.deepEqual(
          group.embedding!.decode(group.embedding!.encode(values), values.length),
          values,
        );
      });
    }
  });
}

test('random sampling is uniform: every residue of a small bound appears about equally', () => {
  const random = seededRandom('uniform');
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 5000; i++) counts[Number(randomBelow(5n, random))]++;
  for (const c of counts) assert.ok(c > 900 && c < 1100, `count ${c}`);
});

test('the Ed25519 group is the curve of @noble/curves, on WebAssembly under Node', () => {
  assert.equal(ed25519Group.q, 2n ** 252n + 27742317777372353535851937790883648493n);
  assert.equal(ed25519Backend, 'wasm');
});
