/** The elections domain's public entry: what other domains may use. */
export { affiliateNominationRoutes } from './affiliate-nominations.tsx';
export { branchNominationRoutes } from './branch-nominations.tsx';
export { candidacyRoutes } from './candidacy.tsx';
export { electionEditRoutes } from './election-edit.tsx';
export { electionNewRoutes } from './election-new.tsx';
export { electionRoutes } from './elections.tsx';
export { manageRoutes } from './manage.tsx';
export { slateRoutes } from './slates.tsx';
