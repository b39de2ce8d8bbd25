import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoAccounts, generateDemo } from './demo.ts';

describe('the demo organisation', () => {
  const demo = generateDemo({ seed: 2018, today: '2026-11-29' });

  test('is the same for the same seed and date, and differs for another seed', () => {
    assert.deepEqual(generateDemo({ seed: 2018, today: '2026-11-29' }), demo);
    assert.notDeepEqual(generateDemo({ seed: 2019, today: '2026-11-29' }).members, demo.members);
  });

  test('has 3 regions of 30 branches, 2 unions and 2 societies, and at least 3,000 members', () => {
    assert.equal(demo.regions.length, 3);
    assert.equal(demo.branches.length, 30);
    assert.deepEqual(demo.affiliates.map((a) => a.kind).sort(), [
      'society',
      'society',
      'union',
      'union',
    ]);
    assert.ok(demo.members.length >= 3_000);
    for (let r = 0; r < 3; r++)
      assert.equal(demo.branches.filter((b) => b.region === r).length, 10);
  });

  test('every branch has members, and membership numbers and emails are unique', () => {
    const perBranch = new Set(demo.members.map((m) => m.branch));
    assert.equal(perBranch.size, 30);
    const numbers = new Set(demo.members.map((m) => m.membershipNumber));
    assert.equal(numbers.size, demo.members.length);
    const emails = demo.members.flatMap((m) => (m.email ? [m.email] : []));
    assert.equal(new Set(emails).size, emails.length);
  });

  test('dues status agrees with the paid-up date, and most members are paid up', () => {
    const today = '2026-11-29';
    for (const m of demo.members) {
      if (m.duesStatus === 'paid_up')
        assert.ok(m.paidUpTo > today, `${m.membershipNumber} paid up to ${m.paidUpTo}`);
      else
        assert.ok(
          m.paidUpTo <= today,
          `${m.membershipNumber} ${m.duesStatus} yet paid to ${m.paidUpTo}`,
        );
      assert.ok(m.joinedOn < today && m.joinedOn > '1980-01-01');
      assert.ok(m.paidUpTo >= m.joinedOn);
    }
    const paidUp =
      demo.members.filter((m) => m.duesStatus === 'paid_up').length / demo.members.length;
    assert.ok(paidUp > 0.75 && paidUp < 0.9, `paid up share ${paidUp}`);
  });

  test('some members have no email and must be reached by post', () => {
    const postal = demo.members.filter((m) => m.email === null).length;
    assert.ok(postal > 100 && postal < 500, `${postal} without email`);
  });

  test('the election has 3 seats by block vote and is taking nominations today', () => {
    const e = demo.election;
    assert.equal(e.seats, 3);
    assert.equal(e.method, 'block-vote');
    assert.equal(e.stage, 'nominations');
    assert.ok(e.nominationsOpenAt < '2026-11-29' && e.nominationsCloseAt > '2026-11-29');
    assert.ok(e.nominationsCloseAt < e.ballotOpenAt && e.ballotOpenAt < e.ballotCloseAt);
  });

  test('the demo accounts exist with their roles', () => {
    for (const [i, account] of demoAccounts.entries()) {
      assert.equal(demo.members[i]!.email, account.email);
      const grant = demo.grants.find((g) => g.member === i);
      assert.equal(grant?.role, account.grant);
    }
    assert.deepEqual(demo.grants.find((g) => g.role === 'branch_officer')?.branch, 0);
  });
});
