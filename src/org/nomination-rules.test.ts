import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeRule,
  meetsRule,
  type NominationRule,
  type NominationTally,
  ruleProblem,
} from './nomination-rules.ts';

// Leadership rule of DOMAIN.md, after the representatives' hurdle.
const leadership: NominationRule = {
  any: [{ branchShare: 0.05 }, { affiliates: 3, unions: 2, membershipShare: 0.05 }],
};

const tally = (over: Partial<NominationTally>): NominationTally => ({
  branches: 0,
  affiliates: [],
  totalBranches: 650,
  totalAffiliatedMembership: 2_000_000,
  ...over,
});

describe('nomination thresholds', () => {
  test('5 branches: 5 is enough, 4 is not', () => {
    assert.equal(meetsRule({ branches: 5 }, tally({ branches: 5 })), true);
    assert.equal(meetsRule({ branches: 5 }, tally({ branches: 4 })), false);
  });

  test('5% of 650 branches is 33 (32.5 rounded up)', () => {
    assert.equal(meetsRule({ branchShare: 0.05 }, tally({ branches: 33 })), true);
    assert.equal(meetsRule({ branchShare: 0.05 }, tally({ branches: 32 })), false);
  });

  test('the leadership rule: branches alone suffice', () => {
    assert.equal(meetsRule(leadership, tally({ branches: 33 })), true);
  });

  test('the leadership rule: 3 affiliates, 2 of them unions, with 5% of affiliated membership', () => {
    const unions = [
      { kind: 'union' as const, affiliatedMembership: 60_000 },
      { kind: 'union' as const, affiliatedMembership: 30_000 },
    ];
    const society = { kind: 'society' as const, affiliatedMembership: 10_000 };
    // 100,000 of 2,000,000 is exactly 5%.
    assert.equal(meetsRule(leadership, tally({ affiliates: [...unions, society] })), true);
    // Only one union: not enough, whatever the membership.
    assert.equal(
      meetsRule(
        leadership,
        tally({ affiliates: [unions[0]!, society, { ...society, affiliatedMembership: 900_000 }] }),
      ),
      false,
    );
    // Three affiliates but 99,999 members: short of 5%.
    assert.equal(
      meetsRule(
        leadership,
        tally({ affiliates: [...unions, { ...society, affiliatedMembership: 9_999 }] }),
      ),
      false,
    );
  });

  test('reads as a sentence', () => {
    assert.equal(describeRule({ branches: 5 }), 'nominations from at least 5 branches');
    assert.equal(
      describeRule(leadership),
      'nominations from at least 5% of branches, or nominations from at least 3 affiliated organisations, at least 2 of them trade unions, together making up 5% of affiliated membership',
    );
  });

  test('a malformed rule is refused with the reason', () => {
    assert.equal(ruleProblem(leadership), undefined);
    assert.match(ruleProblem({ branches: -1 })!, /branches must be a whole number/);
    assert.match(ruleProblem({ any: [] })!, /non-empty list/);
    assert.match(ruleProblem({ clps: 5 })!, /unknown keys \(clps\)/);
    assert.match(ruleProblem({ any: [{ branchShare: 5 }] })!, /part 1.*share from 0 to 1/);
  });
});
