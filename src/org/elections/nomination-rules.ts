/**
 * Nomination thresholds as data (DOMAIN.md, "Nominations"): what puts a
 * candidate on the ballot. A rule is a small tree, stored with the election:
 *
 *   { "branches": 5 }                                   5 branches (CLPs)
 *   { "branchShare": 0.05 }                             5% of all branches
 *   { "representatives": 10 }                           10 elected representatives (MPs)
 *   { "representativeShare": 0.2 }                      20% of the elected representatives
 *   { "affiliates": 3, "unions": 2, "membershipShare": 0.05 }
 *       3 affiliates, at least 2 of them unions, together 5% of affiliated membership
 *   { "any": [rule, ...] } / { "all": [rule, ...] }     either / both
 *
 * The leadership rule "20% of MPs, then 5% of CLPs or 3 affiliates of which 2
 * unions making up 5% of affiliated membership" is
 *   { "all": [{ "representativeShare": 0.2 },
 *             { "any": [{ "branchShare": 0.05 },
 *                       { "affiliates": 3, "unions": 2, "membershipShare": 0.05 }] }] }.
 * Representatives are members flagged as such on the roll; each nominates one
 * candidate.
 */
export type NominationRule =
  | { branches: number }
  | { branchShare: number }
  | { representatives: number }
  | { representativeShare: number }
  | { affiliates: number; unions?: number; membershipShare?: number }
  | { any: NominationRule[] }
  | { all: NominationRule[] };

/** The leadership contest's rule of DOMAIN.md, offered as a choice when creating an election. */
export const leadershipRule: NominationRule = Object.freeze({
  all: [
    { representativeShare: 0.2 },
    { any: [{ branchShare: 0.05 }, { affiliates: 3, unions: 2, membershipShare: 0.05 }] },
  ],
});

/** A candidate's nominations, and what they are measured against. */
export interface NominationTally {
  branches: number;
  affiliates: { kind: 'union' | 'society'; affiliatedMembership: number }[];
  totalBranches: number;
  totalAffiliatedMembership: number;
  /** Nominations from elected representatives, and how many representatives there are. */
  representatives: number;
  totalRepresentatives: number;
}

export function meetsRule(rule: NominationRule, tally: NominationTally): boolean {
  if ('any' in rule) return rule.any.some((r) => meetsRule(r, tally));
  if ('all' in rule) return rule.all.every((r) => meetsRule(r, tally));
  if ('branches' in rule) return tally.branches >= rule.branches;
  if ('branchShare' in rule)
    return tally.branches >= Math.ceil(rule.branchShare * tally.totalBranches - 1e-9);
  if ('representatives' in rule) return tally.representatives >= rule.representatives;
  if ('representativeShare' in rule)
    return (
      tally.representatives >=
      Math.ceil(rule.representativeShare * tally.totalRepresentatives - 1e-9)
    );
  const unions = tally.affiliates.filter((a) => a.kind === 'union').length;
  const membership = tally.affiliates.reduce((n, a) => n + a.affiliatedMembership, 0);
  return (
    tally.affiliates.length >= rule.affiliates &&
    unions >= (rule.unions ?? 0) &&
    membership >= (rule.membershipShare ?? 0) * tally.totalAffiliatedMembership
  );
}

/** The rule in words, for the election page: "at least 5 branches". */
export function describeRule(rule: NominationRule): string {
  if ('any' in rule) return rule.any.map(describePart).join(', or ');
  if ('all' in rule) return rule.all.map(describePart).join(', and ');
  if ('branches' in rule)
    return `nominations from at least ${rule.branches} ${rule.branches === 1 ? 'branch' : 'branches'}`;
  if ('branchShare' in rule)
    return `nominations from at least ${percent(rule.branchShare)} of branches`;
  if ('representatives' in rule)
    return `nominations from at least ${rule.representatives} elected ${rule.representatives === 1 ? 'representative' : 'representatives'}`;
  if ('representativeShare' in rule)
    return `nominations from at least ${percent(rule.representativeShare)} of elected representatives`;
  const parts = [`nominations from at least ${rule.affiliates} affiliated organisations`];
  if (rule.unions) parts.push(`at least ${rule.unions} of them trade unions`);
  if (rule.membershipShare)
    parts.push(`together making up ${percent(rule.membershipShare)} of affiliated membership`);
  return parts.join(', ');
}

/** A part of any/all; a nested any/all is bracketed so the sentence stays unambiguous. */
const describePart = (rule: NominationRule) =>
  'any' in rule || 'all' in rule ? `(${describeRule(rule)})` : describeRule(rule);

const percent = (share: number) => `${Number((share * 100).toFixed(2))}%`;

/** Checks a rule read from a form or a file; returns what is wrong, or undefined. */
export function ruleProblem(value: unknown, where = 'the rule'): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `${where} must be an object`;
  const rule = value as Record<string, unknown>;
  const keys = Object.keys(rule);
  const count = (key: string, n: unknown) =>
    Number.isInteger(n) && (n as number) >= 0
      ? undefined
      : `${where}: ${key} must be a whole number, 0 or more`;
  const share = (key: string, n: unknown) =>
    typeof n === 'number' && n >= 0 && n <= 1
      ? undefined
      : `${where}: ${key} must be a share from 0 to 1`;
  if ('any' in rule || 'all' in rule) {
    const list = rule.any ?? rule.all;
    if (!Array.isArray(list) || list.length === 0 || keys.length !== 1)
      return `${where}: any/all takes a non-empty list`;
    for (const [i, r] of list.entries()) {
      const problem = ruleProblem(r, `${where} (part ${i + 1})`);
      if (problem) return problem;
    }
    return undefined;
  }
  if ('branches' in rule && keys.length === 1) return count('branches', rule.branches);
  if ('branchShare' in rule && keys.length === 1) return share('branchShare', rule.branchShare);
  if ('representatives' in rule && keys.length === 1)
    return count('representatives', rule.representatives);
  if ('representativeShare' in rule && keys.length === 1)
    return share('representativeShare', rule.representativeShare);
  if (
    'affiliates' in rule &&
    keys.every((k) => ['affiliates', 'unions', 'membershipShare'].includes(k))
  ) {
    return (
      count('affiliates', rule.affiliates) ??
      (rule.unions === undefined ? undefined : count('unions', rule.unions)) ??
      (rule.membershipShare === undefined
        ? undefined
        : share('membershipShare', rule.membershipShare))
    );
  }
  return `${where} has unknown keys (${keys.join(', ')}); use branches, branchShare, representatives, representativeShare, affiliates, any or all`;
}
