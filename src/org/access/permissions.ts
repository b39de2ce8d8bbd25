/**
 * Who may do what: the one place that decides every permission.
 *
 * Roles are data (the role_grants table). Every signed-in member has the member
 * role; the others are granted, and some are scoped: a branch officer to one
 * branch, an affiliate officer to one affiliated organisation, a returning
 * officer, scrutineer or trustee to one election. A representative (e.g. an
 * MP) is a member flagged as such on the roll. Separation of
 * duties is deliberate: an administrator creates an election and appoints its
 * returning officer but cannot run its count unless appointed to it.
 */

export type Role =
  | { role: 'member' }
  | { role: 'branch_officer'; branchId: number }
  | { role: 'affiliate_officer'; affiliateId: number }
  | { role: 'representative' }
  | { role: 'organiser' }
  | { role: 'returning_officer'; electionId: number }
  | { role: 'scrutineer'; electionId: number }
  | { role: 'trustee'; electionId: number }
  | { role: 'administrator' };

/** A signed-in member with their grants. */
export interface Actor {
  memberId: number;
  branchId: number;
  roles: Role[];
}

/** What an action is done to, where that matters for scoped roles. */
export interface Target {
  memberId?: number;
  branchId?: number;
  affiliateId?: number;
  electionId?: number;
}

type Rule = (actor: Actor, target: Target) => boolean;

const has = (actor: Actor, name: Role['role']) => actor.roles.some((r) => r.role === name);

const anyMember: Rule = () => true;
const administrator: Rule = (actor) => has(actor, 'administrator');
const organiser: Rule = (actor) => has(actor, 'organiser');
const self: Rule = (actor, target) => target.memberId === actor.memberId;
const officerOfBranch: Rule = (actor, target) =>
  target.branchId !== undefined &&
  actor.roles.some((r) => r.role === 'branch_officer' && r.branchId === target.branchId);
const officerOfAffiliate: Rule = (actor, target) =>
  target.affiliateId !== undefined &&
  actor.roles.some((r) => r.role === 'affiliate_officer' && r.affiliateId === target.affiliateId);
const representative: Rule = (actor) => has(actor, 'representative');
const returningOfficer: Rule = (actor, target) =>
  target.electionId !== undefined &&
  actor.roles.some((r) => r.role === 'returning_officer' && r.electionId === target.electionId);
const scrutineer: Rule = (actor, target) =>
  target.electionId !== undefined &&
  actor.roles.some((r) => r.role === 'scrutineer' && r.electionId === target.electionId);
const trustee: Rule = (actor, target) =>
  target.electionId !== undefined &&
  actor.roles.some((r) => r.role === 'trustee' && r.electionId === target.electionId);

/**
 * Every action in grassroots and who may take it. An action not listed here
 * cannot be checked, so a new feature must name its action here first.
 */
export const policy = {
  /** See one's own membership record and home page. */
  'membership.view-own': [anyMember],
  /** See another member's record (target: memberId and their branchId). */
  'member.view': [self, officerOfBranch, administrator],
  /** List the members of a branch (target: branchId). */
  'branch.view-roll': [officerOfBranch, organiser, administrator],
  /** Record the branch's nominations (target: branchId). */
  'branch.nominate': [officerOfBranch],
  /** Record the affiliated organisation's nominations (target: affiliateId). */
  'affiliate.nominate': [officerOfAffiliate],
  /** Nominate a candidate as an elected representative (one's own nomination). */
  'representative.nominate': [representative],
  /** Add, edit, import and export members, branches and affiliates. */
  'roll.manage': [administrator],
  /** Grant and revoke roles. */
  'roles.grant': [administrator],
  /** Create an election and appoint its returning officer and scrutineer. */
  'election.create': [administrator],
  /** Change an election's settings before the ballot (target: electionId). */
  'election.edit': [administrator, returningOfficer],
  /** Read an election's public page (target: electionId). */
  'election.view': [anyMember],
  /** Publish a slate: candidates a group of members endorses (target: electionId). */
  'slate.publish': [anyMember],
  /** Freeze the roll, close nominations, open and close the ballot, declare (target: electionId). */
  'election.run': [returningOfficer],
  /** Enter postal ballots and run the count (target: electionId). */
  'election.count': [returningOfficer, scrutineer],
  /** Read and export the election's audit log (target: electionId). */
  'election.audit': [returningOfficer, scrutineer],
  /**
   * Hold a share of a verifiable election's decryption key: generate it, shuffle
   * and partially decrypt (target: electionId). No one else can, not even an administrator.
   */
  'election.trustee': [trustee],
  /** Run campaigns, events and volunteer shifts. */
  'organising.manage': [organiser, administrator],
  /** Read the mail outbox of the embedded setup. */
  'outbox.read': [administrator],
} satisfies Record<string, Rule[]>;

export type Action = keyof typeof policy;

export const actions = Object.keys(policy) as Action[];

/** May this actor take this action on this target? */
export function can(actor: Actor | undefined, action: Action, target: Target = {}): boolean {
  if (!actor) return false;
  const rules: Rule[] = policy[action];
  return rules.some((rule) => rule(actor, target));
}
