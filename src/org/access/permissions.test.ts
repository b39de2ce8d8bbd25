import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Action, type Actor, actions, can, type Role, type Target } from './permissions.ts';

// Member 10 belongs to branch 1. Branch 2 and election 2 are someone else's scope.
const actorWith = (...roles: Role[]): Actor => ({
  memberId: 10,
  branchId: 1,
  roles: [{ role: 'member' }, ...roles],
});

const people: Record<string, Actor> = {
  member: actorWith(),
  'branch officer (branch 1)': actorWith({ role: 'branch_officer', branchId: 1 }),
  'affiliate officer (affiliate 1)': actorWith({ role: 'affiliate_officer', affiliateId: 1 }),
  representative: actorWith({ role: 'representative' }),
  organiser: actorWith({ role: 'organiser' }),
  'returning officer (election 1)': actorWith({ role: 'returning_officer', electionId: 1 }),
  'scrutineer (election 1)': actorWith({ role: 'scrutineer', electionId: 1 }),
  'trustee (election 1)': actorWith({ role: 'trustee', electionId: 1 }),
  administrator: actorWith({ role: 'administrator' }),
};

const targets: Record<string, Target> = {
  'own record': { memberId: 10, branchId: 1 },
  'member of own branch': { memberId: 11, branchId: 1 },
  'member of branch 2': { memberId: 12, branchId: 2 },
  'branch 1': { branchId: 1 },
  'branch 2': { branchId: 2 },
  'affiliate 1': { affiliateId: 1 },
  'affiliate 2': { affiliateId: 2 },
  'election 1': { electionId: 1 },
  'election 2': { electionId: 2 },
  none: {},
};

// The expected matrix, written out by hand: [action, target, people allowed].
// Everyone not listed must be refused.
const M = 'member';
const BO = 'branch officer (branch 1)';
const AO = 'affiliate officer (affiliate 1)';
const RE = 'representative';
const OR = 'organiser';
const RO = 'returning officer (election 1)';
const SC = 'scrutineer (election 1)';
const TR = 'trustee (election 1)';
const AD = 'administrator';
const all = [M, BO, AO, RE, OR, RO, SC, TR, AD];
const expected: [Action, string, string[]][] = [
  ['membership.view-own', 'none', all],
  ['member.view', 'own record', all],
  ['member.view', 'member of own branch', [BO, AD]],
  ['member.view', 'member of branch 2', [AD]],
  ['branch.view-roll', 'branch 1', [BO, OR, AD]],
  ['branch.view-roll', 'branch 2', [OR, AD]],
  ['branch.nominate', 'branch 1', [BO]],
  ['branch.nominate', 'branch 2', []],
  ['branch.nominate', 'affiliate 1', []],
  ['affiliate.nominate', 'affiliate 1', [AO]],
  ['affiliate.nominate', 'affiliate 2', []],
  ['affiliate.nominate', 'branch 1', []],
  ['representative.nominate', 'election 1', [RE]],
  ['representative.nominate', 'none', [RE]],
  ['roll.manage', 'none', [AD]],
  ['roles.grant', 'none', [AD]],
  ['election.create', 'none', [AD]],
  ['election.edit', 'election 1', [RO, AD]],
  ['election.edit', 'election 2', [AD]],
  ['election.view', 'election 1', all],
  ['slate.publish', 'election 1', all],
  ['election.run', 'election 1', [RO]],
  ['election.run', 'election 2', []],
  ['election.count', 'election 1', [RO, SC]],
  ['election.count', 'election 2', []],
  ['election.audit', 'election 1', [RO, SC]],
  ['election.audit', 'election 2', []],
  ['election.trustee', 'election 1', [TR]],
  ['election.trustee', 'election 2', []],
  ['organising.manage', 'none', [OR, AD]],
  ['outbox.read', 'none', [AD]],
];

describe('who may do what', () => {
  for (const [action, targetName, allowed] of expected) {
    for (const [person, actor] of Object.entries(people)) {
      const should = allowed.includes(person);
      test(`${person} ${should ? 'may' : 'may not'} ${action} on ${targetName}`, () => {
        assert.equal(can(actor, action, targets[targetName]), should);
      });
    }
  }

  test('the matrix covers every action in the policy', () => {
    const covered = new Set(expected.map(([action]) => action));
    assert.deepEqual(
      actions.filter((a) => !covered.has(a)),
      [],
    );
  });

  test('nobody who is not signed in may do anything', () => {
    for (const action of actions) assert.equal(can(undefined, action, {}), false);
  });

  test('a scoped role without a target in scope is refused, not assumed', () => {
    assert.equal(can(people[BO], 'branch.nominate', {}), false);
    assert.equal(can(people[AO], 'affiliate.nominate', {}), false);
    assert.equal(can(people[RO], 'election.run', {}), false);
  });
});

describe('a ballot of its own (a consultation) has officers of its own', () => {
  const ballotOfficer = actorWith({ role: 'returning_officer', ballotId: 7 });
  const ballotScrutineer = actorWith({ role: 'scrutineer', ballotId: 7 });
  const electionOfficer = people[RO]!;

  test('its returning officer runs it and counts it, and nothing else', () => {
    assert.equal(can(ballotOfficer, 'election.run', { ballotId: 7 }), true);
    assert.equal(can(ballotOfficer, 'election.count', { ballotId: 7 }), true);
    assert.equal(can(ballotOfficer, 'election.run', { ballotId: 8 }), false);
    assert.equal(can(ballotOfficer, 'election.run', { electionId: 7 }), false);
  });

  test('its scrutineer counts and audits it but does not run it', () => {
    assert.equal(can(ballotScrutineer, 'election.count', { ballotId: 7 }), true);
    assert.equal(can(ballotScrutineer, 'election.audit', { ballotId: 7 }), true);
    assert.equal(can(ballotScrutineer, 'election.run', { ballotId: 7 }), false);
  });

  test('an election’s returning officer gains no ballot of the same number', () => {
    assert.equal(can(electionOfficer, 'election.run', { ballotId: 1 }), false);
    assert.equal(can(electionOfficer, 'election.run', { electionId: 1, ballotId: 99 }), true);
  });
});
