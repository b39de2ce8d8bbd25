import type { Election } from '../election.ts';
import { countMarks } from '../plurality.ts';
import type { CountOptions, CountReport } from '../report.ts';

/**
 * First past the post: one vote per paper, for its first preference (the only
 * mark on an X-ballot). A paper whose first preference is shared between two
 * or more candidates is spoilt. With more than one seat this is the single
 * non-transferable vote: the candidates with the most votes fill the seats.
 */
export function countFptp(election: Election, options: CountOptions): CountReport {
  return countMarks(
    'fptp',
    election,
    options,
    (ballot) => {
      const first = ballot.ranking[0];
      return first?.length === 1 ? first : undefined;
    },
    ['First past the post: each paper counts for its first preference only'],
  );
}
