/**
 * Long products of secret powers: evaluated by the finite-field groups'
 * secretMultiPow (buckets in WebAssembly) on one thread, and cut into one
 * piece per thread by VerifyPool.powers, with the values of the public
 * multi-exponentiation and of single powers; Ed25519, which has no
 * secretMultiPow, as before.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Group } from './group.ts';
import { groupByName } from './groups.ts';
import { evaluate, type PowerBatch, SECRET_POWERS } from './powers.ts';
import { seededRandom } from './random.ts';
import { VerifyPool } from './verify-pool.ts';

/** A scalar below q from the seeded stream. */
function scalars(group: Group<unknown>, count: number, seed: string): bigint[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const bytes = random(40);
    let x = 0n;
    for (const b of bytes) x = (x << 8n) | BigInt(b);
    return x % group.q;
  });
}

describe('long products of secret powers', () => {
  const pool = new VerifyPool(2);
  after(() => pool.close());

  for (const name of ['RFC-3526-2048', 'BELENIOS-2048', 'Ed25519']) {
    const group = groupByName(name) as Group<unknown>;
    const count = name === 'Ed25519' ? 80 : 600;
    const bases = scalars(group, count, `${name} bases`).map((k) => group.powG(k));
    const exps = scalars(group, count, `${name} exponents`);
    // A long secret product, the same public, and a short secret one.
    const batch: PowerBatch<unknown> = {
      products: [
        { bases, exps, secret: true },
        { bases, exps },
        { bases: bases.slice(0, SECRET_POWERS), exps: exps.slice(0, SECRET_POWERS), secret: true },
      ],
    };

    test(`${name}: evaluate gives the public multi-exponentiation's values`, () => {
      assert.equal(group.secretMultiPow === undefined, name === 'Ed25519');
      const values = evaluate(group, batch);
      const want = group.multiPow(bases, exps);
      assert.ok(group.equals(values[0], want));
      assert.ok(group.equals(values[1], want));
      // The product of single powers, for a check independent of the buckets.
      const single = bases.reduce(
        (acc: unknown, b, i) => group.mul(acc, group.pow(b, exps[i]!)),
        group.one,
      );
      assert.ok(group.equals(want, single));
      assert.ok(
        group.equals(values[2], group.multiPow(batch.products[2]!.bases, batch.products[2]!.exps)),
      );
    });

    test(`${name}: VerifyPool.powers on two threads gives evaluate's values`, async () => {
      const values = await pool.powers(group, batch);
      const want = evaluate(group, batch);
      assert.equal(values.length, want.length);
      for (const [i, v] of values.entries()) assert.ok(group.equals(v, want[i]), `product ${i}`);
    });
  }
});
