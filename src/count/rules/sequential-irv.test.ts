import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { countSequentialIrv } from './sequential-irv.ts';

describe('sequential instant runoff', () => {
  test('fills each seat with a fresh count that sets the earlier winners aside (worked by hand)', () => {
    // Tennessee capital (Wikipedia, "Instant-runoff voting"), 2 seats.
    // Seat 1: Knoxville (as instant runoff). Seat 2, Knoxville set aside:
    // M 42, N 26, C 15 + 17 = 32; N is lowest, its 26 go to C: C 58, M 42: Chattanooga.
    const blt =
      '4 2\n42 1 2 3 4 0\n26 2 3 4 1 0\n15 3 4 2 1 0\n17 4 3 2 1 0\n0\n"Memphis"\n"Nashville"\n"Chattanooga"\n"Knoxville"\n';
    const r = countSequentialIrv(parseBlt(blt), { seed: '1' });
    assert.deepEqual(r.elected, [3, 2]);
    assert.equal(r.rounds.length, 5);
    assert.deepEqual(r.rounds[3]?.tallies, ['42', '26', '32', '0']);
    assert.deepEqual(r.rounds[4]?.tallies, ['42', '0', '58', '0']);
  });
});
