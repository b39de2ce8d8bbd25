/** The roll domain's public entry: what other domains may use. */
export { affiliateName, affiliateNames } from './affiliates.ts';
export { branchNames } from './branches.ts';
export { memberIdByNumber, membershipOf, membershipStanding } from './members.ts';
