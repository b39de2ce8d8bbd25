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
// The whole leadership rule: 20% of the representatives, then the above.
const fullLeadership: NominationRule = { all: [{ representativeShare: 0.2 }, leadership] };

const tally = (over: Partial<NominationTally>): NominationTally => ({
  branches: 0,
  affiliates: [],
  totalBranches: 650,
  totalAffiliatedMembership: 2_000_000,
  representatives: 0,
  totalRepresentatives: 0,
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

  test('the whole leadership rule: 20% of 202 representatives is 41, and then branches or affiliates', () => {
    const branches = { branches: 33, totalRepresentatives: 202 };
    assert.equal(meetsRule(fullLeadership, tally({ ...branches, representatives: 41 })), true);
    assert.equal(meetsRule(fullLeadership, tally({ ...branches, representatives: 40 })), false);
    // Enough representatives but too few branches and no affiliates.
    assert.equal(
      meetsRule(
        fullLeadership,
        tally({ branches: 32, representatives: 100, totalRepresentatives: 202 }),
      ),
      false,
    );
    assert.equal(meetsRule({ representatives: 2 }, tally({ representatives: 2 })), true);
    assert.equal(meetsRule({ representatives: 2 }, tally({ representatives: 1 })), false);
  });

  test('reads as a sentence', () => {
    assert.equal(describeRule({ branches: 5 }), 'nominations from at least 5 branches');
    assert.equal(
      describeRule(leadership),
      'nominations from at least 5% of branches, or nominations from at least 3 affiliated organisations, at least 2 of them trade unions, together making up 5% of affiliated membership',
    );
    assert.equal(
      describeRule(fullLeadership),
      'nominations from at least 20% of elected representatives, and (nominations from at least 5% of branches, or nominations from at least 3 affiliated organisations, at least 2 of them trade unions, together making up 5% of affiliated membership)',
    );
  });

  test('a malformed rule is refused with the reason', () => {
    assert.equal(ruleProblem(leadership), undefined);
    assert.equal(ruleProblem(fullLeadership), undefined);
    assert.match(ruleProblem({ representativeShare: 1.5 })!, /share from 0 to 1/);
    assert.match(ruleProblem({ representatives: 2.5 })!, /whole number/);
    assert.match(ruleProblem({ branches: -1 })!, /branches must be a whole number/);
    assert.match(ruleProblem({ any: [] })!, /non-empty list/);
    assert.match(ruleProblem({ clps: 5 })!, /unknown keys \(clps\)/);
    assert.match(ruleProblem({ any: [{ branchShare: 5 }] })!, /part 1.*share from 0 to 1/);
  });
});
