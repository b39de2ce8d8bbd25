import type { Election } from '../election.ts';
import { countMarks } from '../plurality.ts';
import type { CountOptions, CountReport } from '../report.ts';

/**
 * Block vote, or multiple non-transferable vote: "vote for up to N" for N
 * seats. Each candidate marked gets one vote (the paper's weight); the N with
 * the most votes are elected. A paper marking more candidates than there are
 * seats is spoilt, as an X-ballot with too many crosses is. A ranked paper
 * counts as a mark for every candidate it ranks. This is how the NEC
 * by-election of DOMAIN.md was counted.
 */
export function countBlockVote(election: Election, options: CountOptions): CountReport {
  return countMarks(
    'block-vote',
    election,
    options,
    (ballot, seats) => {
      const marked = ballot.ranking.flat();
      return marked.length > seats ? undefined : marked;
    },
    ['Block vote: each paper votes for up to as many candidates as there are seats'],
  );
}
