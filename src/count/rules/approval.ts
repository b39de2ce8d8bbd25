import type { Election } from '../election.ts';
import { countMarks } from '../plurality.ts';
import type { CountOptions, CountReport } from '../report.ts';

/**
 * Approval voting: a paper may mark as many candidates as the voter approves
 * of, each getting one vote (the paper's weight); the candidates with the most
 * approvals fill the seats. Rankings and equal preferences count as marks.
 */
export function countApproval(election: Election, options: CountOptions): CountReport {
  return countMarks('approval', election, options, (ballot) => ballot.ranking.flat(), [
    'Approval: each paper votes for every candidate it marks',
  ]);
}
