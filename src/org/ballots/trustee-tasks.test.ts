import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  keySetupRefusal,
  keySetupRound,
  nextTrusteeTask,
  type TrusteeFacts,
} from './trustee-tasks.ts';

const trustees = [
  { position: 1, name: 'Ann' },
  { position: 2, name: 'Bo' },
  { position: 3, name: 'Cy' },
];
const none = () => new Set<number>();

/** Facts after the close, for trustee `position`. */
const afterClose = (
  position: number,
  tally: Partial<NonNullable<TrusteeFacts['tally']>> = {},
  threshold: number | null = null,
): TrusteeFacts => ({
  position,
  stage: 'closed',
  threshold,
  hasKey: true,
  trustees,
  tally: {
    decrypted: false,
    ranked: true,
    needed: 3,
    pedersen: threshold !== null,
    shuffled: [],
    decryptedBy: [],
    ...tally,
  },
});

describe('a trustee’s next task', () => {
  test('before the ballot opens, each trustee of their own makes a key, and may replace it', () => {
    const facts = { position: 2, stage: 'nominations', threshold: null, trustees };
    assert.deepEqual(nextTrusteeTask({ ...facts, hasKey: false }), {
      task: 'key',
      position: 2,
      hasKey: false,
    });
    assert.deepEqual(nextTrusteeTask({ ...facts, hasKey: true }), {
      task: 'key',
      position: 2,
      hasKey: true,
    });
  });

  test('threshold key setup goes round by round, each waiting for every trustee (spec 2.0 §4.6)', () => {
    const facts = (position: number, keySetup: TrusteeFacts['keySetup']): TrusteeFacts => ({
      position,
      stage: 'candidates_published',
      threshold: 2,
      hasKey: false,
      trustees,
      keySetup,
    });
    const certified = { certificate: new Set([1, 3]), polynomial: none(), voutput: none() };
    assert.equal(nextTrusteeTask(facts(2, certified)).task, 'certificate');
    assert.deepEqual(nextTrusteeTask(facts(1, certified)), {
      task: 'wait',
      position: 1,
      reason:
        'You have sent your certificate. Waiting for the other trustees to send theirs (2 of 3 sent).',
      waitingFor: ['Bo'],
    });
    const dealing = { certificate: new Set([1, 2, 3]), polynomial: new Set([2]), voutput: none() };
    assert.deepEqual(nextTrusteeTask(facts(1, dealing)), {
      task: 'polynomial',
      position: 1,
      threshold: 2,
      trustees: 3,
    });
    const all = new Set([1, 2, 3]);
    const checking = { certificate: all, polynomial: all, voutput: new Set([1]) };
    assert.equal(nextTrusteeTask(facts(3, checking)).task, 'voutput');
    const made = nextTrusteeTask(facts(3, { certificate: all, polynomial: all, voutput: all }));
    assert.equal(made.task, 'wait');
    assert.match((made as { reason: string }).reason, /any 2 of the 3 trustees can decrypt/);
  });

  test('a message of key setup is refused out of its round, or a second time', () => {
    const waitingFor = () => ['Bo'];
    assert.equal(
      keySetupRefusal('certificate', { round: 'certificate', alreadySent: false, waitingFor }),
      undefined,
    );
    assert.equal(
      keySetupRefusal('voutput', { round: 'certificate', alreadySent: false, waitingFor }),
      'It is not yet time for your checked shares: every trustee must first send their certificate. Still to do: Bo.',
    );
    assert.equal(
      keySetupRefusal('certificate', { round: 'polynomial', alreadySent: false, waitingFor }),
      'The round for certificates is over.',
    );
    assert.equal(
      keySetupRefusal('polynomial', { round: 'polynomial', alreadySent: true, waitingFor }),
      'You have already sent your polynomial; it cannot be replaced.',
    );
    assert.equal(
      keySetupRound({ certificate: all3(), polynomial: all3(), voutput: all3() }, 3),
      'complete',
    );
  });

  test('while the ballot is open, every trustee waits', () => {
    const facts = { ...afterClose(1), stage: 'ballot', tally: undefined };
    assert.deepEqual(nextTrusteeTask(facts), {
      task: 'wait',
      position: 1,
      reason: 'The ballot is still open.',
    });
  });

  test('trustees of their own shuffle in order, then every one decrypts (spec 2.0 §3.4)', () => {
    assert.deepEqual(nextTrusteeTask(afterClose(1)), { task: 'shuffle', position: 1 });
    assert.deepEqual(nextTrusteeTask(afterClose(3, { shuffled: [1] })), {
      task: 'wait',
      position: 3,
      reason: 'Trustee 2 shuffles first.',
    });
    assert.deepEqual(nextTrusteeTask(afterClose(1, { shuffled: [1] })), {
      task: 'wait',
      position: 1,
      reason: 'The other trustees are shuffling.',
    });
    assert.deepEqual(nextTrusteeTask(afterClose(2, { shuffled: [1, 2, 3] })), {
      task: 'decrypt',
      position: 2,
    });
    // A marking question is not shuffled: decryption comes first.
    assert.deepEqual(nextTrusteeTask(afterClose(3, { ranked: false })), {
      task: 'decrypt',
      position: 3,
    });
  });

  test('threshold trustees: the first k to come shuffle, any k decrypt, the rest are not needed', () => {
    const k = (position: number, tally: Partial<NonNullable<TrusteeFacts['tally']>>) =>
      nextTrusteeTask(afterClose(position, { needed: 2, ...tally }, 2));
    assert.deepEqual(k(3, {}), { task: 'shuffle', position: 3 });
    assert.deepEqual(k(3, { shuffled: [3] }), {
      task: 'wait',
      position: 3,
      reason:
        'You have shuffled. Waiting for 1 more of the other trustees to shuffle; any of them can.',
      waitingFor: ['Ann', 'Bo'],
    });
    assert.deepEqual(k(1, { shuffled: [3, 2] }), { task: 'decrypt', position: 1 });
    assert.deepEqual(k(2, { shuffled: [3, 2], decryptedBy: [2] }).task, 'wait');
    assert.deepEqual(k(1, { shuffled: [3, 2], decryptedBy: [2, 3], decrypted: true }), {
      task: 'done',
      position: 1,
      tookPart: false,
    });
    assert.deepEqual(k(2, { shuffled: [3, 2], decryptedBy: [2, 3], decrypted: true }), {
      task: 'done',
      position: 2,
      tookPart: true,
    });
  });
});

function all3() {
  return new Set([1, 2, 3]);
}
